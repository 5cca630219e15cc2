// Files on disk: atomic writes (temp file + fsync + rename, so a crash leaves the old
// file or the new one, never half of either) and a per-store lock for writers.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { hostname } from 'node:os';
import { AftersalesError } from '../errors.js';

/** Larger issue files are refused: the careful loader keeps every node and position. */
export const MAX_ISSUE_CHARS = 8 * 2 ** 20;

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** git's blob hash: sha1 of `blob <size>\0<bytes>`, what `git ls-files -s` prints. */
export function blobHash(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** `durable: false` skips the fsync: for caches, which are checked when read. Content
 * given in pieces is written a megabyte at a time (a 100 MB index, joined into one string
 * first, took seconds to encode). */
export function writeFileAtomic(
  path: string,
  content: string | Buffer | Iterable<string | Buffer>,
  opts: { exclusive?: boolean; durable?: boolean } = {},
): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'wx');
  try {
    if (Buffer.isBuffer(content)) writeAll(fd, content);
    else writePieces(fd, typeof content === 'string' ? [content] : content);
    if (opts.durable !== false) fsyncSync(fd);
  } catch (err) {
    rmSync(temp, { force: true }); // a full disk, say: nothing half-written is left beside it
    throw err;
  } finally {
    closeSync(fd);
  }
  try {
    if (opts.exclusive) {
      // link() fails when the target exists: no race between "is it there" and "rename".
      try {
        linkSyncNoReplace(temp, path);
      } finally {
        rmSync(temp, { force: true });
      }
    } else {
      renameSync(temp, path);
    }
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** A fresh name beside `path` for a file that will be renamed onto it. */
export const tempPathFor = (path: string) =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** Strings written to `fd` in UTF-8, gathered into pieces of about a megabyte; bytes as
 * they are. */
export function writePieces(fd: number, pieces: Iterable<string | Buffer>): void {
  let chunk = '';
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      if (chunk) writeAll(fd, Buffer.from(chunk, 'utf8'));
      chunk = '';
      writeAll(fd, piece);
      continue;
    }
    chunk += piece;
    if (chunk.length >= 1 << 20) {
      writeAll(fd, Buffer.from(chunk, 'utf8'));
      chunk = '';
    }
  }
  if (chunk) writeAll(fd, Buffer.from(chunk, 'utf8'));
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

function linkSyncNoReplace(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AftersalesError('fileExists', { file: to });
    throw err;
  }
}

export function readIfExists(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** A descriptor to read the file at `path`; null where it cannot be opened. */
export function openIfExists(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch {
    return null;
  }
}

/** The start of a file, up to `size` bytes; null where there is none. */
export function readStart(path: string, size: number): Buffer | null {
  const fd = openIfExists(path);
  if (fd === null) return null;
  try {
    const buf = Buffer.allocUnsafe(size);
    return buf.subarray(0, readSync(fd, buf, 0, size, 0));
  } finally {
    closeSync(fd);
  }
}

interface LockOwner {
  pid: number;
  host: string;
  at: number;
}

function alive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return Date.now() - owner.at < 10 * 60_000;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run `fn` holding the store's write lock; waits up to `waitMs`, recovers stale locks. */
export async function withLock<T>(lockPath: string, fn: () => Promise<T>, waitMs = 10_000): Promise<T> {
  mkdirSync(dirname(lockPath), { recursive: true });
  const deadline = Date.now() + waitMs;
  const me: LockOwner = { pid: process.pid, host: hostname(), at: Date.now() };
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: LockOwner | null = null;
      try {
        owner = JSON.parse(readFileSync(lockPath, 'utf8')) as LockOwner;
      } catch {
        owner = null; // being written right now, or garbage
      }
      const garbage = owner === null && ageMs(lockPath) > 5_000;
      if (garbage || (owner && !alive(owner))) {
        rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new AftersalesError('lockBusy', { pid: owner?.pid ?? '?' });
      await sleep(25 + Math.random() * 50);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
