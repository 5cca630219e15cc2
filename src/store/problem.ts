// What is wrong with a file, located: `file:line:col  field  found … expected …`.
// (Finding problems needs the careful loader, ./problems.ts; printing them does not.)

export interface Problem {
  file: string;
  line: number;
  column: number;
  field: string;
  found: string;
  expected: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}  ${p.field}  found ${p.found}, expected ${p.expected}`;
}
