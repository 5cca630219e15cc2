// What is wrong with a file, located: `file:line:col  field  found … expected …`.
// (Finding problems needs the careful loader, ./problems.ts; printing them does not.)
import { t } from '../i18n/index.js';
import { problemWords } from '../render/problem-words.js';

export interface Problem {
  file: string;
  line: number;
  column: number;
  field: string;
  found: string;
  expected: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}  ${problemWords(p.field)}  ${problemSaying(p)}`;
}

/** `found X, expected Y`, in the reader's language. */
export const problemSaying = (p: Pick<Problem, 'found' | 'expected'>): string =>
  t('problem.saying', { found: problemWords(p.found), expected: problemWords(p.expected) });
