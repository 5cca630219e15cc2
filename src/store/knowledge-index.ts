// The knowledge base's search index, for kb search, similar and new's suggestions: MiniSearch's
// saved index of every accepted issue, and what recurrences need of every issue, in the
// knowledge file under the git dir (a cache, never committed; docs/index.md). Keyed like the
// rest of the index, by git blob hashes: git names the blob of every issue file, and only the
// issues whose blob changed are read again and put into the saved index in place. A search
// reads only the postings of the terms it can match, and the files of its hits, so it costs
// about the same memory at 50,000 issues as at 1,000. The file itself: ./knowledge-file.ts;
// where its issues come from: ./knowledge-issues.ts.
import type MiniSearch from 'minisearch';
import type { Issue } from '../domain/issue.js';
import {
  buildIndex,
  causeEntry,
  hitFacts,
  isKnowledge,
  knowledgeDoc,
  loadIndexParts,
  termFilter,
  traitsOf,
  type CauseEntry,
  type HitFacts,
  type KnowledgeDoc,
  type SavedIndex,
  type Traits,
} from '../domain/knowledge.js';
import { narrowed } from '../domain/narrowed-index.js';
import { buildSaved, builtOf, type BuiltIndex } from '../domain/knowledge-build.js';
import { debugIndex } from '../io.js';
import { readAllIssues } from './all.js';
import { indexPath } from './build.js';
import { changedIssues, FEW, issueRecords, readIssue } from './knowledge-issues.js';
import { readPieces, readSaved, save, saveBuilt, savedParts, type Member, type Saved } from './knowledge-file.js';
import { storeBlobs } from './issue-sources.js';
import type { Store } from './store.js';

/** Changed issues beyond which the saved index is built anew rather than updated. */
const UPDATE_LIMIT = 500;

export interface Knowledge {
  /** what recurrences look at, for every issue in ID order */
  entries: CauseEntry[];
  traits(id: string): Traits | undefined;
  /** the accepted issues' index: only the terms of the query it was opened for */
  index: MiniSearch<KnowledgeDoc>;
  /** what a hit shows of an accepted issue */
  hit(id: string): Promise<HitFacts | null>;
}

export interface KnowledgeOptions {
  /** the text that will be searched for (null: every term) */
  query: string | null;
  /** an issue left out (new's own, being registered) */
  except?: string;
  /** only the accepted issues among the latest this many (new's suggestions) */
  latest?: number;
  /** hears how many documents a whole build has indexed */
  progress?: (done: number, total: number) => void;
  /** false: git may not take its index lock (see gitBlobs); and a few issues changed
   * outside the accepted ones are not saved (new registers one at every run: rewriting the
   * knowledge file for it cost more than reading the few files again) */
  gitLocks?: boolean;
}

/** The knowledge base as the store holds it now, ready to search for `opts.query`. */
export async function openKnowledge(store: Store, opts: KnowledgeOptions): Promise<Knowledge> {
  const gitLocks = opts.gitLocks !== false;
  if (!store.useIndex) return unindexed(store, opts);
  // the saved head is read while git lists the files
  const listing = storeBlobs(store, gitLocks);
  const file = indexPath(store.paths.runtimeDir, 'knowledge');
  const saved = readSaved(file);
  const blobs = await listing;
  if (opts.except) blobs.delete(opts.except);
  try {
    return await refreshed(store, file, saved, blobs, opts);
  } catch (err) {
    // a saved index damaged inside (a posting, the head's shape) is built anew, never trusted
    debugIndex(`kb index: damaged (${(err as Error).message})`);
    return rebuild(store, file, blobs, opts);
  } finally {
    saved?.close();
  }
}

/** Without the index (--no-index): the issues read and indexed for this run only; for `new`,
 * only the latest. */
async function unindexed(store: Store, opts: KnowledgeOptions): Promise<Knowledge> {
  const { latest } = opts;
  const { issues } = await readAllIssues(store, { gitLocks: opts.gitLocks !== false, latest });
  return fromIssues(issues.filter((i) => i.id !== opts.except));
}

/** The last `latest` issue files (IDs sort by time); all of them without `latest`. */
function latestOf(blobs: Map<string, string>, latest: number | undefined): Map<string, string> {
  return latest === undefined || blobs.size <= latest ? blobs : new Map([...blobs].slice(-latest));
}

/** The issue files a saved index covers: every one, or from its first ID on for the window
 * `new` saved (null: that window does not hold the latest `latest`, or a search wants all). */
function coveredBy(saved: Saved, blobs: Map<string, string>, latest: number | undefined) {
  const start = saved.head.window;
  if (start === undefined) return blobs;
  if (latest === undefined) return null;
  const covered = new Map([...blobs].filter(([id]) => id >= start));
  return covered.size >= Math.min(latest, blobs.size) ? covered : null;
}

