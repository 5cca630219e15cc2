// The index: what every issue file parses to, kept under <gitdir>/aftersales (never
// committed) and keyed by git blob hashes, so it cannot go stale. Each run asks git which
// blob every issue file holds (`git ls-files -s`), re-hashes the files git reports as
// modified and the ones it does not track, and parses only blobs the index has not seen.
// A hand edit, a pull, a checkout, a rebase or a deletion changes the blobs, and with them
// what is read: the index is a cache of parsing, never a second source of truth.
//
// The whole-issue and summary views are a line per blob (./index-lines.ts); the facts
// view, read at every list, check and report, is one document (./facts-file.ts); both held
// to the same rules: a damaged, truncated or older file is rebuilt, never trusted.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { git } from '../git/git.js';
import { byCodePoint } from '../domain/order.js';
import type { Issue } from '../domain/issue.js';
import { buildId } from './build.js';
import { blobHash, readIfExists, writeFileAtomic } from './files.js';
import {
  appendLines,
  asLines,
  holdsHeader,
  readIndex,
  recordText,
  saveIndex,
  viewWriter,
  type ViewWriter,
} from './index-lines.js';
import type { Parsed, Wanted } from './issue-record.js';
import { readFacts } from './facts.js';
import { COUNTS, FACTS, factsCache, LIST, ORDER, writeFactsFile } from './facts-file.js';
import { expandSummary } from './summary.js';
import type { Facts, ListFacts, OrderFacts, ReportFacts } from '../domain/facts.js';
import type { Problem } from './problems.js';
import type { Store } from './store.js';
import { debugIndex } from '../io.js';
import { packagePath } from '../package-root.js';

export const INDEX_FORMAT = 1;
/** The index's files: full: the issue as parsed; summary: see ./summary.ts; facts: see ./facts.ts. */
export type IndexView = 'full' | 'summary' | 'facts';
/** How a scan reads them: a file's view, or part of the facts file: `counts` for report,
 * `list` for list, `order` for list --json. */
export type ScanView = IndexView | 'counts' | 'list' | 'order';
/** How each scan of the facts file reads it (./facts-file.ts). */
const FACTS_READERS = { facts: FACTS, counts: COUNTS, list: LIST, order: ORDER } as const;
const readsFacts = (view: ScanView): view is keyof typeof FACTS_READERS => view in FACTS_READERS;
const fileOf = (view: ScanView): IndexView => (readsFacts(view) ? 'facts' : view);
const INDEX_VIEWS: readonly IndexView[] = ['full', 'summary', 'facts'];
const ISSUES = 'issues/';
/** Below this many files to parse, workers cost more than they save. */
const WORKER_THRESHOLD = 400;

/** What each view of an issue reads back as. */
export interface ViewShape {
  full: Issue;
  summary: Issue;
  facts: Facts;
  counts: ReportFacts;
  list: ListFacts;
  order: OrderFacts;
}

export interface StoreScan<T = Issue> {
  issues: T[];
  /** ID → git blob hash of its file, where read through the index */
  blobs: Map<string, string>;
  /** files that could not be read as issues, with their first problem */
  broken: Problem[];
}

export type Progress = (done: number, total: number) => void;

export function indexFile(store: Store, view: IndexView = 'full'): string {
  return join(
    store.paths.runtimeDir,
    `${view === 'full' ? 'index' : view}-v${INDEX_FORMAT}.${view === 'facts' ? 'json' : 'jsonl'}`,
  );
}

export type IndexRecord<T> = { issue: T; problem?: undefined } | { issue?: undefined; problem: Problem };

/** A view's file, read: the record of a blob where it holds one; and how it is saved. */
export interface ViewCache<T> {
  valid: boolean;
  /** work that can be done while git answers: git's output waits in a pipe until this
   * thread gives way, so it is done in steps */
  prepare?(): Promise<void>;
  get(blob: string): IndexRecord<T> | null;
  /** `live`: every blob the store holds now; `fresh`: records just parsed, as JSON */
  save(live: Set<string>, fresh: Map<string, string>): void;
}

