// Reading and writing single issue files with the careful loader: the YAML document is
// kept so a write changes only what changed; writes are atomic and refuse to overwrite a
// file that changed on disk since it was read. Loaded only by commands that need it.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Config } from '../domain/config.js';
import { expandConfigEnv } from '../domain/config-env.js';
import { ISSUE_KEY_ORDER, type Issue } from '../domain/issue.js';
import { AftersalesError } from '../errors.js';
import { runEnv } from '../io.js';
import {
  blockingProblems,
  checkIssueText,
  configProblems,
  schemaProblems,
  syntaxProblems,
  type Problem,
} from './problems.js';
import type { StorePaths } from './locate.js';
import { MAX_ISSUE_CHARS, readIfExists, sha256, writeFileAtomic } from './files.js';
import { applyChanges, loadYaml, newDocument, restoreSpacing, stringify, type LoadedYaml } from './yaml.js';
import type { Store } from './store.js';
import { safeParse } from '../domain/safe-parse.js';

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
  const parsed = safeParse(Config, expandConfigEnv(loaded.data ?? {}, runEnv()));
  if (!parsed.success) return { config: null, problems: schemaProblems(file, loaded, parsed.error) };
  return { config: parsed.data, problems: configProblems(file, loaded, parsed.data) };
}

/** The config, or the first problem with it as an error. */
export function parseConfig(paths: StorePaths): Config {
  const { config, problems } = loadConfigFile(paths);
  const first = problems[0];
  if (first || !config) throw problemError(first as Problem, 'configInvalid');
  return config;
}

/** Read one issue, refusing a file that does not parse or fails the schema. */
export function readIssue(store: Store, id: string): LoadedIssue {
  const file = store.fileOf(id);
  const text = store.readText(id);
  if (text === null) throw new AftersalesError('unknownId', { input: id });
  // parsing keeps every node and position: tens of MB would take minutes and gigabytes
  if (text.length > MAX_ISSUE_CHARS) {
    const size = (Buffer.byteLength(text) / 2 ** 20).toFixed(1);
    throw new AftersalesError('issueFileTooLarge', { file, size, limit: MAX_ISSUE_CHARS / 2 ** 20 });
  }
  const checked = checkIssueText(file, text, store.config, id);
  const blocking = blockingProblems(checked);
  if (!checked.issue || blocking.length) throw problemError(blocking[0] ?? (checked.problems[0] as Problem));
  return { id, file, hash: sha256(text), loaded: checked.loaded, issue: checked.issue };
}

/** Write a new issue file; never replaces an existing one. Returns its relative path. */
export function createIssue(store: Store, issue: Issue): string {
  const file = store.fileOf(issue.id);
  const doc = newDocument(issue, SCHEMA_HEADER);
  writeFileAtomic(join(store.root, file), stringify(doc), { exclusive: true });
  return file;
}

/** Write `after` over a file read earlier, changing only what changed. */
export function updateIssue(store: Store, before: LoadedIssue, after: Issue): string {
  const path = join(store.root, before.file);
  const current = readIfExists(path);
  if (!current || sha256(current) !== before.hash) throw new AftersalesError('fileChanged', { file: before.file });
  applyChanges(before.loaded.doc, before.issue, after, ISSUE_KEY_ORDER);
  const { doc } = before.loaded;
  writeFileAtomic(
    path,
    restoreSpacing(current.toString('utf8'), stringify(doc), () => doc.toJS()),
  );
  return before.file;
}
