// The facts view's file: unlike the other views (a line per blob, appended to), one JSON
// document with the facts as columns, rewritten whenever the set of issue files changes.
// list, check and report read it at every run; one parse of a few columns is about twice
// as fast as 20,000 small ones, and makes a tenth of the garbage. A change costs one
// rewrite of a few megabytes, by the first command that sees it.
//
// File: the header line of every index file; the blob of every row, 40 hex digits each,
// one after the other; {"broken":{"<blob>":<problem>},"text":[k,…],"lengths":[n,…]}; then
// each column as a JSON array on its own line (n bytes). Row n of every column is the
// stored facts (./facts.ts) of the n-th blob. A column is parsed only when a command reads
// it: report never reads the titles or the deadlines, the two largest. Columns listed in
// "text" hold text other than ASCII; the others are decoded as one-byte strings, ten times
// faster. Rows are written in the order git lists the files and asked for in that order,
// so a warm run compares the blob line with git's listing and never makes 20,000 strings
// or a map of it.
import type { Facts, ListFacts, OrderFacts, ReportFacts } from '../domain/facts.js';
import {
  ALL_COLUMNS,
  factsAt,
  LEAN_COLUMNS,
  LIST_COLUMNS,
  listAt,
  ORDER_COLUMNS,
  orderAt,
  STORED_FACTS_WIDTH,
  type FactsColumns,
} from './facts.js';
import { readIfExists, writeFileAtomic } from './files.js';
import type { IndexRecord, ViewCache } from './issue-index.js';
import type { Problem } from './problems.js';

const SHA1 = 40;

interface FactsDocument {
  /** the blobs of the rows, SHA1 hex digits one after the other */
  blobs: string;
  broken: Record<string, Problem>;
  /** the columns asked for, parsed once; null where one of them is damaged */
  columns(wanted: readonly number[]): FactsColumns | null;
  /** parses them ahead, a column at a time, giving way between (see ViewCache.prepare) */
  prepare(wanted: readonly number[]): Promise<void>;
}

function readDocument(path: string, header: string): FactsDocument | null {
  const buf = readIfExists(path);
  if (!buf) return null;
  const ends: number[] = [];
  for (let at = 0; ends.length < 3; at = (ends.at(-1) as number) + 1) {
    const end = buf.indexOf(10, at);
    if (end < 0) return null;
    ends.push(end);
  }
  const [headerEnd, blobsEnd, metaEnd] = ends as [number, number, number];
  if (buf.toString('utf8', 0, headerEnd + 1) !== header) return null;
  const blobs = buf.toString('latin1', headerEnd + 1, blobsEnd);
  let meta: { broken: Record<string, Problem>; text: number[]; lengths: number[] };
  try {
    meta = JSON.parse(buf.toString('utf8', blobsEnd + 1, metaEnd)) as typeof meta;
  } catch {
    return null; // damaged: built again
  }
  const { broken, text, lengths } = meta;
  if (
    typeof broken !== 'object' ||
    !broken ||
    !Array.isArray(text) ||
    !Array.isArray(lengths) ||
    lengths.length !== STORED_FACTS_WIDTH
  )
    return null;
  // where each column starts; a file cut short (a crash mid-write) ends elsewhere
  const starts: number[] = [];
  let at = metaEnd + 1;
  for (const length of lengths) {
    if (!Number.isInteger(length) || length < 0) return null;
    starts.push(at);
    at += length + 1;
  }
  if (at - 1 !== buf.length) return null;
  const rows = blobs.length / SHA1;
  const parsed: (unknown[] | null | undefined)[] = [];
  const column = (k: number): unknown[] | null => {
    if (parsed[k] !== undefined) return parsed[k];
    const start = starts[k] as number;
    const encoding = text.includes(k) ? 'utf8' : 'latin1';
    try {
      const value: unknown = JSON.parse(buf.toString(encoding, start, start + (lengths[k] as number)));
      parsed[k] = Array.isArray(value) && value.length === rows ? value : null;
    } catch {
      parsed[k] = null;
    }
    return parsed[k];
  };
  return {
    blobs,
    broken,
    columns(wanted) {
      const columns: unknown[][] = Array.from({ length: STORED_FACTS_WIDTH }, () => []);
      for (const k of wanted) {
        const c = column(k);
        if (!c) return null;
        columns[k] = c;
      }
      return columns as unknown as FactsColumns;
    },
    async prepare(wanted) {
      for (const k of wanted) {
        if (!column(k)) return;
        await new Promise(setImmediate);
      }
    },
  };
}

const blobsOf = (doc: { blobs: string }): string[] =>
  Array.from({ length: doc.blobs.length / SHA1 }, (_, n) => doc.blobs.slice(n * SHA1, (n + 1) * SHA1));

