// The store: the config and the issue files. Opening it is cheap: the parsed config is
// cached under the git dir (keyed by the config file's hash and this build), and the
// careful YAML loader and the schemas (./issue-file.ts) load only for commands that read
// or write single issues — `list`, `check` and `report` read through the index.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../domain/config.js';
import type { Issue } from '../domain/issue.js';
import { matchId } from '../domain/id.js';
import { AftersalesError } from '../errors.js';
import { buildId } from './build.js';
import { locateStore, type StorePaths } from './locate.js';
import { readIfExists, sha256, withLock, writeFileAtomic } from './files.js';
import type { LoadedIssue } from './issue-file.js';
import { runEnv } from '../io.js';

export type { LoadedIssue } from './issue-file.js';

type IssueFiles = typeof import('./issue-file.js');

export interface OpenOptions {
  /** the command reads issues only through the index: skip loading the careful loader */
  light?: boolean;
}

function cachedConfig(path: string, key: string): Config | null {
  try {
    const cached = JSON.parse(readIfExists(path)?.toString('utf8') ?? 'null') as {
      key?: string;
      config?: Config;
    } | null;
    return cached?.key === key && cached.config ? cached.config : null;
  } catch {
    return null;
  }
}

export class Store {
  /** read many issues through the index (off: --no-index, AFTERSALES_NO_INDEX=1) */
  useIndex = true;

  private constructor(
    readonly paths: StorePaths,
    readonly config: Config,
    private files: IssueFiles | null,
  ) {}

  static async open(cwd: string, opts: OpenOptions = {}): Promise<Store> {
    const paths = locateStore(cwd);
    const cacheFile = join(paths.runtimeDir, 'config-cache.json');
    const key = `${buildId()}:${sha256(readFileSync(paths.configFile))}`;
    let config = cachedConfig(cacheFile, key);
    const files = config && opts.light ? null : await import('./issue-file.js');
    if (!config && files) {
      config = files.parseConfig(paths);
      try {
        writeFileAtomic(cacheFile, JSON.stringify({ key, config }));
      } catch {
        // a cache: failing to write it costs speed only
      }
    }
    return new Store(paths, config as Config, files);
  }

  get root(): string {
    return this.paths.root;
  }

  fileOf(id: string): string {
    return `issues/${id}.yaml`;
  }

  /** IDs of every issue file, sorted (IDs sort by creation time). */
  listIds(): string[] {
    try {
      return idsOf(readdirSync(this.paths.issuesDir));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** listIds, with the directory read off the main thread (while it reads something else). */
  async listIdsAsync(): Promise<string[]> {
    try {
      return idsOf(await readdir(this.paths.issuesDir));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** The full ID for what the user typed: the whole ID or any unambiguous tail. */
  resolve(input: string): string {
    const m = matchId(this.listIds(), input);
    if (m.kind === 'one') return m.id;
    if (m.kind === 'none') throw new AftersalesError('unknownId', { input });
    const shown = m.ids.slice(0, 5).join(', ') + (m.ids.length > 5 ? ', …' : '');
    throw new AftersalesError('ambiguousId', { input, count: m.ids.length, ids: shown });
  }

  readText(id: string): string | null {
    return readIfExists(join(this.root, this.fileOf(id)))?.toString('utf8') ?? null;
  }

  private issueFiles(): IssueFiles {
    if (!this.files)
      throw new Error('the store was opened light: open it without { light: true } to read single issues');
    return this.files;
  }

  /** Read one issue, refusing a file that does not parse or fails the schema. */
  read(id: string): LoadedIssue {
    return this.issueFiles().readIssue(this, id);
  }

  /** Write a new issue file; never replaces an existing one. Returns its relative path. */
  create(issue: Issue): string {
    return this.issueFiles().createIssue(this, issue);
  }

  /** Write `after` over a file read earlier, changing only what changed. */
  update(before: LoadedIssue, after: Issue): string {
    return this.issueFiles().updateIssue(this, before, after);
  }

  /** Hold the store's write lock while reading, writing and committing. */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    const wait = Number(runEnv().AFTERSALES_LOCK_WAIT_MS ?? 10_000);
    return withLock(join(this.paths.runtimeDir, 'write.lock'), fn, Number.isFinite(wait) ? wait : 10_000);
  }
}

const idsOf = (names: string[]) =>
  names
    .filter((n) => n.endsWith('.yaml') && !n.startsWith('.'))
    .map((n) => n.slice(0, -5))
    .sort();
