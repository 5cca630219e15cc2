// The index: what every issue file parses to, kept under <gitdir>/aftersales (never
// committed) and keyed by git blob hashes, so it cannot go stale. Each run asks git which
// blob every issue file holds (`git ls-files -s`), re-hashes the files git reports as
// modified and the ones it does not track, and parses only blobs the index has not seen.
// A hand edit, a pull, a checkout, a rebase or a deletion changes the blobs, and with them
// what is read: the index is a cache of parsing, never a second source of truth.
//
// Two files (docs/index.md): the issues file, a line per blob holding the issue's JSON as
// `list --json` prints it (./index-lines.ts), and the facts file, one document of named
// columns read at every list, check and report (./facts-file.ts). Both held to the same
// rules: a damaged, truncated or another build's file is rebuilt, never trusted.
import { byCodePoint } from '../domain/order.js';
import type { Issue } from '../domain/issue.js';
import { indexHeader, indexPath, removeOldIndexFiles } from './build.js';
import { readIfExists } from './files.js';
import {
  appendLines,
  asLines,
  holdsHeader,
  parseRecord,
  readIndex,
  recordText,
  saveIndex,
  viewWriter,
  type IndexFile,
  type IndexRecord,
} from './index-lines.js';
import { readFacts, storedFacts } from './facts.js';
import type { Parsed, Wanted } from './issue-record.js';
import { blobOf, listFiles, parseFiles, type Progress } from './issue-sources.js';
import { COUNTS, FACTS, factsCache, INBOX, LIST, ORDER, writeFactsFile } from './facts-file.js';
import type { CheckFacts, Facts, ListFacts, OrderFacts, ReportFacts } from '../domain/facts.js';
import type { InboxFacts } from '../domain/inbox.js';
import type { Problem } from './problems.js';
import type { Store } from './store.js';
import { debugIndex } from '../io.js';

/** The index's files: full: the issue as parsed; facts: see ./facts.ts. */
export type IndexView = 'full' | 'facts';
/** How a scan reads them: a file's view, or part of the facts file: `counts` for report,
 * `list` for list, `order` for list --json. */
export type ScanView = IndexView | 'counts' | 'list' | 'order' | 'inbox';
/** How each scan of the facts file reads it (./facts-file.ts). */
const FACTS_READERS = { facts: FACTS, counts: COUNTS, list: LIST, order: ORDER, inbox: INBOX } as const;
const readsFacts = (view: ScanView): view is keyof typeof FACTS_READERS => view in FACTS_READERS;
const fileOf = (view: ScanView): IndexView => (readsFacts(view) ? 'facts' : view);
/** Up to this many records, one file's are added to the other's without reading it. */
const FEW = 100;

/** What each view of an issue reads back as. */
export interface ViewShape {
  full: Issue;
  facts: CheckFacts;
  counts: ReportFacts;
  list: ListFacts;
  order: OrderFacts;
  inbox: InboxFacts;
}

export interface StoreScan<T = Issue> {
  issues: T[];
  /** ID → git blob hash of its file, where read through the index */
  blobs: Map<string, string>;
  /** files that could not be read as issues, with their first problem */
  broken: Problem[];
}

export type { Progress } from './issue-sources.js';

export function indexFile(store: Store, view: IndexView = 'full'): string {
  return indexPath(store.paths.runtimeDir, view === 'full' ? 'issues' : 'facts');
}

export type { IndexRecord } from './index-lines.js';

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

function viewCache<V extends ScanView>(store: Store, view: V, header: string): ViewCache<ViewShape[V]> {
  const path = indexFile(store, fileOf(view));
  if (readsFacts(view)) {
    const buf = readIfExists(path);
    return factsCache<unknown>(path, buf, header, store.configLine, FACTS_READERS[view]) as ViewCache<ViewShape[V]>;
  }
  const index = readIndex(path, header);
  return {
    valid: index.valid,
    get: (blob) => {
      const at = index.lines.get(blob);
      return at ? (parseRecord(recordText(index, at)) as IndexRecord<ViewShape[V]> | null) : null;
    },
    save: (live, fresh) => saveIndex(path, header, index, live, fresh),
  };
}

/** Whether a line of the issues file frames as an issue's JSON (see issueTexts). */
const ISSUE_START = Buffer.from('{"id":"');
const framesIssue = (index: IndexFile, [start, end]: [number, number]) =>
  index.buf[end - 1] === 0x7d && index.buf.subarray(start, start + ISSUE_START.length).equals(ISSUE_START);

/** The JSON of the issues `ids`, in that order, as the issues file keeps it (`blobs`: ID →
 * blob, as a scan just read them): copied, never parsed. What it lacks is parsed and kept.
 * An issue gone since (deleted, or no longer readable) is left out. */
