// `aftersales validate`: every issue file against the schema and the config, plus
// duplicate IDs, misnamed files and leftover conflict markers. Exit 1 on any problem.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { out, say, type Globals, type Io } from '../context.js';
import { normalizeIdInput } from '../domain/id.js';
import { AftersalesError } from '../errors.js';
import { applyConfigLocale, t } from '../i18n/index.js';
import { locateStore } from '../store/locate.js';
import { checkIssueText, formatProblem, type Problem } from '../store/problems.js';
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
  const rel = relative(resolve(cwd), paths.root);
  if (rel) for (const p of problems) p.file = join(rel, p.file);
  return { files, problems };
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
