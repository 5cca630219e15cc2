// The knowledge file (./knowledge-index.ts says what it is for): its head, the postings read
// where a search asks, and writing it whole. Lines:
//   search-body  the postings' JSON texts one after another
//   search       {"members": [Member…] in ID order, MiniSearch's saved index without its terms,
//                "terms": [term, start, end] of each term's postings in search-body, "size"}
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SavedIndex, Traits } from '../domain/knowledge.js';
import type { BuiltIndex } from '../domain/knowledge-build.js';
import { indexHeader } from './build.js';
import { openIfExists, tempPathFor, writeFileAtomic, writePieces } from './files.js';

/** [ID, blob, cause, reported, accepted, traits where it is knowledge] of every issue file;
 * one that does not read as an issue has no cause and is not knowledge. */
export type Member = [string, string, string | null, number, number | null, Traits?];

export interface Head extends Omit<SavedIndex, 'index'> {
  members: Member[];
  terms: [string, number, number][];
  size: number;
  /** the first ID it covers, when `new` saved only the latest issues (a window) */
  window?: string;
}

export interface Saved {
  head: Head;
  /** bytes of search-body */
  read(start: number, end: number): Buffer;
  close(): void;
}

const HEAD = 'search\t';
const PIECE = 1 << 16;
const BODY = 'search-body\t';

/** The saved head, and the body read where asked (it is 30 MB at 20,000 issues, a search
 * wants a few postings of it); null when missing, another build's, cut short or damaged. */
export function readSaved(file: string): Saved | null {
  const fd = openIfExists(file);
  if (fd === null) return null;
  let saved: Saved | null = null;
  try {
    const size = fstatSync(fd).size;
    const at = Buffer.byteLength(indexHeader()) + BODY.length;
    if (text(fd, 0, at) !== indexHeader() + BODY || text(fd, size - 1, size) !== '\n') return null;
    // the head is the last line: it is known only once the body is written
    const start = lineStart(fd, size - 1);
    if (text(fd, start, start + HEAD.length) !== HEAD) return null;
    const head = JSON.parse(text(fd, start + HEAD.length, size - 1)) as Head;
    if (!Array.isArray(head.members) || start !== at + head.size + 1) return null;
    saved = reading(fd, at, head);
    return saved;
  } catch {
    return null;
  } finally {
    if (!saved) closeSync(fd);
  }
}

const reading = (fd: number, at: number, head: Head): Saved => ({
  head,
  read: (from, to) => bytes(fd, at + from, at + to),
  close: () => closeSync(fd),
});

function bytes(fd: number, start: number, end: number): Buffer {
  const out = Buffer.alloc(end - start);
  if (readSync(fd, out, 0, out.length, start) !== out.length) throw new Error('cut short');
  return out;
}

const text = (fd: number, start: number, end: number) => bytes(fd, start, end).toString('utf8');

/** Where the line that ends at `end` starts, read back a megabyte at a time. */
function lineStart(fd: number, end: number): number {
  const chunk = Buffer.alloc(1 << 20);
  for (let stop = end; stop > 0; ) {
    const from = Math.max(0, stop - chunk.length);
    const nl = chunk.subarray(0, readSync(fd, chunk, 0, stop - from, from)).lastIndexOf(10);
    if (nl >= 0) return from + nl + 1;
    stop = from;
  }
  throw new Error('no newline');
}

/** The head and body that hold `index`, in memory: where it could not be saved. */
export function savedParts(members: Member[], index: BuiltIndex, window?: string): { head: Head; body: Buffer[] } {
  const parts = laidOut(index);
  const body = [...parts.body()];
  return { head: headOf(members, index, parts, window), body };
}

/** The body as pieces of about 64 KB, each term's place in it noted as it goes: a string of
 * a megabyte is only collected by a whole GC, which came too late (the peak memory rose by
 * 100 MB at 50,000 issues). */
function laidOut(index: BuiltIndex) {
  const terms: [string, number, number][] = [];
  let size = 0;
  function* body(): Generator<Buffer> {
    let piece = Buffer.allocUnsafe(PIECE);
    let used = 0;
    for (const [term, json] of index.terms) {
      terms.push([term, size, size + json.length]);
      size += json.length;
      if (used > 0 && used + json.length > PIECE) {
        yield piece.subarray(0, used);
        piece = Buffer.allocUnsafe(PIECE);
        used = 0;
      }
      if (json.length > PIECE) yield json;
      else used += json.copy(piece, used);
    }
    yield piece.subarray(0, used);
  }
  return { terms, body, size: () => size };
}

function headOf(members: Member[], index: BuiltIndex, parts: ReturnType<typeof laidOut>, window?: string): Head {
  const { terms } = parts;
  return { ...index.head, members, terms, size: parts.size(), ...(window === undefined ? {} : { window }) };
}

/** The knowledge file written as `index`'s postings are made, none held (83 MB at 50,000
 * issues), and read through the same descriptor: another process may put its own file in
 * its place at any time. null where it could not be written. */
export function saveBuilt(file: string, members: Member[], index: BuiltIndex, window?: string): Saved | null {
  const parts = laidOut(index);
  let head: Head | undefined;
  function* pieces(): Generator<string | Buffer> {
    yield indexHeader() + BODY;
    yield* parts.body();
    head = headOf(members, index, parts, window);
    yield `\n${HEAD}`;
    yield JSON.stringify(head);
    yield '\n';
  }
  let temp: string | undefined;
  let fd: number | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    temp = tempPathFor(file);
    fd = openSync(temp, 'wx+');
    writePieces(fd, pieces());
    renameSync(temp, file);
    return reading(fd, Buffer.byteLength(indexHeader()) + BODY.length, head as Head);
  } catch {
    // a cache: failing to save it costs speed only
    if (fd !== undefined) closeSync(fd);
    if (temp) rmSync(temp, { force: true });
    return null;
  }
}

/** Bytes `start` to `end` of a body kept in pieces. */
export function readPieces(pieces: readonly Buffer[], start: number, end: number): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (const piece of pieces) {
    const next = at + piece.length;
    if (next > start && at < end) out.push(piece.subarray(Math.max(start - at, 0), Math.min(end - at, piece.length)));
    at = next;
  }
  return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
}

/** The knowledge file written whole (what earlier builds left in it goes). */
export function save(file: string, head: Head, body: Buffer | readonly Buffer[]): void {
  try {
    const pieces = [indexHeader(), BODY, ...[body].flat(), `\n${HEAD}`, JSON.stringify(head), '\n'];
    writeFileAtomic(file, pieces, { durable: false });
  } catch {
    // a cache: failing to save it costs speed only
  }
}
