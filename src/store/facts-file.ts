// The facts file: what list, check and report read at every run, one document rewritten
// whenever the set of issue files changes (a few megabytes at 20,000 issues, by the first
// command that sees the change). One parse of a few columns is about twice as fast as
// 20,000 small records, and makes a tenth of the garbage.
//
// File (docs/index.md): the header line of every index file, then lines `<name>\t<JSON>`:
//   config   the parsed config and the key it was parsed under (see Store.open)
//   blobs    the blob of every row, 40 hex digits each, one after the other
//   broken   {"<blob>": problem} for the files that do not read as issues
//   <column> one per field of the stored facts (./facts.ts), by name: row n is the n-th blob's
// A column is parsed only when a command reads it (report never reads the titles or the
// deadlines, the two largest); one that is all ASCII is decoded as one-byte text, ten times
// faster. Rows are written in the order git lists the files and asked for in that order, so
// a warm run compares the blobs line with git's listing and makes no map of it.
import { isAscii } from 'node:buffer';
import type { CheckFacts, ListFacts, OrderFacts, ReportFacts } from '../domain/facts.js';
import type { InboxFacts } from '../domain/inbox.js';
import {
  CHECK_COLUMNS,
  COLUMNS,
  factsAt,
  INBOX_COLUMNS,
  inboxAt,
  LEAN_COLUMNS,
  LIST_COLUMNS,
  listAt,
  ORDER_COLUMNS,
  orderAt,
  type Column,
  type FactsColumns,
} from './facts.js';
import { writeFileAtomic } from './files.js';
import { namedLines, writeNamedLines } from './index-lines.js';
import type { IndexRecord, ViewCache } from './issue-index.js';
import type { Problem } from './problems.js';

const SHA1 = 40;

interface FactsDocument {
  /** the blobs of the rows, SHA1 hex digits one after the other */
  blobs: string;
  broken: Record<string, Problem>;
  /** the columns asked for, parsed once; null where one of them is damaged */
  columns(wanted: readonly Column[]): FactsColumns | null;
  /** parses them ahead, a column at a time, giving way between (see ViewCache.prepare) */
  prepare(wanted: readonly Column[]): Promise<void>;
  /** a line as it is in the file */
  raw(name: string): Buffer | undefined;
}

function readDocument(buf: Buffer | null, header: string): FactsDocument | null {
  const lines = buf && namedLines(buf, header);
  if (!buf || !lines || COLUMNS.some((name) => !lines.has(name))) return null;
  const text = (name: string, encoding: BufferEncoding = 'latin1') => {
    const at = lines.get(name);
    return at && buf.toString(encoding, at[0], at[1]);
  };
  let blobs: unknown;
  let broken: unknown;
  try {
    blobs = JSON.parse(text('blobs') ?? '');
    broken = JSON.parse(text('broken', 'utf8') ?? '');
  } catch {
    return null; // damaged: built again
  }
  if (typeof blobs !== 'string' || blobs.length % SHA1 !== 0 || typeof broken !== 'object' || !broken) return null;
  const rows = blobs.length / SHA1;
  const parsed = new Map<Column, unknown[] | null>();
  const column = (name: Column): unknown[] | null => {
    let value = parsed.get(name);
    if (value !== undefined) return value;
    const [start, end] = lines.get(name) as [number, number];
    try {
      const json: unknown = JSON.parse(buf.toString(isAscii(buf.subarray(start, end)) ? 'latin1' : 'utf8', start, end));
      value = Array.isArray(json) && json.length === rows ? json : null;
    } catch {
      value = null;
    }
    parsed.set(name, value);
    return value;
  };
  return {
    blobs,
    broken: broken as Record<string, Problem>,
    columns(wanted) {
      // a column not read is empty: its field reads as missing (see LEAN_COLUMNS)
      const columns = Object.fromEntries(COLUMNS.map((name) => [name, [] as unknown[]])) as Record<Column, unknown[]>;
      for (const name of wanted) {
        const c = column(name);
        if (!c) return null;
        columns[name] = c;
      }
      return columns as unknown as FactsColumns;
    },
    async prepare(wanted) {
      for (const name of wanted) {
        if (!column(name)) return;
        await new Promise(setImmediate);
      }
    },
    raw(name) {
      const at = lines.get(name);
      return at && buf.subarray(at[0], at[1]);
    },
  };
}

