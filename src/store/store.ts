// The store: the config and the issue files. Opening it is cheap: for the commands that read
// issues only through the index, the parsed config is the line that opens the facts file
// (keyed by the config file's hash and this build; only that line is read here), so the
// careful YAML loader and the schemas (./issue-file.ts) load only for commands that read
// or write single issues.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../domain/config.js';
import type { Issue } from '../domain/issue.js';
import { matchId } from '../domain/id.js';
import { AftersalesError } from '../errors.js';
import { buildId, indexHeader, indexPath } from './build.js';
import { locateStore, type StorePaths } from './locate.js';
import { MAX_ISSUE_CHARS, readIfExists, readStart, sha256, withLock } from './files.js';
import type { LoadedIssue } from './issue-file.js';
import { runEnv } from '../io.js';
import { envUsed } from '../domain/config-env.js';

export type { LoadedIssue } from './issue-file.js';

type IssueFiles = typeof import('./issue-file.js');

export interface OpenOptions {
  /** the command reads issues only through the index: skip loading the careful loader */
  light?: boolean;
  /** false: the index is not used (--no-index), nor is the config kept in it */
  index?: boolean;
}

const CONFIG_LINE = Buffer.from('config\t');
/** Enough of the facts file for its header and config lines (a config is a few kilobytes). */
const HEAD = 1 << 16;

interface CachedConfig {
  key?: string;
  config?: Config;
}

/** The config the facts file holds, if it was parsed under `key` (`facts`: its first bytes). */
function cachedConfig(facts: Buffer | null, key: string): Required<CachedConfig> | null {
  const start = facts ? facts.indexOf(10) + 1 : 0;
  if (!facts || start === 0 || facts.toString('utf8', 0, start) !== indexHeader()) return null;
  if (!facts.subarray(start, start + CONFIG_LINE.length).equals(CONFIG_LINE)) return null;
  const end = facts.indexOf(10, start);
  if (end < 0) return null; // longer than the head read: parsed again, and kept again
  try {
    const cached = JSON.parse(facts.toString('utf8', start + CONFIG_LINE.length, end)) as CachedConfig;
    const { config } = cached;
    return cached.key === key && config ? { key, config } : null;
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
    /** the config as the facts file keeps it: {key, config} */
    readonly configLine: string,
    private files: IssueFiles | null,
  ) {}

  static async open(cwd: string, opts: OpenOptions = {}): Promise<Store> {
    const paths = locateStore(cwd);
    const text = readFileSync(paths.configFile, 'utf8');
    // a config that reads the environment is cached per the values it read
    // Node's version too: another ICU may not know the zone, or know new rules for it
    const key = `${buildId()}:${process.version}:${sha256(text.includes('${') ? `${text}\0${envUsed(text, runEnv())}` : text)}`;
    const factsFile = indexPath(paths.runtimeDir, 'facts');
    const indexed = opts.index !== false;
    // every command may take the cached config; only the light ones write it (with the facts)
    const kept = opts.light && indexed;
    const cached = indexed ? cachedConfig(readStart(factsFile, HEAD), key) : null;
    const files = cached && opts.light ? null : await import('./issue-file.js');
    const config = cached?.config ?? (files as IssueFiles).parseConfig(paths);
    const line = JSON.stringify({ key, config });
    if (kept && !cached) {
      const { writeConfigLine } = await import('./facts-file.js');
      writeConfigLine(factsFile, readIfExists(factsFile), indexHeader(), line);
    }
    return new Store(paths, config, line, files);
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

  /** One issue to show, not to change: read as the index reads it (quickly, held equal to
   * the careful loader), or by the careful loader where that declines, which says what is wrong. */
  async view(id: string): Promise<Issue> {
    const text = this.readText(id);
    const { quickIssue } = await import('./quick-yaml.js');
    const quick = text !== null && text.length <= MAX_ISSUE_CHARS ? quickIssue(text) : null;
    if (quick?.id === id) return quick;
    return (this.files ?? (await import('./issue-file.js'))).readIssue(this, id).issue;
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
