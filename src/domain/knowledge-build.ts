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
  /** each term with its postings as JSON (UTF-8), `{"field": {"doc": count, …}, …}`; may be
   * iterated again (made as they are asked for) */
  terms: Iterable<readonly [string, Buffer]>;
}

/** What MiniSearch's `addAll(docs)` then `toJSON()` give, fields and numbers alike. The
 * documents may come one at a time (a generator): none is held once it is indexed. */
export function buildSaved(docs: Iterable<KnowledgeDoc>): BuiltIndex {
  const postings = new Map<string, Postings>(); // term → its postings in doc order
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
        let list = postings.get(term);
        if (!list) postings.set(term, (list = { blocks: [], fill: 0 }));
        add(list, count, f, n);
      }
    });
    documentIds[count] = doc.id;
    fieldLength[count] = lengths;
    count++;
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
  return { head, terms: { [Symbol.iterator]: () => termsOf(postings) } };
}

// A posting (document, field, count) in 32 bits, `doc:23 field:3 count:6`, where three
// numbers took 24 bytes (at 50,000 issues, 9 million postings); a count of 63 or more is
// written as 63, the count itself in the slot after.
const MAX_DOCS = 2 ** 23;
const MANY = 63;

/** A term's postings in blocks twice as large as the one before, up to 64 Ki: never copied as
 * they grow (an array's copies made two thirds of the build's peak memory). */
interface Postings {
  blocks: Uint32Array[];
  /** slots used in the last block */
  fill: number;
}

function add(list: Postings, doc: number, field: number, n: number): void {
  if (doc >= MAX_DOCS) throw new RangeError(`a search index holds at most ${MAX_DOCS} documents`);
  put(list, doc * 512 + field * 64 + Math.min(n, MANY));
  if (n >= MANY) put(list, n);
}

/** Slots of a term's `n`-th block: 16, 32, … up to 64 Ki, however common the term. */
export const blockSize = (n: number) => 16 << Math.min(n, 12);

function put(list: Postings, slot: number): void {
  let last = list.blocks[list.blocks.length - 1];
  if (!last || list.fill === last.length) {
    last = new Uint32Array(blockSize(list.blocks.length));
    list.blocks.push(last);
    list.fill = 0;
  }
  last[list.fill++] = slot;
}

/** Calls `f` with each posting, in the order added. */
function forEach({ blocks, fill }: Postings, f: (field: number, doc: number, n: number) => void): void {
  let pending = -1; // a posting whose count is in the next slot
  for (const [b, block] of blocks.entries()) {
    const end = b === blocks.length - 1 ? fill : block.length;
    for (let i = 0; i < end; i++) {
      const slot = block[i] as number;
      if (pending >= 0) {
        f((pending >>> 6) & 7, pending >>> 9, slot);
        pending = -1;
      } else if ((slot & MANY) === MANY) pending = slot;
      else f((slot >>> 6) & 7, slot >>> 9, slot & MANY);
    }
  }
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

/** Each term's postings as the JSON MiniSearch saves, `{"field":{"doc":count,…},…}`, written
 * straight into bytes: the strings of a term's entries outlived the young generation and
 * raised the peak memory by 100 MB at 50,000 issues. */
function* termsOf(postings: Map<string, Postings>): Generator<[string, Buffer]> {
  let out = Buffer.allocUnsafe(1 << 16);
  let at = 0;
  const write = (text: string) => {
    if (at + text.length > out.length) {
      const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, at + text.length));
      out.copy(bigger, 0, 0, at);
      out = bigger;
    }
    at += out.write(text, at, 'latin1');
  };
  for (const [term, list] of postings) {
    let fields = 0;
    forEach(list, (field) => {
      fields |= 1 << field;
    });
    at = 0;
    write('{');
    for (let field = 0; field < 8; field++) {
      if (!(fields & (1 << field))) continue;
      let first = true;
      forEach(list, (f, doc, n) => {
        if (f !== field) return;
        write(first ? `${at > 1 ? ',' : ''}"${field}":{"${doc}":${n}` : `,"${doc}":${n}`);
        first = false;
      });
      write('}');
    }
    write('}');
    yield [term, Buffer.from(out.subarray(0, at))];
  }
}

/** An index MiniSearch holds (one updated in place), in the same parts. */
export function builtOf(index: MiniSearch<KnowledgeDoc>): BuiltIndex {
  const { index: terms, ...head } = { ...index.toJSON(), storedFields: {} };
  return { head, terms: terms.map(([term, postings]) => [term, Buffer.from(JSON.stringify(postings))] as const) };
}
