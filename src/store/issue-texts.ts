// What `list --json` prints of each issue, kept as bytes beside the index (see
// ./issue-index.ts) and keyed by blob like it. At 20,000 issues, parsing the whole-issue view
// and pretty-printing it again took 4–5 s; copying stored bytes takes a tenth of that. The
// facts view chooses and orders the issues; this file only says how each one is printed.
//
// File: the header line of every index file, then a record per blob:
// `<sha1> <byte length>\n<text>\n`. New records are appended in one write; the file is
// rewritten (atomically) when its header does not match this build, when a record does not
// frame (a crash mid-write: everything from there on is dropped), or when dead records
// outnumber live ones. A text is checked to be an object before it is served.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../domain/issue.js';
import { writeFileAtomic } from './files.js';
import { indexHeader, scanIssues, type Progress } from './issue-index.js';
import type { Store } from './store.js';
import { debugIndex } from '../io.js';

const SHA1 = 40;
const OPEN = Buffer.from('  {');
const CLOSE = '}'.charCodeAt(0);

/** An issue as one element of `list --json`'s array: JSON.stringify(issue, null, 2), every
 * line indented two spaces more. */
export const issueText = (issue: Issue): string => `  ${JSON.stringify(issue, null, 2).replaceAll('\n', '\n  ')}`;

export function textsFile(store: Store): string {
  return join(store.paths.runtimeDir, 'texts-v1.txt');
}

/** Texts to copy out in order: the stored ones are read from the file as they are copied,
 * so 170 MB of them never sit in memory at once. */
export interface Texts {
  count: number;
  /** the byte length of the n-th text */
  size(n: number): number;
  /** copies the n-th text into `into` at `at` */
  copy(n: number, into: Buffer, at: number): void;
  close(): void;
}

/** Texts held in memory (made without the index). */
export function textsOf(texts: readonly string[]): Texts {
  const bytes = texts.map((text) => Buffer.from(text, 'utf8'));
  return {
    count: bytes.length,
    size: (n) => bytes[n]?.length ?? 0,
    copy: (n, into, at) => void bytes[n]?.copy(into, at),
    close: () => {},
  };
}

/** The texts of the issues `ids`, in that order; `blobs` (ID → blob) as the index just read
 * them. What the file lacks is made from the whole-issue view and kept. An issue gone
 * since (deleted, or no longer readable) is left out. */
export async function issueTexts(
  store: Store,
  ids: readonly string[],
  blobs: ReadonlyMap<string, string>,
  progress?: Progress,
): Promise<Texts> {
  const cache = textsCache(textsFile(store), indexHeader());
  const found = new Map<string, Piece>();
  const missing = new Set<string>();
  for (const id of ids) {
    const blob = blobs.get(id);
    const at = blob === undefined ? undefined : cache.records.get(blob);
    if (at) found.set(id, at);
    else missing.add(id);
  }
  const fresh = new Map<string, Buffer>();
  if (missing.size) {
    const scan = await scanIssues(store, { view: 'full', only: missing, progress });
    for (const issue of scan.issues) {
      // as UTF-8 bytes: half the memory of a string of Chinese text
      const text = Buffer.from(issueText(issue), 'utf8');
      found.set(issue.id, text);
      const blob = scan.blobs.get(issue.id);
      if (blob) fresh.set(blob, text);
    }
  }
  try {
    cache.save(new Set(blobs.values()), fresh);
  } catch {
    // a cache: failing to save it costs speed only
  }
  debugIndex(`texts: ${ids.length - missing.size} reused, ${fresh.size} made`);
  const pieces: Piece[] = [];
  for (const id of ids) {
    const piece = found.get(id);
    if (piece) pieces.push(piece);
  }
  return {
    count: pieces.length,
    size: (n) => sizeOf(pieces[n]),
    copy: (n, into, at) => {
      const piece = pieces[n];
      if (Buffer.isBuffer(piece)) piece.copy(into, at);
      else if (piece) cache.read(piece, into, at);
    },
    close: cache.close,
  };
}

