// The one format of the index's files (docs/index.md): a header line (format + build), then
// lines `<key>\t<JSON>`. In the issues file the key is a blob hash (./issue-index.ts):
// records are appended; the file is rewritten (atomically) when the header does not match or
// dead lines outnumber live ones; a whole build writes a new file as the records come in. A
// line that does not parse is dropped by the reader, and its file parsed again. In the facts
// and knowledge files the key names the line, and the file is written whole.
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Issue } from '../domain/issue.js';
import { openIfExists, readIfExists, readStart, tempPathFor, writeFileAtomic, writePieces } from './files.js';
import type { Problem } from './problems.js';

export interface IndexFile {
  valid: boolean;
  buf: Buffer;
  /** blob → where the JSON of its record lies in `buf` (decoded and parsed only when wanted) */
  lines: Map<string, [number, number]>;
  /** lines in the file, repeats included */
  count: number;
  endsWithNewline: boolean;
}

export type IndexRecord<T> = { issue: T; problem?: undefined } | { issue?: undefined; problem: Problem };

/** A line of the issues file: the issue's JSON, or {"problem": …} for a file that does not read as one. */
export function parseRecord(json: string): IndexRecord<Issue> | null {
  try {
    // an issue may keep keys of its own (a `problem:` among them), but always has its ID
    const r = JSON.parse(json) as { id?: unknown; problem?: Problem };
    if (typeof r.id === 'string') return { issue: r as Issue };
    return r.problem?.file ? { problem: r.problem } : null;
  } catch {
    return null;
  }
}

/** The JSON of the record at `at`. */
export const recordText = (index: IndexFile, at: [number, number]) => index.buf.toString('utf8', at[0], at[1]);

export function readIndex(path: string, header: string): IndexFile {
  const buf = readIfExists(path) ?? Buffer.alloc(0);
  const empty: IndexFile = { valid: false, buf, lines: new Map(), count: 0, endsWithNewline: true };
  const headerEnd = buf.indexOf(10);
  if (headerEnd < 0 || buf.toString('utf8', 0, headerEnd + 1) !== header) return empty;
  const lines = new Map<string, [number, number]>();
  let at = headerEnd + 1;
  let count = 0;
  while (at < buf.length) {
    let end = buf.indexOf(10, at);
    if (end < 0) end = buf.length;
    if (end - at > 41 && buf[at + 40] === 9) lines.set(buf.toString('latin1', at, at + 40), [at + 41, end]);
    at = end + 1;
    count++;
  }
  return { valid: true, buf, lines, count, endsWithNewline: buf[buf.length - 1] === 10 };
}

/** An index file's records found in one pass, a megabyte at a time, and read one at a time
 * where asked (the JSON of a blob's record): for a pass over every issue that must not hold
 * the whole file (330 MB at 50,000 issues). null where it is missing or another build's. */
export function openRecords(path: string, header: string): Records | null {
  const fd = openIfExists(path);
  if (fd === null) return null;
  const lines = new Map<string, [number, number]>();
  let buf = Buffer.allocUnsafe(1 << 20);
  let base = 0; // where buf[0] is in the file
  let held = 0;
  for (;;) {
    if (held === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]); // a long line
    let n: number;
    try {
      n = readSync(fd, buf, held, buf.length - held, base + held);
    } catch {
      return closed(fd); // not a file (a folder in its place)
    }
    if (n === 0) break; // a last line without its newline is left out: it may be cut short
    held += n;
    const filled = buf.subarray(0, held);
    let at = 0;
    for (let end = filled.indexOf(10); end >= 0; end = filled.indexOf(10, at)) {
      if (base + at === 0 && buf.toString('utf8', 0, end + 1) !== header) return closed(fd);
      if (end - at > 41 && buf[at + 40] === 9)
        lines.set(buf.toString('latin1', at, at + 40), [base + at + 41, base + end]);
      at = end + 1;
    }
    buf.copy(buf, 0, at, held);
    base += at;
    held -= at;
  }
  if (lines.size === 0 && base === 0) return closed(fd);
  return {
    has: (blob) => lines.has(blob),
    text(blob) {
      const at = lines.get(blob);
      if (!at) return null;
      if (buf.length < at[1] - at[0]) buf = Buffer.allocUnsafe(at[1] - at[0]);
      const n = readSync(fd, buf, 0, at[1] - at[0], at[0]);
      return buf.toString('utf8', 0, n);
    },
    close: () => closeSync(fd),
  };
}

