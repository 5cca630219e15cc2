// `aftersales validate`: every issue file against the schema and the config, plus
// duplicate IDs, misnamed files and leftover conflict markers. Exit 1 on any problem.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { out, say, type Globals, type Io } from '../context.js';
import { normalizeIdInput } from '../domain/id.js';
import { AftersalesError } from '../errors.js';
import { applyConfigLocale, t } from '../i18n/index.js';
import { locateStore } from '../store/locate.js';
import { checkIssueText, formatProblem, schemaProblems, syntaxProblems, type Problem } from '../store/problems.js';
import { Checklist } from '../domain/checklist.js';
import type { Config } from '../domain/config.js';
import { availableChecklists, localChecklistDir } from '../store/checklists.js';
import { loadYaml, locate } from '../store/yaml.js';
import { loadConfigFile } from '../store/store.js';

export interface ValidateOptions {
  format?: string;
}

const FORMATS = ['text', 'json', 'github'];

export function validateStore(cwd: string): { files: number; problems: Problem[] } {
  const paths = locateStore(cwd);
  const { config, problems } = loadConfigFile(paths);
  if (!config) return { files: 0, problems };
  applyConfigLocale(config.locale);
  let names: string[] = [];
  try {
    names = readdirSync(paths.issuesDir).filter((n) => !n.startsWith('.')).sort();
  } catch {
    names = [];
  }
  const seen = new Map<string, string>();
  let files = 0;
  for (const name of names) {
    const file = `issues/${name}`;
    if (!name.endsWith('.yaml')) {
      problems.push({ file, line: 1, column: 1, field: '(file)', found: JSON.stringify(name), expected: 'issue files named <ID>.yaml' });
      continue;
    }
    files++;
    const id = name.slice(0, -5);
    const checked = checkIssueText(file, readFileSync(join(paths.issuesDir, name), 'utf8'), config, id);
    problems.push(...checked.problems);
    const declared = checked.issue?.id ?? id;
    const key = normalizeIdInput(declared);
    const earlier = seen.get(key);
    if (earlier) {
      problems.push({ file, line: 1, column: 1, field: 'id', found: JSON.stringify(declared), expected: `an ID no other issue has (also in ${earlier})` });
    } else {
      seen.set(key, file);
    }
  }
  problems.push(...checklistProblems(paths.root, config));
  const rel = relative(resolve(cwd), paths.root);
  if (rel) for (const p of problems) p.file = join(rel, p.file);
  return { files, problems };
}

/** Store-local templates against the checklist schema; the config's template names exist. */
function checklistProblems(root: string, config: Config): Problem[] {
  const out: Problem[] = [];
  const dir = localChecklistDir(root);
  for (const name of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : []) {
    const file = `.aftersales/checklists/${name}`;
    const loaded = loadYaml(readFileSync(join(dir, name), 'utf8'));
    const syntax = syntaxProblems(file, loaded);
    if (syntax.length) {
      out.push(...syntax);
      continue;
    }
    const parsed = Checklist.safeParse(loaded.data ?? {});
    if (!parsed.success) out.push(...schemaProblems(file, loaded, parsed.error));
  }
  const known = new Set(availableChecklists(root));
  const configFile = '.aftersales/config.yaml';
  const configDoc = loadYaml(readFileSync(join(root, configFile), 'utf8'));
  const named: [string, (string | number)[]][] = [
    [config.acceptance.template, ['acceptance', 'template']],
    ...Object.entries(config.acceptance.by_type).map(([type, name]): [string, (string | number)[]] => [name, ['acceptance', 'by_type', type]]),
  ];
  for (const [name, path] of named) {
    if (!known.has(name)) {
      const at = locate(configDoc, path);
      out.push({ file: configFile, line: at.line, column: at.column, field: path.join('.'), found: JSON.stringify(name), expected: `a checklist template (${[...known].join(', ')})` });
    }
  }
  return out;
}

export function githubAnnotation(level: 'error' | 'warning', p: Pick<Problem, 'file' | 'line' | 'column'>, message: string): string {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::${level} file=${prop(p.file)},line=${p.line},col=${p.column}::${esc(message)}`;
}

export async function run(opts: ValidateOptions, globals: Globals, io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  // In GitHub Actions, with no format asked for: annotate the lines and print text too.
  const alsoAnnotate = opts.format === undefined && io.env.GITHUB_ACTIONS === 'true';
  if (!FORMATS.includes(format)) throw new AftersalesError('badFormat', { allowed: FORMATS.join(', '), value: format });
  const { files, problems } = validateStore(globals.cwd);
  const problemFiles = new Set(problems.map((p) => p.file)).size;
  if (format === 'json') {
    out(io, JSON.stringify({ valid: problems.length === 0, files, problems }, null, 2));
  } else {
    for (const p of problems) {
      const annotation = githubAnnotation('error', p, `${p.field}: found ${p.found}, expected ${p.expected}`);
      if (format === 'github' || alsoAnnotate) out(io, annotation);
      if (format === 'text') out(io, formatProblem(p));
    }
    say(io, problems.length ? t('validateProblems', { count: problems.length, files: problemFiles }) : t('validateOk', { count: files }));
  }
  return problems.length ? 1 : 0;
}
