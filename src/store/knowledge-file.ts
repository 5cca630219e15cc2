// The knowledge file (./knowledge-index.ts says what it is for): its head, the postings read
// where a search asks, and writing it whole. Lines:
//   search       {"members": [Member…] in ID order, MiniSearch's saved index without its terms,
//                "terms": [term, start, end] of each term's postings in search-body, "size"}
//   search-body  the postings' JSON texts one after another
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { SavedIndex, Traits } from '../domain/knowledge.js';
import type { BuiltIndex } from '../domain/knowledge-build.js';
import { indexHeader } from './build.js';
import { writeFileAtomic } from './files.js';

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
const BODY = 'search-body\t';

/** The saved head, and the body read where asked (it is 30 MB at 20,000 issues, a search
 * wants a few postings of it); null when missing, another build's, cut short or damaged. */
export function readSaved(file: string): Saved | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  let saved: Saved | null = null;
  try {
    const header = indexHeader();
    const size = fstatSync(fd).size;
    const start = lineEnd(fd, 0, size) + 1;
    if (start !== Buffer.byteLength(header) || text(fd, 0, start) !== header) return null;
    if (text(fd, start, start + HEAD.length) !== HEAD) return null;
    const end = lineEnd(fd, start, size);
    const head = JSON.parse(text(fd, start + HEAD.length, end)) as Head;
    const at = end + 1 + BODY.length;
    if (!Array.isArray(head.members) || size !== at + head.size + 1) return null;
    if (text(fd, end + 1, at) !== BODY || text(fd, size - 1, size) !== '\n') return null;
    saved = { head, read: (from, to) => bytes(fd, at + from, at + to), close: () => closeSync(fd) };
    return saved;
  } catch {
    return null;
  } finally {
    if (!saved) closeSync(fd);
  }
}

function bytes(fd: number, start: number, end: number): Buffer {
  const out = Buffer.alloc(end - start);
  if (readSync(fd, out, 0, out.length, start) !== out.length) throw new Error('cut short');
  return out;
}

const text = (fd: number, start: number, end: number) => bytes(fd, start, end).toString('utf8');

/** Where the line from `start` ends (its newline), read a megabyte at a time. */
function lineEnd(fd: number, start: number, size: number): number {
  const chunk = Buffer.alloc(1 << 20);
  for (let at = start; at < size; at += chunk.length) {
    const n = readSync(fd, chunk, 0, chunk.length, at);
    const nl = chunk.subarray(0, n).indexOf(10);
    if (nl >= 0) return at + nl;
  }
  throw new Error('no newline');
}

/** The head and body that hold `index`: each term's postings placed in the body. */
export function savedParts(members: Member[], index: BuiltIndex, window?: string): { head: Head; body: Buffer } {
  const pieces: string[] = [];
  const terms: [string, number, number][] = [];
  let size = 0;
  for (const [term, json] of index.terms) {
    const length = Buffer.byteLength(json);
    pieces.push(json);
    terms.push([term, size, size + length]);
    size += length;
  }
  const head: Head = { ...index.head, members, terms, size, ...(window === undefined ? {} : { window }) };
  return { head, body: Buffer.from(pieces.join('')) };
}

/** The knowledge file written whole (what earlier builds left in it goes). */
export function save(file: string, head: Head, body: Buffer): void {
  try {
    writeFileAtomic(file, [indexHeader(), HEAD, JSON.stringify(head), '\n', BODY, body, '\n'], { durable: false });
  } catch {
    // a cache: failing to save it costs speed only
  }
}
