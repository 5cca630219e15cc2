// The knowledge base's search index built whole, as MiniSearch would save it, without
// MiniSearch: its radix tree, and then toJSON's copy of it, took 10 s and 430 MB for 15,000
// documents. Here each term's postings are a list of numbers until they are written as the
// JSON MiniSearch writes (test/store/knowledge.test.ts holds the two equal).
import type MiniSearch from 'minisearch';
import { FIELD_BOOST, type KnowledgeDoc, type SavedIndex, tokenize } from './knowledge.js';

const FIELDS = Object.keys(FIELD_BOOST) as (keyof typeof FIELD_BOOST)[];

/** The saved index's head (MiniSearch's toJSON without its terms and stored fields). */
export type SavedHead = Omit<SavedIndex, 'index'>;

export interface BuiltIndex {
  head: SavedHead;
  /** each term with its postings as JSON, `{"field": {"doc": count, …}, …}` */
  terms: Iterable<[string, string]>;
}

/** What MiniSearch's `addAll(docs)` then `toJSON()` give, fields and numbers alike;
 * `progress` hears how many documents are done (seconds at 20,000 issues). */
export function buildSaved(
  docs: readonly KnowledgeDoc[],
  progress?: (done: number, total: number) => void,
): BuiltIndex {
  const postings = new Map<string, number[]>(); // term → field, doc, count, … in doc order
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  const averageFieldLength: number[] = [];
  let count = 0;
  for (const doc of docs) {
    const lengths: number[] = [];
    FIELDS.forEach((field, f) => {
      const counts = termCounts(tokenize(String(doc[field])));
      lengths[f] = counts.tokens;
      // MiniSearch's running mean, step for step: the same floating-point result
      averageFieldLength[f] = ((averageFieldLength[f] || 0) * count + counts.tokens) / (count + 1);
      for (const [term, n] of counts.terms) {
        const list = postings.get(term);
        if (list) list.push(f, count, n);
        else postings.set(term, [f, count, n]);
      }
    });
    documentIds[count] = doc.id;
    fieldLength[count] = lengths;
    count++;
    if (count % 250 === 0 || count === docs.length) progress?.(count, docs.length);
  }
  const head: SavedHead = {
    documentCount: count,
    nextId: count,
    documentIds,
    fieldIds: Object.fromEntries(FIELDS.map((f, n) => [f, n])),
    fieldLength,
    averageFieldLength,
    storedFields: {},
    dirtCount: 0,
    serializationVersion: 2,
  };
  return { head, terms: termsOf(postings) };
}

/** How many distinct tokens (a field's length to MiniSearch), and how often each term
 * (a token lower-cased, as MiniSearch's processTerm does). */
function termCounts(tokens: string[]): { tokens: number; terms: Map<string, number> } {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  // tokenize lower-cases its words already: rarely, a second lower-casing changes one
  for (const token of counts.keys()) if (token.toLowerCase() !== token || !token) return lowered(counts);
  return { tokens: counts.size, terms: counts };
}

function lowered(counts: Map<string, number>): { tokens: number; terms: Map<string, number> } {
  const terms = new Map<string, number>();
  for (const [token, n] of counts) {
    const term = token.toLowerCase();
    if (term) terms.set(term, (terms.get(term) ?? 0) + n);
  }
  return { tokens: counts.size, terms };
}

function* termsOf(postings: Map<string, number[]>): Generator<[string, string]> {
  for (const [term, list] of postings) {
    const byField = new Map<number, string[]>();
    for (let i = 0; i < list.length; i += 3) {
      const field = list[i] as number;
      const entry = `"${list[i + 1]}":${list[i + 2]}`;
      const docs = byField.get(field);
      if (docs) docs.push(entry);
      else byField.set(field, [entry]);
    }
    const fields = [...byField].sort((a, b) => a[0] - b[0]).map(([f, docs]) => `"${f}":{${docs.join(',')}}`);
    yield [term, `{${fields.join(',')}}`];
  }
}

/** An index MiniSearch holds (one updated in place), in the same parts. */
export function builtOf(index: MiniSearch<KnowledgeDoc>): BuiltIndex {
  const { index: terms, ...head } = { ...index.toJSON(), storedFields: {} };
  return { head, terms: terms.map(([term, postings]) => [term, JSON.stringify(postings)] as [string, string]) };
}
