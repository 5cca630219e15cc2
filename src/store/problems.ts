// Turning what is wrong with a file into `file:line:col  field  found … expected …`.
import { fieldProblems } from '../domain/fields.js';
import { inconsistencies } from '../domain/consistency.js';
import type * as z from 'zod/mini';
import type { Config } from '../domain/config.js';
import { configReferenceProblems } from '../domain/config.js';
import { Issue } from '../domain/issue.js';
import { loadYaml, locate, type LoadedYaml } from './yaml.js';

export type { Problem } from './problem.js';
import type { Problem } from './problem.js';
import { safeParse } from '../domain/safe-parse.js';

export function fieldName(path: readonly PropertyKey[]): string {
  return (
    path.reduce<string>(
      (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
      '',
    ) || '(file)'
  );
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}…"` : s;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.message && !issue.message.startsWith('Invalid input')) return issue.message;
      return TYPE_WORDS[issue.expected] ?? issue.expected;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      if (issue.message && !issue.message.startsWith('Too small')) return issue.message;
      return issue.origin === 'number'
        ? `at least ${String(issue.minimum)}`
        : `at least ${String(issue.minimum)} item(s)`;
    case 'too_big':
      return issue.origin === 'number'
        ? `at most ${String(issue.maximum)}`
        : `at most ${String(issue.maximum)} item(s)`;
    default:
      return issue.message;
  }
}

/** Every zod issue as a located problem. */
export function schemaProblems(file: string, loaded: LoadedYaml, error: z.core.$ZodError): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path as PropertyKey[];
    const at = locate(loaded, path);
    return {
      file,
      line: at.line,
      column: at.column,
      field: fieldName(path),
      found: describeFound(valueAt(loaded.data, path)),
      expected: expectedOf(issue),
    };
  });
}

const CONFLICT = /^(<{7}|={7}|>{7}|\|{7})(?: |$)/;

export function conflictMarkers(file: string, text: string): Problem[] {
  const out: Problem[] = [];
  text.split('\n').forEach((line, i) => {
    if (CONFLICT.test(line)) {
      out.push({
        file,
        line: i + 1,
        column: 1,
        field: '(file)',
        found: JSON.stringify(line.slice(0, 20)),
        expected: 'a merged file without git conflict markers',
      });
    }
  });
  return out;
}

export function syntaxProblems(file: string, loaded: LoadedYaml): Problem[] {
  if (loaded.syntax) {
    return [
      {
        file,
        line: loaded.syntax.location.line,
        column: loaded.syntax.location.column,
        field: '(file)',
        found: 'a YAML syntax error',
        expected: loaded.syntax.message,
      },
    ];
  }
  if (loaded.aliasError) {
    return [
      {
        file,
        line: 1,
        column: 1,
        field: '(file)',
        found: 'too many aliases',
        expected: 'no YAML aliases (an alias bomb?)',
      },
    ];
  }
  return [];
}

/** References from an issue to the config: types, people, teams. */
function referenceProblems(file: string, loaded: LoadedYaml, issue: Issue, config: Config): Problem[] {
  const out: Problem[] = [];
  const add = (path: PropertyKey[], found: unknown, expected: string) => {
    const at = locate(loaded, path);
    out.push({ file, line: at.line, column: at.column, field: fieldName(path), found: describeFound(found), expected });
  };
  const people = new Set(config.people.map((p) => p.id));
  const knownPeople = config.people.length
    ? `a person id from people (${[...people].join(', ')})`
    : 'a person id from people (the config lists none)';
  if (!config.types.includes(issue.type)) add(['type'], issue.type, `one of ${config.types.join(', ')}`);
  for (const f of fieldProblems(issue, config)) add(f.path, f.found, f.expected);
  const modes = config.failure_modes.map((m) => m.id);
  if (issue.failure_mode && !modes.includes(issue.failure_mode))
    add(['failure_mode'], issue.failure_mode, `one of the config's failure_modes (${modes.join(', ') || 'none'})`);
  if (issue.assignee.person && !people.has(issue.assignee.person))
    add(['assignee', 'person'], issue.assignee.person, knownPeople);
  if (issue.assignee.team && !config.teams.some((tm) => tm.id === issue.assignee.team)) {
    add(
      ['assignee', 'team'],
      issue.assignee.team,
      `a team id from teams (${config.teams.map((tm) => tm.id).join(', ') || 'none'})`,
    );
  }
  issue.cc.forEach((c, i) => {
    if (!people.has(c)) add(['cc', i], c, knownPeople);
  });
  issue.actions.forEach((a, i) => {
    if (!people.has(a.who)) add(['actions', i, 'who'], a.who, knownPeople);
  });
  const ids = new Set<string>();
  issue.actions.forEach((a, i) => {
    if (ids.has(a.id)) add(['actions', i, 'id'], a.id, 'an action id used once in this issue');
    ids.add(a.id);
  });
  return out;
}

export interface CheckedIssue {
  issue: Issue | null;
  loaded: LoadedYaml;
  problems: Problem[];
}

/** The problems that stop a checked file from being read as an issue: any, when it did not
 * parse; else a wrong ID (references to unknown people are for `validate`). */
export function blockingProblems(checked: CheckedIssue): Problem[] {
  return checked.issue ? checked.problems.filter((p) => p.field === 'id') : checked.problems;
}

/** Parse and check one issue file's text; `expectedId` comes from the file name. */
export function checkIssueText(file: string, text: string, config: Config, expectedId?: string): CheckedIssue {
  const markers = conflictMarkers(file, text);
  const loaded = loadYaml(text);
  const syntax = syntaxProblems(file, loaded);
  if (markers.length || syntax.length) return { issue: null, loaded, problems: [...markers, ...syntax] };
  const parsed = safeParse(Issue, loaded.data ?? {});
  if (!parsed.success) return { issue: null, loaded, problems: schemaProblems(file, loaded, parsed.error) };
  const issue = parsed.data;
  const problems = [...referenceProblems(file, loaded, issue, config), ...stateProblems(file, loaded, issue)];
  if (expectedId && issue.id !== expectedId) {
    const at = locate(loaded, ['id']);
    problems.unshift({
      file,
      line: at.line,
      column: at.column,
      field: 'id',
      found: describeFound(issue.id),
      expected: `"${expectedId}", the file's name`,
    });
  }
  return { issue, loaded, problems };
}

/** Findings at a path of the file, located at their line. */
const located = (
  file: string,
  loaded: LoadedYaml,
  found: { path: readonly (string | number)[]; found: unknown; expected: string }[],
): Problem[] =>
  found.map((p) => {
    const at = locate(loaded, p.path as (string | number)[]);
    return {
      file,
      line: at.line,
      column: at.column,
      field: fieldName(p.path),
      found: describeFound(p.found),
      expected: p.expected,
    };
  });

/** The state against the history (./domain/consistency.ts), located. */
const stateProblems = (file: string, loaded: LoadedYaml, issue: Issue): Problem[] =>
  located(file, loaded, inconsistencies(issue));

export function configProblems(file: string, loaded: LoadedYaml, config: Config): Problem[] {
  return located(file, loaded, configReferenceProblems(config));
}

export { formatProblem } from './problem.js';