function viewCache<V extends ScanView>(store: Store, view: V, build: string): ViewCache<ViewShape[V]> {
  const path = indexFile(store, fileOf(view));
  if (readsFacts(view)) return factsCache<unknown>(path, header(build), FACTS_READERS[view]) as ViewCache<ViewShape[V]>;
  const index = readIndex(path, header(build));
  return {
    valid: index.valid,
    get: (blob) => {
      const at = index.lines.get(blob);
      return at ? parseLine(recordText(index, at), view) : null;
    },
    save: (live, fresh) => saveIndex(path, header(build), index, live, fresh),
  };
}

/** Names of issue files (under issues/) → the blob git holds for each, where git vouches for it. */
async function gitBlobs(store: Store, locks: boolean): Promise<Map<string, string> | null> {
  // `git status` rather than `ls-files -m`: it also refreshes git's own stat cache, so files
  // merely touched (a copy, a checkout) are not compared byte by byte on every run. Without
  // `locks` (a commit under way in this process) it leaves the index file alone.
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
    git(store.root, ['rev-parse', '--show-prefix']), // status names paths from the repository's top
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

const READ_BACK: { [V in ScanView]: (stored: unknown) => ViewShape[V] } = {
  full: (stored) => {
    if (!(stored as Issue).id) throw new Error('not an issue');
    return stored as Issue;
  },
  summary: expandSummary,
  facts: readFacts,
  counts: readFacts,
  list: readFacts,
  order: readFacts,
};

function parseLine<V extends ScanView>(json: string, view: V): IndexRecord<ViewShape[V]> | null {
  try {
    const r = JSON.parse(json) as IndexRecord<unknown>;
    if (!r || typeof r !== 'object') return null;
    if (r.issue) return { issue: READ_BACK[view](r.issue) };
    return r.problem?.file ? { problem: r.problem } : null;
  } catch {
    return null;
  }
}

/** Read, hash and parse files; in worker threads when there are many. */
async function parseFiles(
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

export interface ScanOptions<V extends ScanView = ScanView> {
  view: V;
  /** only the latest N issues (IDs sort by time) */
  latest?: number;
  /** only these issues, by ID */
  only?: ReadonlySet<string>;
  progress?: Progress;
  /** false: git may not take its index lock (see gitBlobs) */
  gitLocks?: boolean;
}

/** Every issue of the store through the index (with a git dir, git names the blobs). */
export async function scanIssues<V extends ScanView>(
  store: Store,
  opts: ScanOptions<V>,
): Promise<StoreScan<ViewShape[V]>> {
  const { view, progress } = opts;
  const file = fileOf(view);
  const build = indexBuild();
  // git answers, and the directory is listed, while this process reads the view's file
  const asked = store.paths.gitDir ? gitBlobs(store, opts.gitLocks !== false) : null;
  const ids = store.listIdsAsync();
  const cache = viewCache(store, view, build);
  const [listed, blobs] = await Promise.all([ids, asked, cache.prepare?.()]);
  const names = listed.map((id) => `${id}.yaml`);
  const listing: Wanted[] = names.map((name) => ({ name, blob: blobs?.get(name) ?? null }));
  const { only, latest } = opts;
  const wanted = only
    ? listing.filter((w) => only.has(w.name.slice(0, -5)))
    : latest === undefined
      ? listing
      : listing.slice(-latest);

  // records[n] is the record of wanted[n]
  const records: (IndexRecord<ViewShape[V]> | null | undefined)[] = new Array(wanted.length);
  const missing: Wanted[] = [];
  const missingAt = new Map<string, number>(); // name → n
  wanted.forEach((item, n) => {
    if (!item.blob) {
      // modified or untracked: hash the bytes to find out whether the index has seen them
      const bytes = readIfExists(join(store.root, 'issues', item.name));
      if (!bytes) return; // deleted since the listing
      item.blob = blobHash(bytes);
    }
    const record = cache.get(item.blob);
    if (record) records[n] = record;
    else {
      missing.push(item);
      missingAt.set(item.name, n);
    }
  });

  // A whole build writes each line view's new file while the workers parse, not after
  const complete = missing.length === wanted.length && wanted.length === listing.length;
  const streamed = new Map<IndexView, ViewWriter>();
  if (complete && missing.length > 0) {
    for (const v of LINE_VIEWS) {
      const current = v === file ? cache.valid : holdsHeader(indexFile(store, v), header(build));
      const writer = current ? null : viewWriter(indexFile(store, v), header(build));
      if (writer) streamed.set(v, writer);
    }
  }
  const parsed = await parseFiles(store, missing, progress, (p) => {
    const n = missingAt.get(p.name);
    if (n !== undefined) records[n] = parseLine(p.json[file], view) as IndexRecord<ViewShape[V]>;
    for (const [v, writer] of streamed) writer.add(p.blob, p.json[v]);
  });
  for (const writer of streamed.values()) writer.finish();
  const fresh = (v: IndexView) => new Map(parsed.map((p) => [p.blob, p.json[v]]));
  try {
    if (!streamed.has(file))
      cache.save(new Set(listing.map((w) => w.blob).filter((b): b is string => b !== null)), fresh(file));
  } catch {
    // The index is a cache: failing to save it (read-only .git, full disk) costs speed only.
  }
  for (const other of INDEX_VIEWS) {
    if (other !== file && !streamed.has(other)) shareWithOtherView(store, other, build, fresh(other), complete);
  }
  debugIndex(
    `index (${file}): ${wanted.length - missing.length} reused, ${missing.length} parsed${cache.valid ? '' : ' (new index)'}`,
  );
  return collect(wanted, records);
}

function collect<T>(wanted: Wanted[], records: (IndexRecord<T> | null | undefined)[]): StoreScan<T> {
  const issues: T[] = [];
  const broken: Problem[] = [];
  const read: Wanted[] = [];
  // by file name (the directory is listed by ID, and '-' sorts before '.')
  const order = wanted.map((_, n) => n);
  if (!wanted.every((w, n) => n === 0 || byCodePoint((wanted[n - 1] as Wanted).name, w.name) <= 0)) {
    order.sort((a, b) => byCodePoint((wanted[a] as Wanted).name, (wanted[b] as Wanted).name));
  }
  for (const n of order) {
    const r = records[n];
    if (!r) continue; // deleted since the listing
    const item = wanted[n] as Wanted;
    if (r.problem) broken.push({ ...r.problem, file: `issues/${item.name}` });
    else issues.push(r.issue);
    read.push(item);
  }
  // the blobs are made into a map only for a command that asks (list --json, new)
  let blobs: Map<string, string> | undefined;
  return {
    issues,
    broken,
    get blobs() {
      if (!blobs) {
        blobs = new Map();
        for (const { name, blob } of read) if (blob) blobs.set(name.slice(0, -5), blob);
      }
      return blobs;
    },
  };
}

const indexBuild = () => `${INDEX_FORMAT}:${buildId()}`;
/** The first line of every index file of this build. */
export const indexHeader = () => header(indexBuild());
const header = (build: string) => `${JSON.stringify({ format: INDEX_FORMAT, build })}\n`;
/** The views kept as a line per blob (the facts view is one document). */
const LINE_VIEWS: readonly IndexView[] = ['full', 'summary'];

/** What was parsed for one view is added to each other view's file too, if it is current
 * (a few lines blindly; many only where that file lacks them). The facts file, one
 * document, is written here only whole: otherwise the facts view parses what it lacks. */
function shareWithOtherView(
  store: Store,
  view: IndexView,
  build: string,
  fresh: Map<string, string>,
  complete: boolean,
): void {
  const path = indexFile(store, view);
  if (view === 'facts') {
    if (complete && fresh.size) writeFactsFile(path, header(build), fresh);
    return;
  }
  if (fresh.size > 100) {
    const other = readIndex(path, header(build));
    if (other.valid) fresh = new Map([...fresh].filter(([blob]) => !other.lines.has(blob)));
    else if (complete) {
      // a whole build (first run, new version): the other view gets a whole file too
      try {
        writeFileAtomic(path, asLines(fresh, header(build)), { durable: false });
      } catch {
        // a cache
      }
      return;
    }
  }
  if (!fresh.size) return;
  try {
    if (!existsSync(path)) writeFileAtomic(path, asLines(fresh, header(build)), { durable: false });
    else if (holdsHeader(path, header(build))) appendLines(path, asLines(fresh));
  } catch {
    // a cache
  }
}