/** How a view reads rows of the facts file: which columns, and the row's decoder. */
export interface FactsReader<T> {
  columns: readonly number[];
  at(columns: FactsColumns, row: number): T;
}

/** Whole facts (check). */
export const FACTS: FactsReader<Facts> = { columns: ALL_COLUMNS, at: factsAt };
/** What report counts: neither titles nor deadlines are parsed. */
export const COUNTS: FactsReader<ReportFacts> = { columns: LEAN_COLUMNS, at: factsAt };
/** What list filters, orders and shows: eleven columns of twenty-two. */
export const LIST: FactsReader<ListFacts> = { columns: LIST_COLUMNS, at: listAt };
/** What orders `list --json` when it filters nothing: two columns. */
export const ORDER: FactsReader<OrderFacts> = { columns: ORDER_COLUMNS, at: orderAt };

/** The facts file as a cache of the facts view, read as `reader` says. */
export function factsCache<T>(path: string, header: string, reader: FactsReader<T>): ViewCache<T> {
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
  let columns: FactsColumns | null | undefined; // parsed at the first row asked for
  const anyBroken = doc !== null && Object.keys(doc.broken).length > 0;
  return {
    valid: doc !== null,
    prepare: () => doc?.prepare(reader.columns) ?? Promise.resolve(),
    get(blob): IndexRecord<T> | null {
      const problem = anyBroken ? doc?.broken[blob] : undefined;
      if (problem?.file) return { problem };
      const row = rowOf(blob);
      if (!doc || row === undefined) return null;
      columns ??= doc.columns(reader.columns);
      if (!columns) return null; // a damaged column: every file is parsed again
      try {
        return { issue: reader.at(columns, row) };
      } catch {
        return null; // not facts: the file is parsed again
      }
    },
    save(live, fresh) {
      // every row asked for, in order, and nothing else: nothing to write
      if (
        doc &&
        fresh.size === 0 &&
        inOrder &&
        next === rows &&
        Object.keys(doc.broken).length === 0 &&
        live.size === rows
      )
        return;
      const dead =
        doc !== null && (blobsOf(doc).some((b) => !live.has(b)) || Object.keys(doc.broken).some((b) => !live.has(b)));
      if (doc && !dead && fresh.size === 0) return;
      writeFactsDocument(path, header, assemble(doc, live, fresh));
    },
  };
}

/** A whole facts file from records just parsed (a cold build by another view). */
export function writeFactsFile(path: string, header: string, fresh: Map<string, string>): void {
  writeFactsDocument(path, header, assemble(null, new Set(fresh.keys()), fresh));
}

/** The facts file's content, to be written. */
interface FactsData {
  blobs: string;
  columns: unknown[][];
  broken: Record<string, Problem>;
}

/** A row for every live blob, in the order of `live`: a fresh record (JSON of stored facts
 * or a problem) where there is one, else the row of `old` (none where one of its columns
 * is damaged: those files are parsed again by the next run). */
function assemble(old: FactsDocument | null, live: Set<string>, fresh: Map<string, string>): FactsData {
  const blobs: string[] = [];
  const next: FactsData = { blobs: '', columns: Array.from({ length: STORED_FACTS_WIDTH }, () => []), broken: {} };
  const add = (blob: string, field: (k: number) => unknown) => {
    blobs.push(blob);
    for (const [k, column] of next.columns.entries()) column.push(field(k) ?? null);
  };
  const oldColumns = old?.columns(ALL_COLUMNS) as unknown[][] | null | undefined;
  const rows = new Map(old && oldColumns ? blobsOf(old).map((blob, n) => [blob, n]) : []);
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
    else if (row !== undefined) add(blob, (k) => oldColumns?.[k]?.[row]);
  }
  next.blobs = blobs.join('');
  return next;
}

/** Each column on its line; "text" names those with text other than ASCII (titles,
 * customers), the others (codes, times, IDs) are decoded as one-byte strings. */
function writeFactsDocument(path: string, header: string, doc: FactsData): void {
  const text: number[] = [];
  const lines = doc.columns.map((column, k) => {
    const json = JSON.stringify(column);
    if (NOT_ASCII.test(json)) text.push(k);
    return json;
  });
  const lengths = lines.map((line) => Buffer.byteLength(line));
  try {
    writeFileAtomic(
      path,
      [header, doc.blobs, '\n', JSON.stringify({ broken: doc.broken, text, lengths }), '\n', lines.join('\n')],
      { durable: false },
    );
  } catch {
    // a cache: failing to save it costs speed only
  }
}

const NOT_ASCII = /[^\x00-\x7f]/;
