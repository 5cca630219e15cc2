// The store: the config and the issue files. Reads keep the YAML document so writes
// change only what changed; writes are atomic and refuse to overwrite a file that
// changed on disk since it was read.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Config } from '../domain/config.js';
import { matchId } from '../domain/id.js';
import { ISSUE_KEY_ORDER, type Issue } from '../domain/issue.js';
import { AftersalesError } from '../errors.js';
import { checkIssueText, configProblems, schemaProblems, syntaxProblems, type Problem } from './problems.js';
import { locateStore, type StorePaths } from './locate.js';
import { readIfExists, sha256, withLock, writeFileAtomic } from './files.js';
import { applyChanges, loadYaml, newDocument, restoreSpacing, stringify, type LoadedYaml } from './yaml.js';

export const SCHEMA_HEADER = ' yaml-language-server: $schema=../.aftersales/issue.schema.json';

export interface LoadedIssue {
  id: string;
  /** path relative to the store root, with forward slashes */
  file: string;
  hash: string;
  loaded: LoadedYaml;
  issue: Issue;
}

function problemError(p: Problem, key: 'configInvalid' | 'issueInvalid' = 'issueInvalid'): AftersalesError {
  if (p.field === '(file)' && p.found === 'a YAML syntax error') {
    return new AftersalesError('yamlSyntax', { location: `${p.file}:${p.line}:${p.column}`, message: p.expected });
  }
  if (p.found === 'too many aliases') return new AftersalesError('yamlAliases', { file: p.file, message: p.expected });
  return new AftersalesError(key, {
    location: `${p.file}:${p.line}:${p.column}`,
    field: p.field,
    found: p.found,
    expected: p.expected,
    file: p.file,
  });
}

export function loadConfigFile(paths: StorePaths): { config: Config | null; problems: Problem[] } {
  const file = relative(paths.root, paths.configFile) || paths.configFile;
  const loaded = loadYaml(readFileSync(paths.configFile, 'utf8'));
  const syntax = syntaxProblems(file, loaded);
  if (syntax.length) return { config: null, problems: syntax };
  const parsed = Config.safeParse(loaded.data ?? {});
  if (!parsed.success) return { config: null, problems: schemaProblems(file, loaded, parsed.error) };
  return { config: parsed.data, problems: configProblems(file, loaded, parsed.data) };
}

export class Store {
  private constructor(
    readonly paths: StorePaths,
    readonly config: Config,
  ) {}

  static open(cwd: string): Store {
    const paths = locateStore(cwd);
    const { config, problems } = loadConfigFile(paths);
    const first = problems[0];
    if (first || !config) throw problemError(first as Problem, 'configInvalid');
    return new Store(paths, config);
  }

  get root(): string {
    return this.paths.root;
  }

  fileOf(id: string): string {
    return `issues/${id}.yaml`;
  }

  /** IDs of every issue file, sorted (IDs sort by creation time). */
  listIds(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.paths.issuesDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .filter((n) => n.endsWith('.yaml') && !n.startsWith('.'))
      .map((n) => n.slice(0, -5))
      .sort();
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

  /** Read one issue, refusing a file that does not parse or fails the schema. */
  read(id: string): LoadedIssue {
    const file = this.fileOf(id);
    const text = this.readText(id);
    if (text === null) throw new AftersalesError('unknownId', { input: id });
    const checked = checkIssueText(file, text, this.config, id);
    // Config references (an unknown person) are for `validate`; reading needs a sound file.
    const blocking = checked.issue ? checked.problems.filter((p) => p.field === 'id') : checked.problems;
    if (!checked.issue || blocking.length) throw problemError(blocking[0] ?? (checked.problems[0] as Problem));
    return { id, file, hash: sha256(text), loaded: checked.loaded, issue: checked.issue };
  }

  /** Write a new issue file; never replaces an existing one. Returns its relative path. */
  create(issue: Issue): string {
    const file = this.fileOf(issue.id);
    const doc = newDocument(issue, SCHEMA_HEADER);
    writeFileAtomic(join(this.root, file), stringify(doc), { exclusive: true });
    return file;
  }

  /** Write `after` over a file read earlier, changing only what changed. */
  update(before: LoadedIssue, after: Issue): string {
    const path = join(this.root, before.file);
    const current = readIfExists(path);
    if (!current || sha256(current) !== before.hash) throw new AftersalesError('fileChanged', { file: before.file });
    applyChanges(before.loaded.doc, before.issue, after, ISSUE_KEY_ORDER);
    writeFileAtomic(path, restoreSpacing(current.toString('utf8'), stringify(before.loaded.doc)));
    return before.file;
  }

  /** Hold the store's write lock while reading, writing and committing. */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    const wait = Number(process.env.AFTERSALES_LOCK_WAIT_MS ?? 10_000);
    return withLock(join(this.paths.runtimeDir, 'write.lock'), fn, Number.isFinite(wait) ? wait : 10_000);
  }
}
