// Where the index's issues come from: git names the blob each issue file holds, and the
// files not seen before are read, hashed and parsed (in worker threads when there are many).
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { blobHash, readIfExists } from './files.js';
import { git } from '../git/git.js';
import { runEnv } from '../io.js';
import type { Parsed, Wanted } from './issue-record.js';
import type { Store } from './store.js';
import { packagePath } from '../package-root.js';

const ISSUES = 'issues/';
/** Below this many files to parse, workers cost more than they save. */
const WORKER_THRESHOLD = 400;

export type Progress = (done: number, total: number) => void;

/** Names of issue files (under issues/) → the blob git holds for each, where git vouches for it. */
export async function gitBlobs(store: Store, locks: boolean): Promise<Map<string, string> | null> {
  // `git status` rather than `ls-files -m`: it also refreshes git's own stat cache, so files
  // merely touched (a copy, a checkout) are not compared byte by byte on every run. Without
  // `locks` (a commit under way in this process) it leaves the index file alone.
  const known = knownPrefix(store);
  const [staged, status, prefix] = await Promise.all([
    git(store.root, ['ls-files', '-s', '-z', '--', 'issues']),
    git(store.root, [
      ...(locks ? [] : ['--no-optional-locks']),
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=no',
      '--no-renames',
      '--',
      'issues',
    ]),
    // status names paths from the repository's top
    known === null ? git(store.root, ['rev-parse', '--show-prefix']) : { code: 0, stdout: known },
  ]);
  if (staged.code !== 0 || status.code !== 0 || prefix.code !== 0) return null;
  const top = prefix.stdout.trim();
  const dirty = new Set(
    status.stdout
      .split('\0')
      .filter((entry) => entry.length > 3 && entry[1] !== ' ' && entry.startsWith(top, 3))
      .map((entry) => entry.slice(3 + top.length)),
  );
  // `<mode> <sha1> <stage>\t<path>\0` 20,000 times: read in place, two strings an entry
  const blobs = new Map<string, string>();
  const listed = staged.stdout;
  for (let at = 0; at < listed.length; ) {
    const end = listed.indexOf('\0', at);
    const stop = end < 0 ? listed.length : end;
    const tab = listed.indexOf('\t', at);
    if (tab > at && tab < stop) {
      const name = listed.slice(tab + 1 + ISSUES.length, stop);
      const space = listed.indexOf(' ', at);
      // a conflicted file (stage 1–3) or a modified one is hashed from disk
      const clean =
        listed[tab - 1] === '0' &&
        listed[tab - 2] === ' ' &&
        space < tab - 2 &&
        (dirty.size === 0 || !dirty.has(ISSUES + name));
      if (clean) blobs.set(name, listed.slice(space + 1, tab - 2));
      else blobs.delete(name);
    }
    at = stop + 1;
  }
  return blobs;
}

/** The store's folder as git names it from the repository's top: "" when the store holds
 * the `.git` folder itself (most stores), known without starting git; else null: ask. */
function knownPrefix(store: Store): string | null {
  const env = runEnv();
  if (env.GIT_DIR || env.GIT_WORK_TREE) return null;
  return store.paths.gitDir === join(store.root, '.git') ? '' : null;
}

/** Every issue file of the store, by name, with the blob git vouches for (null: modified,
 * untracked, or no git; see blobOf). */
export async function listFiles(store: Store, locks: boolean): Promise<Wanted[]> {
  const [ids, vouched] = await Promise.all([store.listIdsAsync(), store.paths.gitDir ? gitBlobs(store, locks) : null]);
  return ids.map((id) => ({ name: `${id}.yaml`, blob: vouched?.get(`${id}.yaml`) ?? null }));
}

/** The blob a listed file holds now: git's, else hashed from its bytes (and kept on it);
 * null when the file was deleted since the listing. */
export function blobOf(store: Store, item: Wanted): string | null {
  if (item.blob) return item.blob;
  const bytes = readIfExists(join(store.paths.issuesDir, item.name));
  if (bytes) item.blob = blobHash(bytes);
  return item.blob;
}

/** ID → the blob each issue file holds now. */
export async function storeBlobs(store: Store, locks: boolean): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  for (const item of await listFiles(store, locks)) {
    const blob = blobOf(store, item);
    if (blob) blobs.set(item.name.slice(0, -5), blob);
  }
  return blobs;
}

/** Read, hash and parse files; in worker threads when there are many. */
export async function parseFiles(
  store: Store,
  items: Wanted[],
  progress?: Progress,
  onParsed?: (p: Parsed) => void,
): Promise<Parsed[]> {
  const workers = Math.min(availableParallelism(), 4);
  if (items.length === 0) return [];
  if (items.length < WORKER_THRESHOLD || workers < 2) {
    const { parseOne } = await import('./issue-record.js');
    const out: Parsed[] = [];
    for (const [n, item] of items.entries()) {
      const p = parseOne(store.root, item);
      out.push(p);
      onParsed?.(p);
      if (n % 200 === 199) progress?.(n + 1, items.length);
    }
    return out;
  }
  const { Worker } = await import('node:worker_threads');
  let done = 0;
  const chunks = Array.from({ length: workers }, (_, w) => items.filter((_, n) => n % workers === w));
  const results: Parsed[] = [];
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolvePromise, reject) => {
          // the bundle's worker, also when the sources run (tests): workers cannot run TypeScript
          const worker = new Worker(packagePath('dist', 'index-worker.js'), {
            workerData: { root: store.root, items: chunk },
          });
          // results come in batches, so the main thread takes them in while the workers go on
          worker.on('message', (m: { batch: Parsed[] } | { end: true }) => {
            if ('end' in m) return resolvePromise();
            for (const p of m.batch) {
              results.push(p);
              onParsed?.(p);
            }
            done += m.batch.length;
            progress?.(done, items.length);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => code !== 0 && reject(new Error(`index worker exited with ${code}`)));
        }),
    ),
  );
  return results;
}