const blobsOf = (doc: { blobs: string }): string[] =>
  Array.from({ length: doc.blobs.length / SHA1 }, (_, n) => doc.blobs.slice(n * SHA1, (n + 1) * SHA1));

/** How a view reads rows of the facts file: which columns, and the row's decoder. */
export interface FactsReader<T> {
  columns: readonly Column[];
  at(columns: FactsColumns, row: number): T;
}

/** What check reads: all but what waits on whom. */
export const FACTS: FactsReader<CheckFacts> = { columns: CHECK_COLUMNS, at: factsAt };
/** What report counts: neither titles nor deadlines are parsed. */
export const COUNTS: FactsReader<ReportFacts> = { columns: LEAN_COLUMNS, at: factsAt };
/** What list filters, orders and shows: eleven columns of twenty-two. */
export const LIST: FactsReader<ListFacts> = { columns: LIST_COLUMNS, at: listAt };
/** What inbox matches to a person. */
export const INBOX: FactsReader<InboxFacts> = { columns: INBOX_COLUMNS, at: inboxAt };
/** What orders `list --json` when it filters nothing: two columns. */
export const ORDER: FactsReader<OrderFacts> = { columns: ORDER_COLUMNS, at: orderAt };

/** The facts file (its bytes, as read) as a cache of the facts view, read as `reader` says;
 * `config` is the config line it is to hold. */
export function factsCache<T>(
  path: string,
  buf: Buffer | null,
  header: string,
  config: string,
  reader: FactsReader<T>,
): ViewCache<T> {
  const doc = readDocument(buf, header);
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
      const configHeld = doc?.raw('config')?.toString('utf8') === config;
      // every row asked for, in order, and nothing else: nothing to write
      const untouched = doc && fresh.size === 0 && inOrder && next === rows && !anyBroken && live.size === rows;
      if (untouched && configHeld) return;
      const dead =
        doc !== null && (blobsOf(doc).some((b) => !live.has(b)) || Object.keys(doc.broken).some((b) => !live.has(b)));
      if (doc && !dead && fresh.size === 0 && configHeld) return;
      writeFactsDocument(path, header, config, assemble(doc, live, fresh));
    },
  };
}

/** A whole facts file from records just parsed (a cold build by the issues view). */
export function writeFactsFile(path: string, header: string, config: string, fresh: Map<string, string>): void {
  writeFactsDocument(path, header, config, assemble(null, new Set(fresh.keys()), fresh));
}

/** The facts file with another config line: the rest as it was (where it is this build's). */
export const writeConfigLine = (path: string, buf: Buffer | null, header: string, config: string): void =>
  writeNamedLines(path, header, { config }, buf);

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
  const next: FactsData = { blobs: '', columns: COLUMNS.map(() => []), broken: {} };
  const add = (blob: string, field: (k: number) => unknown) => {
    blobs.push(blob);
    for (const [k, column] of next.columns.entries()) column.push(field(k) ?? null);
  };
  const oldColumns = old?.columns(COLUMNS);
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
    else if (row !== undefined && oldColumns)
      add(blob, (k) => (oldColumns[COLUMNS[k] as Column] as unknown[] | undefined)?.[row]);
  }
  next.blobs = blobs.join('');
  return next;
}

function writeFactsDocument(path: string, header: string, config: string, doc: FactsData): void {
  const lines = [
    `config\t${config}`,
    `blobs\t${JSON.stringify(doc.blobs)}`,
    `broken\t${JSON.stringify(doc.broken)}`,
    ...doc.columns.map((column, k) => `${COLUMNS[k]}\t${JSON.stringify(column)}`),
  ];
  try {
    writeFileAtomic(path, [header, lines.join('\n'), '\n'], { durable: false });
  } catch {
    // a cache: failing to save it costs speed only
  }
}