export interface Records {
  has(blob: string): boolean;
  text(blob: string): string | null;
  close(): void;
}

function closed(fd: number): null {
  closeSync(fd);
  return null;
}

/** Fresh records appended, or the file written whole (with the live records it holds)
 * when it is not this build's or dead lines outnumber live ones. */
export function saveIndex(
  path: string,
  header: string,
  index: IndexFile,
  live: Set<string>,
  fresh: Map<string, string>,
): void {
  const dead = index.count - [...index.lines.keys()].filter((b) => live.has(b)).length; // repeats count as dead
  if (!index.valid || dead > live.size) {
    const lines = new Map(
      [...index.lines].filter(([blob]) => live.has(blob)).map(([blob, at]) => [blob, recordText(index, at)]),
    );
    for (const [blob, text] of fresh) lines.set(blob, text);
    writeFileAtomic(path, asLines(lines, header), { durable: false });
  } else if (fresh.size) {
    appendLines(path, asLines(fresh), !index.endsWithNewline);
  }
}

/** The lines of an index file, after `header` when it is given. */
export function* asLines(entries: Iterable<[string, string]>, header?: string): Generator<string> {
  if (header !== undefined) yield header;
  for (const [blob, text] of entries) yield `${blob}\t${text}\n`;
}

export function appendLines(path: string, lines: Iterable<string>, newlineFirst = false): void {
  const fd = openSync(path, 'a');
  try {
    writePieces(fd, newlineFirst ? ['\n', ...lines] : lines);
  } finally {
    closeSync(fd);
  }
}

export interface ViewWriter {
  add(blob: string, json: string): void;
  /** renames the new file onto the view's, if every line was written */
  finish(): void;
}

/** A whole new file for a view, written a megabyte at a time as records come in; null
 * where it cannot be (a read-only .git). A failure on the way leaves the old file. */
export function viewWriter(path: string, header: string): ViewWriter | null {
  let temp: string;
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    temp = tempPathFor(path);
    fd = openSync(temp, 'wx');
  } catch {
    return null;
  }
  let chunk = header;
  let failed = false;
  const seen = new Set<string>();
  const flush = () => {
    try {
      writePieces(fd, [chunk]);
    } catch {
      failed = true;
    }
    chunk = '';
  };
  return {
    add(blob, json) {
      if (failed || seen.has(blob)) return;
      seen.add(blob);
      chunk += `${blob}\t${json}\n`;
      if (chunk.length >= 1 << 20) flush();
    },
    finish() {
      if (!failed) flush();
      closeSync(fd);
      try {
        if (failed) throw new Error('not written whole');
        renameSync(temp, path);
      } catch {
        rmSync(temp, { force: true }); // a cache: the next run builds it again
      }
    },
  };
}

/** Whether the file at `path` starts with this build's header. */
export function holdsHeader(path: string, header: string): boolean {
  return readStart(path, 256)?.toString('utf8').startsWith(header) ?? false;
}

/** The named lines of a file (the facts and knowledge files), found but not decoded: null
 * where the file is missing, another build's, or not whole. */
export function namedLines(buf: Buffer | null, header: string): Map<string, [number, number]> | null {
  if (!buf || buf.toString('utf8', 0, Buffer.byteLength(header)) !== header || buf[buf.length - 1] !== 10) return null;
  const lines = new Map<string, [number, number]>();
  for (let at = Buffer.byteLength(header); at < buf.length; ) {
    const end = buf.indexOf(10, at);
    const tab = buf.indexOf(9, at);
    if (tab < 0 || tab > end) return null;
    lines.set(buf.toString('latin1', at, tab), [tab + 1, end]);
    at = end + 1;
  }
  return lines;
}

/** A file of named lines with `lines` put in first (null: taken out), the others kept as they
 * are in `old` (the file's bytes; read when not given). */
export function writeNamedLines(
  path: string,
  header: string,
  lines: Record<string, string | Buffer | null>,
  old: Buffer | null = readIfExists(path),
): void {
  const kept = [...(namedLines(old, header) ?? [])].filter(([name]) => !(name in lines));
  const pieces: (string | Buffer)[] = [header];
  for (const [name, text] of Object.entries(lines)) if (text !== null) pieces.push(`${name}\t`, text, '\n');
  for (const [name, [start, end]] of kept) pieces.push(`${name}\t`, (old as Buffer).subarray(start, end), '\n');
  try {
    writeFileAtomic(path, pieces, { durable: false });
  } catch {
    // a cache: failing to save it costs speed only
  }
}
