// `aftersales validate`: every issue file against the schema and the config, plus
// duplicate IDs, misnamed files and leftover conflict markers. Exit 1 on any problem.
import { isLfsPointer } from '../git/lfs.js';
import { readIfExists, sha256 } from '../store/files.js';
import type { Issue } from '../domain/issue.js';
import { problemSaying } from '../store/problem.js';
import { problemWords } from '../render/problem-words.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { out, say, type Globals, type Io } from '../context.js';
import { now as clockNow } from '../clock.js';
import { isoInZone } from '../domain/time.js';
import { githubAnnotation, junit, type JunitCase } from '../render/ci.js';
import { normalizeIdInput } from '../domain/id.js';
import { AftersalesError } from '../errors.js';
import { applyConfigLocale, t } from '../i18n/index.js';
import { locateStore, repoRelative, type StorePaths } from '../store/locate.js';
import { checkIssueText, formatProblem, schemaProblems, syntaxProblems, type Problem } from '../store/problems.js';
import { Checklist } from '../domain/checklist.js';
import type { Config } from '../domain/config.js';
import { availableChecklists, localChecklistDir } from '../store/checklists.js';
import { loadYaml, locate } from '../store/yaml.js';
import { loadConfigFile } from '../store/issue-file.js';
import { safeParse } from '../domain/safe-parse.js';

export interface ValidateOptions {
  format?: string;
}

const FORMATS = ['text', 'json', 'junit', 'github'];

export function validateStore(cwd: string): {
  files: number;
  problems: Problem[];
  paths: StorePaths;
  config: Config | null;
} {
  const paths = locateStore(cwd);
  const { config, problems } = loadConfigFile(paths);
  if (!config) return { files: 0, problems, paths, config };
  applyConfigLocale(config.locale);
  let names: string[] = [];
  try {
    names = readdirSync(paths.issuesDir)
      .filter((n) => !n.startsWith('.'))
      .sort();
  } catch {
    names = [];
  }
  const seen = new Map<string, string>();
  let files = 0;
  for (const name of names) {
    const file = `issues/${name}`;
    if (!name.endsWith('.yaml')) {
      problems.push({
        file,
        line: 1,
        column: 1,
        field: '(file)',
        found: JSON.stringify(name),
        expected: 'issue files named <ID>.yaml',
      });
      continue;
    }
    files++;
    const id = name.slice(0, -5);
    const checked = checkIssueText(file, readFileSync(join(paths.issuesDir, name), 'utf8'), config, id);
    problems.push(...checked.problems);
    if (checked.issue) problems.push(...attachmentProblems(paths.root, file, checked.issue));
    const declared = checked.issue?.id ?? id;
    const key = normalizeIdInput(declared);
    const earlier = seen.get(key);
    if (earlier) {
      problems.push({
        file,
        line: 1,
        column: 1,
        field: 'id',
        found: JSON.stringify(declared),
        expected: `an ID no other issue has (also in ${earlier})`,
      });
    } else {
      seen.set(key, file);
    }
  }
  problems.push(...checklistProblems(paths.root, config));
  return { files, problems, paths, config };
}

/** Every file the issue or its events name is there, with the content its sha256 says. */
function attachmentProblems(root: string, file: string, issue: Issue): Problem[] {
  const named: [string, { path: string; sha256: string }][] = issue.attachments.map((a, i) => [`attachments[${i}]`, a]);
  issue.history.forEach((e, i) => {
    const list = Array.isArray(e.attachments) ? (e.attachments as { path: string; sha256: string }[]) : [];
    for (const [j, a] of list.entries()) named.push([`history[${i}].attachments[${j}]`, a]);
  });
  issue.acceptance.rounds.forEach((r, i) => {
    for (const [item, answer] of Object.entries(r.answers))
      for (const [j, a] of (answer.attachments ?? []).entries())
        named.push([`acceptance.rounds[${i}].answers.${item}.attachments[${j}]`, a]);
  });
  return named.flatMap(([field, a]) => {
    const bytes = typeof a.path === 'string' ? readIfExists(join(root, a.path)) : null;
    if (bytes && sha256(bytes) === a.sha256) return [];
    const found = !bytes
      ? `no file at ${a.path}`
      : isLfsPointer(bytes)
        ? 'a Git LFS pointer, not the file (install git-lfs, then git lfs pull)'
        : 'a file whose content changed';
    return [
      {
        file,
        line: 1,
        column: 1,
        field,
        found,
        expected: `the attached file with sha256 ${String(a.sha256).slice(0, 12)}…`,
      },
    ];
  });
}