/** A text: just made, or where it lies in the file ([start, byte length]). */
type Piece = Buffer | [number, number];
const sizeOf = (piece: Piece | undefined) =>
  piece === undefined ? 0 : Buffer.isBuffer(piece) ? piece.length : piece[1];

export interface TextsCache {
  /** blob → where its text lies in the file, for every record that frames */
  records: ReadonlyMap<string, [number, number]>;
  read(at: [number, number], into: Buffer, offset: number): void;
  /** `live`: every blob the store holds now; `fresh`: texts just made, by blob */
  save(live: ReadonlySet<string>, fresh: ReadonlyMap<string, Buffer>): void;
  close(): void;
}

/** The file, open; its records found by hopping from one record's head to the next (a read
 * of a few dozen bytes each), each checked to end where its length says. */
export function textsCache(path: string, header: string): TextsCache {
  const fd = openIfExists(path);
  const size = fd === null ? 0 : fstatSync(fd).size;
  const head = Buffer.from(header, 'utf8');
  const probe = Buffer.alloc(PROBE);
  const readAt = (into: Buffer, length: number, position: number) =>
    fd === null ? 0 : readSync(fd, into, 0, Math.min(length, into.length), position);
  const valid =
    size >= head.length && readAt(probe, head.length, 0) === head.length && probe.subarray(0, head.length).equals(head);
  const records = new Map<string, [number, number]>();
  let count = 0;
  let sound = valid;
  // each probe holds the end of one record ("}\n") and the head of the next ("<sha1> <length>\n  {")
  for (let at = head.length, skip = 0; sound && at + skip < size; count++) {
    const n = readAt(probe, PROBE, at);
    const lineEnd = probe.indexOf(10, skip);
    const length =
      lineEnd > skip + SHA1 + 1 && lineEnd < n && probe[skip + SHA1] === 32
        ? Number(probe.toString('latin1', skip + SHA1 + 1, lineEnd))
        : NaN;
    const start = at + lineEnd + 1;
    if (
      !Number.isSafeInteger(length) ||
      length <= OPEN.length ||
      start + length >= size ||
      !probe.subarray(lineEnd + 1, lineEnd + 1 + OPEN.length).equals(OPEN)
    ) {
      sound = false; // cut short, or garbage: from here on nothing is believed
      break;
    }
    const blob = probe.toString('latin1', skip, skip + SHA1);
    at = start + length - 1;
    skip = 2;
    if (readAt(probe, 2, at) === 2 && probe[0] === CLOSE && probe[1] === 10) records.set(blob, [start, length]);
    else sound = false;
  }
  const read = ([start, length]: [number, number], into: Buffer, offset: number) => {
    if (fd !== null)
      for (let done = 0; done < length; )
        done += readSync(fd, into, offset + done, length - done, start + done) || fail();
  };
  return {
    records,
    read,
    save(live, fresh) {
      const kept = [...records].filter(([blob]) => live.has(blob) && !fresh.has(blob));
      const dead = count - kept.length;
      if (!valid || !sound || dead > live.size) {
        // written a record at a time: the texts of 20,000 issues are 170 MB
        const whole = function* () {
          yield header;
          for (const [blob, at] of kept) {
            const text = Buffer.allocUnsafe(at[1]);
            read(at, text, 0);
            yield* [recordHead(blob, at[1]), text, NEWLINE];
          }
          for (const [blob, text] of fresh) yield* [recordHead(blob, text.length), text, NEWLINE];
        };
        writeFileAtomic(path, whole(), { durable: false });
      } else if (fresh.size) {
        // one write, so two processes appending at once never interleave within a record
        const out = openSync(path, 'a');
        try {
          writeSync(
            out,
            Buffer.concat(
              [...fresh].map(([blob, text]) =>
                Buffer.concat([Buffer.from(recordHead(blob, text.length)), text, NEWLINE]),
              ),
            ),
          );
        } finally {
          closeSync(out);
        }
      }
    },
    close: () => {
      if (fd !== null) closeSync(fd);
    },
  };
}

const PROBE = 128;
const recordHead = (blob: string, length: number) => `${blob} ${length}\n`;
const NEWLINE = Buffer.from('\n');
const fail = (): never => {
  throw new Error('the texts file is shorter than it was');
};

function openIfExists(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