/** The saved knowledge brought up to `every` (ID → blob of every issue file). */
async function refreshed(
  store: Store,
  file: string,
  found: Saved | null,
  every: Map<string, string>,
  opts: KnowledgeOptions,
): Promise<Knowledge> {
  const gitLocks = opts.gitLocks !== false;
  const blobs = found && coveredBy(found, every, opts.latest);
  if (!found || !blobs) return rebuild(store, file, every, opts);
  const saved = found;
  const known = new Map(saved.head.members.map((m) => [m[0], m]));
  const changed = [...blobs].filter(([id, blob]) => known.get(id)?.[1] !== blob).map(([id]) => id);
  const gone = saved.head.members.filter((m) => !blobs.has(m[0]));
  if (changed.length === 0 && gone.length === 0) return opened(store, saved, opts);
  if (changed.length > UPDATE_LIMIT) return rebuild(store, file, every, opts);

  const read = await changedIssues(store, changed, gitLocks);
  const fresh = new Set(changed);
  const members = [...blobs].map(([id, blob]) => {
    const got = read.get(id);
    const kept = fresh.has(id) ? undefined : known.get(id);
    // the blob of what was read, which may be newer than the listing's
    return got ? memberOf(got.issue, got.blob, id) : (kept ?? memberOf(null, blob, id));
  });
  const before = changed.map((id) => known.get(id)).filter((m): m is Member => m !== undefined);
  const out = [...gone, ...before].filter((m) => m[5]).map((m) => m[0]);
  const come = [...read.values()].flatMap(({ issue }) => (issue && isKnowledge(issue) ? [issue] : []));
  if (out.length + come.length === 0) {
    // the accepted issues are as they were: the postings are kept as they are
    const same = { ...saved, head: { ...saved.head, members } };
    if (gitLocks || changed.length + gone.length > FEW / 2) save(file, same.head, saved.read(0, saved.head.size));
    return opened(store, same, opts);
  }
  const whole = opened(store, saved, EVERY).index;
  for (const id of out) whole.discard(id);
  if (out.length) await whole.vacuum({ batchSize: Number.MAX_SAFE_INTEGER });
  whole.addAll(come.map(knowledgeDoc));
  debugIndex(`kb index: ${whole.documentCount - come.length} kept, ${come.length} added, ${out.length} discarded`);
  return saveIndex(store, file, members, builtOf(whole), opts, saved.head.window);
}

/** The issues of `blobs` read (through the index of issue files), the search index built
 * anew. For `new`, only the latest: a window of the store, saved as such (see coveredBy).
 * One issue at a time: at 50,000 issues, holding them all took 2 GB. */
async function rebuild(store: Store, file: string, every: Map<string, string>, opts: KnowledgeOptions) {
  const blobs = latestOf(every, opts.latest);
  const records = await issueRecords(store, blobs, opts.gitLocks !== false);
  const members: Member[] = [];
  function* docs(): Generator<KnowledgeDoc> {
    for (const [id, blob] of blobs) {
      const issue = records.issue(id, blob);
      const member = memberOf(issue, blob, id);
      members.push(member);
      if (issue && member[5]) yield knowledgeDoc(issue);
      if (members.length % 250 === 0 || members.length === blobs.size) opts.progress?.(members.length, blobs.size);
    }
  }
  let index: BuiltIndex;
  try {
    index = buildSaved(docs());
  } finally {
    records.close();
  }
  const start = blobs === every ? undefined : members[0]?.[0];
  debugIndex(`kb index: built, ${index.head.documentCount} documents${start ? `, from ${start} on` : ''}`);
  return saveIndex(store, file, members, index, opts, start);
}

/** Without the index (--no-index): built in memory from the issues, saved nowhere. */
function fromIssues(issues: readonly Issue[]): Knowledge {
  const byId = new Map(issues.map((i) => [i.id, i]));
  return {
    entries: issues.map(causeEntry),
    traits: (id) => {
      const issue = byId.get(id);
      return issue && traitsOf(issue);
    },
    index: buildIndex(issues),
    hit: async (id) => {
      const issue = byId.get(id);
      return issue ? hitFacts(issue) : null;
    },
  };
}

function memberOf(issue: Issue | null, blob: string, id = issue?.id ?? ''): Member {
  if (!issue) return [id, blob, null, 0, null];
  const e = causeEntry(issue);
  const member: Member = [id, blob, e.cause, e.reported, e.accepted];
  if (isKnowledge(issue)) member.push(traitsOf(issue));
  return member;
}

const EVERY: KnowledgeOptions = { query: null };

/** The saved index with only the terms `query` can match (every term for null), and only
 * the documents among the `latest` issues where asked. */
function opened(store: Store, { head, read }: Saved, { query, latest }: KnowledgeOptions): Knowledge {
  const { members, terms, size, ...rest } = head;
  const all = query === null ? read(0, size) : null;
  const body = (start: number, end: number) =>
    all ? all.toString('utf8', start, end) : read(start, end).toString('utf8');
  const wanted = query === null ? () => true : termFilter(query);
  const index: SavedIndex['index'] = [];
  for (const [term, start, end] of terms)
    if (wanted(term)) index.push([term, JSON.parse(body(start, end)) as SavedIndex['index'][number][1]]);
  const traits = new Map(members.flatMap((m) => (m[5] ? [[m[0], m[5]] as const] : [])));
  const recent = latest === undefined ? null : new Set(members.slice(-latest).map((m) => m[0]));
  const saved = { ...rest, storedFields: {}, index };
  return {
    entries: members.map((m) => ({ id: m[0], cause: m[2], reported: m[3], accepted: m[4] })),
    traits: (id) => traits.get(id),
    index: loadIndexParts(recent ? narrowed(saved, recent) : saved),
    hit: async (id) => {
      const issue = traits.has(id) ? await readIssue(store, id) : null;
      return issue ? hitFacts(issue) : null;
    },
  };
}

/** Saves the index, and opens what was saved for the query (from memory where it could
 * not be saved). */
function saveIndex(
  store: Store,
  file: string,
  members: Member[],
  index: BuiltIndex,
  opts: KnowledgeOptions,
  window: string | undefined,
): Knowledge {
  const saved = saveBuilt(file, members, index, window);
  if (saved) {
    try {
      return opened(store, saved, opts);
    } finally {
      saved.close();
    }
  }
  const { head, body } = savedParts(members, index, window);
  return opened(store, { head, read: (from, to) => readPieces(body, from, to), close: () => {} }, opts);
}