/** Store-local templates against the checklist schema; the config's template names exist. */
function checklistProblems(root: string, config: Config): Problem[] {
  const out: Problem[] = [];
  const dir = localChecklistDir(root);
  for (const name of existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : []) {
    const file = `.aftersales/checklists/${name}`;
    const loaded = loadYaml(readFileSync(join(dir, name), 'utf8'));
    const syntax = syntaxProblems(file, loaded);
    if (syntax.length) {
      out.push(...syntax);
      continue;
    }
    const parsed = safeParse(Checklist, loaded.data ?? {});
    if (!parsed.success) out.push(...schemaProblems(file, loaded, parsed.error));
  }
  const known = new Set(availableChecklists(root));
  const configFile = '.aftersales/config.yaml';
  const configDoc = loadYaml(readFileSync(join(root, configFile), 'utf8'));
  const named: [string, (string | number)[]][] = [
    [config.acceptance.template, ['acceptance', 'template']],
    ...Object.entries(config.acceptance.by_type).map(([type, name]): [string, (string | number)[]] => [
      name,
      ['acceptance', 'by_type', type],
    ]),
  ];
  for (const [name, path] of named) {
    if (!known.has(name)) {
      const at = locate(configDoc, path);
      out.push({
        file: configFile,
        line: at.line,
        column: at.column,
        field: path.join('.'),
        found: JSON.stringify(name),
        expected: `a checklist template (${[...known].join(', ')})`,
      });
    }
  }
  return out;
}

/** One testcase per issue file (and per other file with a problem), a failure per problem. */
function validateJunit(paths: StorePaths, problems: Problem[], timestamp: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(paths.issuesDir).filter((n) => n.endsWith('.yaml') && !n.startsWith('.'));
  } catch {
    names = [];
  }
  const files = new Set([...names.map((n) => repoRelative(paths, `issues/${n}`)), ...problems.map((p) => p.file)]);
  const cases: JunitCase[] = [...files].sort().map((file) => ({
    name: file,
    classname: 'aftersales.validate',
    file,
    failures: problems
      .filter((p) => p.file === file)
      .map((p) => ({
        type: p.field,
        message: `${problemWords(p.field)}: ${problemSaying(p)}`,
        body: formatProblem(p),
      })),
  }));
  return junit('aftersales validate', cases, timestamp);
}

/** Editors read .aftersales/issue.schema.json: said when it lags behind the config's fields. */
async function warnStaleSchema(paths: StorePaths, config: Config | null, io: Io): Promise<void> {
  if (!config?.fields.length) return;
  const { schemaState } = await import('./schema.js');
  if (!schemaState(paths.root, config).current) say(io, t('schemaStale'));
}

export async function run(opts: ValidateOptions, globals: Globals, io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  // In GitHub Actions, with no format asked for: annotate the lines and print text too.
  const alsoAnnotate = opts.format === undefined && io.env.GITHUB_ACTIONS === 'true';
  if (!FORMATS.includes(format)) throw new AftersalesError('badFormat', { allowed: FORMATS.join(', '), value: format });
  const { files, problems: inStore, paths, config } = validateStore(globals.cwd);
  // Text and JSON name files from where the command ran, as compilers do; annotations and
  // JUnit name them from the repository's top, where CI servers look for them.
  const fromCwd = relative(resolve(globals.cwd), paths.root);
  const problems = inStore.map((p) => ({ ...p, file: fromCwd ? join(fromCwd, p.file) : p.file }));
  const fromTop = inStore.map((p) => ({ ...p, file: repoRelative(paths, p.file) }));
  const problemFiles = new Set(problems.map((p) => p.file)).size;
  await warnStaleSchema(paths, config, io);
  if (format === 'json') {
    out(io, JSON.stringify({ valid: problems.length === 0, files, problems }, null, 2));
  } else if (format === 'junit') {
    out(io, validateJunit(paths, fromTop, isoInZone(clockNow(io.env), 'UTC')));
  } else {
    problems.forEach((p, i) => {
      const top = fromTop[i] as Problem;
      if (format === 'github' || alsoAnnotate)
        out(io, githubAnnotation('error', top, `${problemWords(p.field)}: ${problemSaying(p)}`, 'aftersales validate'));
      if (format === 'text') out(io, formatProblem(p));
    });
    say(
      io,
      problems.length
        ? t('validateProblems', { count: problems.length, files: problemFiles })
        : t('validateOk', { count: files }),
    );
  }
  return problems.length ? 1 : 0;
}