export async function issueTexts(
  store: Store,
  ids: readonly string[],
  blobs: ReadonlyMap<string, string>,
  progress?: Progress,
): Promise<Buffer[]> {
  const index = readIndex(indexFile(store, 'full'), indexHeader());
  const texts = new Map<string, Buffer>();
  const missing = new Set<string>();
  for (const id of ids) {
    const blob = blobs.get(id);
    const at = blob === undefined ? undefined : index.lines.get(blob);
    if (at && framesIssue(index, at)) texts.set(id, index.buf.subarray(at[0], at[1]));
    else missing.add(id);
  }
  if (missing.size) {
    const scan = await scanIssues(store, { view: 'full', only: missing, progress });
    for (const issue of scan.issues) texts.set(issue.id, Buffer.from(JSON.stringify(issue)));
  }
  debugIndex(`texts: ${ids.length - missing.size} copied, ${missing.size} parsed`);
  return ids.flatMap((id) => texts.get(id) ?? []);
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
  const header = indexHeader();
  // git answers, and the directory is listed, while this process reads the view's file
  const listed = listFiles(store, opts.gitLocks !== false);
  const cache = viewCache(store, view, header);
  const [listing] = await Promise.all([listed, cache.prepare?.()]);
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
    // modified or untracked: the bytes are hashed to find out whether the index has seen them
    const blob = blobOf(store, item);
    if (!blob) return; // deleted since the listing
    const record = cache.get(blob);
    if (record) records[n] = record;
    else {
      missing.push(item);
      missingAt.set(item.name, n);
    }
  });

  // What the facts file lacks, the issues file may hold: JSON is read ten times faster than YAML
  const fromIssues = file === 'facts' && missing.length > FEW ? await factsFromIssues(store, header, missing) : [];
  const reread = new Set(fromIssues.map((p) => p.name));
  const toParse = reread.size ? missing.filter((w) => !reread.has(w.name)) : missing;
  // a whole build writes the new issues file while the workers parse, not after
  const complete = toParse.length === wanted.length && wanted.length === listing.length;
  const streamed =
    complete && toParse.length > 0 && !(file === 'full' && cache.valid)
      ? viewWriter(indexFile(store, 'full'), header)
      : null;
  const take = (p: Parsed) => {
    const n = missingAt.get(p.name);
    if (n !== undefined)
      records[n] = (file === 'full' ? parseRecord(p.json.full) : factsRecord(p.json.facts)) as IndexRecord<
        ViewShape[V]
      >;
  };
  fromIssues.forEach(take);
  const parsed = await parseFiles(store, toParse, progress, (p) => {
    take(p);
    streamed?.add(p.blob, p.json.full);
    if (streamed && file === 'facts') p.json.full = ''; // written, and read no more: 300 MB at 50,000 issues
  });
  if (streamed) {
    streamed.finish();
    removeOldIndexFiles(store.paths.runtimeDir);
  }
  const fresh = (v: IndexView, from: Parsed[]) => new Map(from.map((p) => [p.blob, p.json[v]]));
  const live = () => new Set(listing.map((w) => w.blob).filter((b): b is string => b !== null));
  try {
    if (file === 'facts') cache.save(live(), fresh('facts', [...fromIssues, ...parsed]));
    else if (!streamed) cache.save(live(), fresh('full', parsed));
    // what was parsed for one file goes into the other too
    if (file === 'facts' && !streamed && parsed.length) addToIssuesFile(store, header, fresh('full', parsed));
    if (file === 'full' && complete && parsed.length)
      writeFactsFile(indexFile(store, 'facts'), header, store.configLine, fresh('facts', parsed));
  } catch {
    // The index is a cache: failing to save it (read-only .git, full disk) costs speed only.
  }
  const reused = wanted.length - missing.length;
  const fromFile = fromIssues.length ? `, ${fromIssues.length} from the issues file` : '';
  debugIndex(
    `index (${file}): ${reused} reused, ${parsed.length} parsed${fromFile}${cache.valid ? '' : ' (new index)'}`,
  );
  return collect(wanted, records);
}

/** A facts record (as the facts file stores them) read back. */
function factsRecord(json: string): IndexRecord<Facts> | null {
  try {
    const r = JSON.parse(json) as IndexRecord<unknown>;
    if (r.problem) return r.problem.file ? { problem: r.problem } : null;
    return { issue: readFacts(r.issue) };
  } catch {
    return null;
  }
}

/** The facts of the files `missing` where the issues file holds them. */
async function factsFromIssues(store: Store, header: string, missing: readonly Wanted[]): Promise<Parsed[]> {
  const index = readIndex(indexFile(store, 'full'), header);
  if (!index.valid) return [];
  const out: Parsed[] = [];
  for (const w of missing) {
    const at = w.blob ? index.lines.get(w.blob) : undefined;
    const record = at && parseRecord(recordText(index, at));
    if (!record || !w.blob) continue;
    const full = recordText(index, at);
    const facts = JSON.stringify(record.issue ? { issue: storedFacts(record.issue) } : record);
    out.push({ name: w.name, blob: w.blob, json: { full, facts } });
  }
  return out;
}

/** Lines just parsed for the facts view, added to the issues file where it is this build's. */
function addToIssuesFile(store: Store, header: string, fresh: Map<string, string>): void {
  const path = indexFile(store, 'full');
  if (fresh.size <= FEW) {
    // a few lines appended blindly: a repeat is a dead line, dropped at the next rewrite
    if (holdsHeader(path, header)) appendLines(path, asLines(fresh));
    return;
  }
  const index = readIndex(path, header);
  saveIndex(path, header, index, new Set([...index.lines.keys(), ...fresh.keys()]), fresh);
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
