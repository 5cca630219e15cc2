// Checking a rule's query when the config loads, without loading the matcher: unknown
// operators are refused, and so is `$where`, which would run code from the config.
const OPERATORS = new Set([
  '$eq',
  '$ne',
  '$in',
  '$nin',
  '$regex',
  '$options',
  '$exists',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$and',
  '$or',
  '$nor',
  '$not',
  '$all',
  '$size',
  '$elemMatch',
]);

export type Query = Record<string, unknown>;

export interface QueryProblem {
  path: (string | number)[];
  found: unknown;
  expected: string;
}

/** Unknown operators (and `$where`, which would run code from the config) are refused. */
export function queryProblems(query: unknown, path: (string | number)[] = []): QueryProblem[] {
  const out: QueryProblem[] = [];
  const visit = (value: unknown, at: (string | number)[]) => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visit(v, [...at, i]);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key.startsWith('$') && !OPERATORS.has(key)) {
        out.push({ path: [...at, key], found: key, expected: `an operator of ${[...OPERATORS].join(' ')}` });
        continue;
      }
      if (key === '$regex') {
        try {
          new RegExp(String(v));
        } catch {
          out.push({ path: [...at, key], found: v, expected: 'a valid regular expression' });
        }
        continue;
      }
      visit(v, [...at, key]);
    }
  };
  visit(query, path);
  return out;
}
