// MongoDB-style queries over an issue (dispatch and approval rules): matching is sift's;
// this module also explains, key by key, why a query did not match.
import siftModule from 'sift';
import type { Query } from './query-check.js';
export type { Query };

// sift is CommonJS; under NodeNext its typed default export sits on `.default`.
const sift = siftModule.default;

export function matches(query: Query, doc: unknown): boolean {
  return sift(query)(doc);
}

export function valueAtPath(doc: unknown, dotted: string): unknown {
  let v: unknown = doc;
  for (const key of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export interface Mismatch {
  key: string;
  found: unknown;
  wanted: unknown;
}

/** The first top-level key of `query` that `doc` does not satisfy, or null on a match. */
export function firstMismatch(query: Query, doc: unknown): Mismatch | null {
  for (const [key, wanted] of Object.entries(query)) {
    if (!sift({ [key]: wanted } as Query)(doc)) {
      return { key, found: key.startsWith('$') ? undefined : valueAtPath(doc, key), wanted };
    }
  }
  return null;
}
