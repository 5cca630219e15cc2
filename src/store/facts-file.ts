// The facts view's file: unlike the other views (a line per blob, appended to), one JSON
// document with the facts as columns, rewritten whenever the set of issue files changes.
// list, check and report read it at every run; one parse of a few columns is about twice
// as fast as 20,000 small ones, and makes a tenth of the garbage. A change costs one
// rewrite of a few megabytes, by the first command that sees it.
//
// File: the header line of every index file; the blob of every row, 40 hex digits each,
// one after the other; then {"columns":[[…],…],"broken":{"<blob>":<problem>}}, where row
// n of every column is the stored facts (./facts.ts) of the n-th blob. Rows are written in
// the order git lists the files and asked for in that order, so a warm run compares the
// blob line with git's listing and never makes 20,000 strings or a map of it.
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
  const headerEnd = buf.indexOf(10);
  const blobsEnd = buf.indexOf(10, headerEnd + 1);
  if (headerEnd < 0 || blobsEnd < 0 || buf.toString('utf8', 0, headerEnd + 1) !== header) return null;
  const blobs = buf.toString('latin1', headerEnd + 1, blobsEnd);
  try {
    const doc = JSON.parse(buf.toString('utf8', blobsEnd + 1)) as FactsDocument;
    const rows = blobs.length / SHA1;
    if (!Array.isArray(doc.columns) || doc.columns.length !== STORED_FACTS_WIDTH || !doc.columns.every((c) => Array.isArray(c) && c.length === rows)) return null;
    if (typeof doc.broken !== 'object' || !doc.broken) return null;
    return { ...doc, blobs };
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
  return {
    valid: doc !== null,
    get(blob): IndexRecord<Facts> | null {
      const problem = doc?.broken[blob];
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

function writeFactsDocument(path: string, header: string, doc: FactsDocument): void {
  try {
    writeFileAtomic(path, [header, doc.blobs, '\n', JSON.stringify({ columns: doc.columns, broken: doc.broken })], { durable: false });
  } catch {
    // a cache: failing to save it costs speed only
  }
}
