// The facts view's file: unlike the other views (a line per blob, appended to), one JSON
// document with the facts as columns, rewritten whenever the set of issue files changes.
// list, check and report read it at every run; one parse of a few columns is about twice
// as fast as 20,000 small ones, and makes a tenth of the garbage. A change costs one
// rewrite of a few megabytes, by the first command that sees it.
//
// File: the header line of every index file, then
//   {"blobs":[…],"columns":[[…],…],"broken":{"<blob>":<problem>}}
// where row n of every column is the stored facts (./facts.ts) of blobs[n].
import type { Facts } from '../domain/facts.js';
import { factsAt, STORED_FACTS_WIDTH, type FactsColumns } from './facts.js';
import { readIfExists, writeFileAtomic } from './files.js';
import type { IndexRecord, ViewCache } from './issue-index.js';
import type { Problem } from './problems.js';

interface FactsDocument {
  blobs: string[];
  columns: unknown[][];
  broken: Record<string, Problem>;
}

function readDocument(path: string, header: string): FactsDocument | null {
  const buf = readIfExists(path);
  if (!buf) return null;
  const end = buf.indexOf(10);
  if (end < 0 || buf.toString('utf8', 0, end + 1) !== header) return null;
  try {
    const doc = JSON.parse(buf.toString('utf8', end + 1)) as FactsDocument;
    const rows = doc.blobs.length;
    if (!Array.isArray(doc.blobs) || !Array.isArray(doc.columns) || doc.columns.length !== STORED_FACTS_WIDTH) return null;
    if (!doc.columns.every((c) => Array.isArray(c) && c.length === rows) || typeof doc.broken !== 'object' || !doc.broken) return null;
    return doc;
  } catch {
    return null; // truncated or damaged: built again
  }
}

/** The facts file as a cache of the facts view. */
export function factsCache(path: string, header: string): ViewCache<Facts> {
  const doc = readDocument(path, header);
  // Rows are written in the order git lists the files, and asked for in that order: the
  // next row is almost always the one asked for. A map is made only when it is not.
  let next = 0;
  let byBlob: Map<string, number> | null = null;
  const rowOf = (blob: string): number | undefined => {
    if (!doc) return undefined;
    if (doc.blobs[next] === blob) return next++;
    byBlob ??= new Map(doc.blobs.map((b, n) => [b, n]));
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
      const dead = doc !== null && (doc.blobs.some((b) => !live.has(b)) || Object.keys(doc.broken).some((b) => !live.has(b)));
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
  const next: FactsDocument = { blobs: [], columns: Array.from({ length: STORED_FACTS_WIDTH }, () => []), broken: {} };
  const add = (blob: string, field: (k: number) => unknown) => {
    next.blobs.push(blob);
    next.columns.forEach((column, k) => column.push(field(k) ?? null));
  };
  const rows = new Map(old?.blobs.map((blob, n) => [blob, n]));
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
  return next;
}

function writeFactsDocument(path: string, header: string, doc: FactsDocument): void {
  try {
    writeFileAtomic(path, [header, JSON.stringify(doc)], { durable: false });
  } catch {
    // a cache: failing to save it costs speed only
  }
}
