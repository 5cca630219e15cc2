// The facts view's file: unlike the other views (a line per blob, appended to), one JSON
// document with the facts as columns, rewritten whenever the set of issue files changes.
// list, check and report read it at every run; one parse of a few columns is about twice
// as fast as 20,000 small ones, and makes a tenth of the garbage. A change costs one
// rewrite of a few megabytes, by the first command that sees it.
//
// File: the header line of every index file; the blob of every row, 40 hex digits each,
// one after the other; {"broken":{"<blob>":<problem>},"text":[k,…]}; then the columns as
// two JSON arrays, each on its line: those of plain ASCII, then those with other text (the
// columns k listed in "text"). Row n of every column is the stored facts (./facts.ts) of
// the n-th blob. Rows are written in the order git lists the files and asked for in that
// order, so a warm run compares the blob line with git's listing and never makes 20,000
// strings or a map of it.
import type { Facts } from '../domain/facts.js';
import { factsAt, STORED_FACTS_WIDTH, type FactsColumns } from './facts.js';
import { readIfExists, writeFileAtomic } from './files.js';
import type { IndexRecord, ViewCache } from './issue-index.js';
import type { Problem } from './problems.js';

const SHA1 = 40;

interface FactsDocument {
  /** the blobs of the rows, SHA1 hex digits one after the other */
  blobs: string;
  columns: unknown[][];
  broken: Record<string, Problem>;
}

function readDocument(path: string, header: string): FactsDocument | null {
  const buf = readIfExists(path);
  if (!buf) return null;
  const ends: number[] = [];
  for (let at = 0; ends.length < 4; at = (ends.at(-1) as number) + 1) {
    const end = buf.indexOf(10, at);
    if (end < 0) return null;
    ends.push(end);
  }
  const [headerEnd, blobsEnd, metaEnd, asciiEnd] = ends as [number, number, number, number];
  if (buf.toString('utf8', 0, headerEnd + 1) !== header) return null;
  const blobs = buf.toString('latin1', headerEnd + 1, blobsEnd);
  try {
    const meta = JSON.parse(buf.toString('utf8', blobsEnd + 1, metaEnd)) as { broken: Record<string, Problem>; text: number[] };
    // ASCII read as Latin-1: a one-byte string, decoded ten times faster than as UTF-8
    const ascii = JSON.parse(buf.toString('latin1', metaEnd + 1, asciiEnd)) as unknown[][];
    const text = JSON.parse(buf.toString('utf8', asciiEnd + 1)) as unknown[][];
    if (!Array.isArray(meta.text) || !Array.isArray(ascii) || !Array.isArray(text) || meta.text.length !== text.length) return null;
    const columns: unknown[][] = [];
    let a = 0;
    for (let k = 0; k < STORED_FACTS_WIDTH; k++) {
      const t = meta.text.indexOf(k);
      const column = t >= 0 ? text[t] : ascii[a++];
      if (!Array.isArray(column)) return null;
      columns.push(column);
    }
    const rows = blobs.length / SHA1;
    if (a !== ascii.length || !columns.every((c) => c.length === rows)) return null;
    if (typeof meta.broken !== 'object' || !meta.broken) return null;
    return { blobs, columns, broken: meta.broken };
  } catch {
    return null; // truncated or damaged: built again
  }
}

const blobsOf = (doc: FactsDocument): string[] => Array.from({ length: doc.blobs.length / SHA1 }, (_, n) => doc.blobs.slice(n * SHA1, (n + 1) * SHA1));

/** The facts file as a cache of the facts view. */
export function factsCache(path: string, header: string): ViewCache<Facts> {
  const doc = readDocument(path, header);
  const rows = doc ? doc.blobs.length / SHA1 : 0;
  let next = 0; // the row asked for next, while they come in order
  let inOrder = true;
  let byBlob: Map<string, number> | null = null;
  const rowOf = (blob: string): number | undefined => {
    if (!doc) return undefined;
    if (inOrder && next < rows && doc.blobs.startsWith(blob, next * SHA1)) return next++;
    inOrder = false;
    byBlob ??= new Map(blobsOf(doc).map((b, n) => [b, n]));
    return byBlob.get(blob);
  };
  const anyBroken = doc !== null && Object.keys(doc.broken).length > 0;
  return {
    valid: doc !== null,
    get(blob): IndexRecord<Facts> | null {
      const problem = anyBroken ? doc?.broken[blob] : undefined;
      if (problem?.file) return { problem };
      const row = rowOf(blob);
      if (!doc || row === undefined) return null;
      try {
        return { issue: factsAt(doc.columns as unknown as FactsColumns, row) };
      } catch {
        return null; // not facts: the file is parsed again
      }
    },
    save(live, fresh) {
      // every row asked for, in order, and nothing else: nothing to write
      if (doc && fresh.size === 0 && inOrder && next === rows && Object.keys(doc.broken).length === 0 && live.size === rows) return;
      const dead = doc !== null && (blobsOf(doc).some((b) => !live.has(b)) || Object.keys(doc.broken).some((b) => !live.has(b)));
      if (doc && !dead && fresh.size === 0) return;
      writeFactsDocument(path, header, assemble(doc, live, fresh));
    },
  };
}

/** A whole facts file from records just parsed (a cold build by another view). */
export function writeFactsFile(path: string, header: string, fresh: Map<string, string>): void {
  writeFactsDocument(path, header, assemble(null, new Set(fresh.keys()), fresh));
}

/** A row for every live blob, in the order of `live`: a fresh record (JSON of stored facts
 * or a problem) where there is one, else the row of `old`. */
function assemble(old: FactsDocument | null, live: Set<string>, fresh: Map<string, string>): FactsDocument {
  const blobs: string[] = [];
  const next: FactsDocument = { blobs: '', columns: Array.from({ length: STORED_FACTS_WIDTH }, () => []), broken: {} };
  const add = (blob: string, field: (k: number) => unknown) => {
    blobs.push(blob);
    next.columns.forEach((column, k) => column.push(field(k) ?? null));
  };
  const rows = new Map(old ? blobsOf(old).map((blob, n) => [blob, n]) : []);
  for (const blob of live) {
    const json = fresh.get(blob);
    if (json !== undefined) {
      const record = JSON.parse(json) as IndexRecord<unknown[]>;
      if (record.problem) next.broken[blob] = record.problem;
      else add(blob, (k) => record.issue[k]);
      continue;
    }
    const problem = old?.broken[blob];
    const row = rows.get(blob);
    if (problem) next.broken[blob] = problem;
    else if (row !== undefined) add(blob, (k) => old?.columns[k]?.[row]);
  }
  next.blobs = blobs.join('');
  return next;
}

/** Columns of plain ASCII (codes, times, IDs) and columns with other text (titles,
 * customers) are written apart, so the first can be decoded as one-byte strings. */
function writeFactsDocument(path: string, header: string, doc: FactsDocument): void {
  const text: number[] = [];
  const ascii: string[] = [];
  const other: string[] = [];
  doc.columns.forEach((column, k) => {
    const json = JSON.stringify(column);
    if (NOT_ASCII.test(json)) {
      text.push(k);
      other.push(json);
    } else ascii.push(json);
  });
  try {
    writeFileAtomic(path, [header, doc.blobs, '\n', JSON.stringify({ broken: doc.broken, text }), '\n', `[${ascii.join(',')}]\n`, `[${other.join(',')}]`], { durable: false });
  } catch {
    // a cache: failing to save it costs speed only
  }
}

const NOT_ASCII = /[^\x00-\x7f]/;
