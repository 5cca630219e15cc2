// New issue files that arrive together or not at all (import): each is written beside the
// store first (under the git dir, on the same file system), then all are moved into issues/
// and committed. A failure, Ctrl-C or a kill before the commit is made takes every one away
// again, so an interrupted import leaves no file and no commit behind.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Issue } from '../domain/issue.js';
import { newDocument, stringify } from './yaml.js';
import { SCHEMA_HEADER } from './issue-file.js';
import type { Store } from './store.js';
import { runEnv } from '../io.js';

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** Lets the event loop run once: a signal's handler runs only then. */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export class StagedIssues {
  private readonly dir: string;
  private readonly names: string[] = [];
  private moved: string[] = [];
  private readonly onSignal = new Map<NodeJS.Signals, () => void>();
  /** git is committing: a signal then waits for its answer (the commit lands whole or not) */
  private committing = false;
  private stopWith: number | null = null;

  constructor(private readonly store: Store) {
    this.dir = join(store.paths.runtimeDir, `staged-${process.pid}-${randomBytes(4).toString('hex')}`);
    // the handlers first: a signal just after the folder appears must still clear it
    for (const [signal, code] of Object.entries(SIGNALS) as [NodeJS.Signals, number][]) {
      const stop = () => {
        if (this.committing) {
          this.stopWith = code;
          return;
        }
        this.undo();
        this.exit(code);
      };
      this.onSignal.set(signal, stop);
      process.on(signal, stop);
    }
    mkdirSync(this.dir, { recursive: true });
  }

  /** Ends the process for a signal: the store's write lock (held by this import) goes too. */
  private exit(code: number): never {
    rmSync(join(this.store.paths.runtimeDir, 'write.lock'), { force: true });
    process.exit(code);
  }

  /** Writes the issue's file aside; returns the path it will have in the store. */
  add(issue: Issue): string {
    const name = `${issue.id}.yaml`;
    // a plain write: the folder is thrown away whole if anything goes wrong
    writeFileSync(join(this.dir, name), stringify(newDocument(issue, SCHEMA_HEADER)), { flag: 'wx' });
    this.names.push(name);
    return this.store.fileOf(issue.id);
  }

  /** Moves every file into issues/ and runs `commit`; if it throws, the files go away again. */
  async land(commit: (files: string[]) => Promise<void>): Promise<void> {
    try {
      for (const name of this.names) {
        const target = join(this.store.root, 'issues', name);
        // an ID taken meanwhile would be overwritten by a rename: refuse it first
        closeSync(openSync(target, 'wx'));
        this.moved.push(target);
        renameSync(join(this.dir, name), target);
      }
      await breathe(); // a signal that came while files were written is heard now, before git starts
      this.committing = true;
      try {
        await commit(this.names.map((name) => `issues/${name}`));
      } finally {
        this.committing = false;
      }
      this.moved = []; // committed: they stay, whatever comes now
    } catch (err) {
      this.undo();
      if (this.stopWith !== null) this.exit(this.stopWith);
      throw err;
    } finally {
      this.close();
    }
    if (this.stopWith !== null) this.exit(this.stopWith);
  }

  /** Everything written so far removed: the files moved into issues/ (and from git's index,
   * where a commit under way had added them), and the staging folder. */
  undo(): void {
    if (this.moved.length) {
      const paths = this.names.map((name) => `issues/${name}`).join('\0');
      spawnSync('git', ['reset', '-q', '--pathspec-from-file=-', '--pathspec-file-nul'], {
        cwd: this.store.root,
        input: paths,
        stdio: ['pipe', 'ignore', 'ignore'],
        env: { ...runEnv(), GIT_TERMINAL_PROMPT: '0' },
      });
    }
    for (const path of this.moved) rmSync(path, { force: true });
    this.moved = [];
    this.close();
  }

  private close(): void {
    rmSync(this.dir, { recursive: true, force: true });
    for (const [signal, stop] of this.onSignal) process.removeListener(signal, stop);
    this.onSignal.clear();
  }
}
