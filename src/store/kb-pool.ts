// The pool `new` suggests solutions from: the accepted issues among the latest ones, with a
// saved search index. `new` must not pay for the store's size: reading even the summary
// view of 20,000 issues to pick the pool, and loading the whole saved index, cost more than
// registering the issue. So the pool keeps its own record of its members, checked the way
// git checks its index: a member whose file has the size, times and inode it had when it was
// read is taken as it was (a file changed within a couple of seconds of the record being
// written is hashed again, as git does for "racily clean" entries); any other is hashed, and
// read again if its bytes changed. Of the index, only the terms a search can match and the
// hits it shows are decoded.
//
// Lines of the knowledge file under the git dir (a cache, never committed; docs/index.md):
//   pool        {"index": key, "members": [Member…] in ID order, "written": ms}
//   pool-index  the key, a tab, MiniSearch's saved index without its terms, with where each
//               term's postings and each document's HitFacts lie in pool-body (byte ranges)
//   pool-body   those JSON texts one after another
// The key names the indexed documents (each knowledge member's ID and blob), so an index
// that does not belong to the members is never used; a line damaged → built again.
import { statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type MiniSearch from 'minisearch';
import type { Issue } from '../domain/issue.js';
import {
  buildIndex,
  causeEntry,
  hitFacts,
  isKnowledge,
  knowledgeDoc,
  traitsOf,
  type CauseEntry,
  type HitFacts,
  type KnowledgeDoc,
  type Traits,
} from '../domain/knowledge.js';
import { buildId } from './build.js';
import { blockingProblems, checkIssueText } from './problems.js';
import { blobHash, readIfExists, sha256 } from './files.js';
import {
  knowledgeFile,
  loadIndex,
  readMeta,
  saveIndex,
  saveMeta,
  type Member,
  type SavedPool,
} from './kb-pool-file.js';
import type { Store } from './store.js';
import { debugIndex } from '../io.js';

/** How many of the latest issues `new` looks through for suggestions (building a search
 * index over 20,000 issues at every registration took seconds; `similar ID` searches all).
 * The window moves on in steps of POOL_STEP, so that registering an issue (never knowledge)
 * changes the indexed documents only once in a hundred registrations. */
export const SUGGESTION_POOL = 1500;
const POOL_STEP = 100;
/** Changed members beyond which the pool is read whole again rather than updated. */
const UPDATE_LIMIT = 200;
/** A member whose file changed this close to the record being written is hashed again. */
const RACY_MS = 2000;

/** The latest issues of `ids` (sorted, as listed): 1,500 to 1,599 of them. */
export function poolOf(ids: readonly string[]): readonly string[] {
  const over = ids.length - SUGGESTION_POOL;
  return over <= 0 ? ids : ids.slice(Math.floor(over / POOL_STEP) * POOL_STEP);
}

export interface Pool {
  /** what recurrences look at, for every member in ID order */
  entries: CauseEntry[];
  /** the traits of each knowledge member */
  traits: Map<string, Traits>;
  /** the knowledge members' index: only the terms `query` can match, unless it was just updated */
  index: MiniSearch<KnowledgeDoc>;
  /** what a hit shows of a knowledge member */
  hit(id: string): HitFacts | null;
}

/** `new`'s pool among `ids` (the issues as listed before it wrote its own), ready to search
 * for `query`; null when it holds no knowledge. `breathe` between steps lets other work in. */
export async function suggestionPool(
  store: Store,
  ids: readonly string[],
  query: string,
  breathe: () => Promise<unknown> = async () => {},
): Promise<Pool | null> {
  const pool = poolOf(ids);
  if (pool.length === 0) return null;
  const file = knowledgeFile(store);
  const saved = readMeta(file);
  const path = (id: string) => join(store.paths.issuesDir, `${id}.yaml`);

  if (saved) {
    // members[n] is pool[n]'s member, or null when its file must be read again
    const members: (Member | null)[] = [];
    const come: { n: number; id: string; bytes: Buffer; blob: string; stat: Stats; issue?: Issue | null }[] = [];
    let restated = false;
    for (const [n, id] of pool.entries()) {
      if (n % 100 === 99) await breathe();
      const stat = statSync(path(id), { throwIfNoEntry: false });
      if (!stat) continue; // deleted since the listing
      const known = saved.members.get(id);
      if (known && known[2] === statKey(stat) && known[3] < saved.written - RACY_MS) {
        members.push(known);
        continue;
      }
      const bytes = readIfExists(path(id));
      if (!bytes) continue;
      const blob = blobHash(bytes);
      if (known && known[1] === blob) {
        if (known[2] !== statKey(stat)) restated = true;
        members.push(withStat(known, stat));
        continue;
      }
      come.push({ n: members.length, id, bytes, blob, stat });
      members.push(null);
    }
    if (come.length <= UPDATE_LIMIT) {
      await breathe();
      for (const c of come) {
        c.issue = parse(store, c.id, c.bytes);
        members[c.n] = memberOf(c.id, c.blob, c.stat, c.issue);
      }
      const next = members as Member[];
      const kept = new Map(next.map((m) => [m[0], m]));
      const discarded = [...saved.members.values()]
        .filter((m) => m[4] === 1 && kept.get(m[0])?.[1] !== m[1])
        .map((m) => m[0]);
      const added = come.flatMap((c) => (c.issue && isKnowledge(c.issue) ? [c.issue] : []));
      const key = indexKey(next);
      const changed = come.length > 0 || restated || saved.members.size !== next.length;
      if (discarded.length + added.length === 0 && !next.some((m) => m[4] === 1)) {
        if (changed) saveMeta(file, key, next);
        return null; // nothing solved among them
      }
      let index: SavedPool | null = null;
      if (discarded.length + added.length === 0) {
        if (key === saved.index) index = loadIndex(file, key, query);
      } else {
        const loaded = loadIndex(file, saved.index, null);
        const updated = loaded && (await update(loaded, discarded, added, next));
        if (updated) {
          debug(
            `kb pool: ${updated.index.documentCount - added.length} kept, ${added.length} added, ${discarded.length} discarded`,
          );
          saveIndex(file, key, updated.index, updated.facts);
        }
        index = updated;
      }
      if (index) {
        if (changed || key !== saved.index) saveMeta(file, key, next);
        return poolFrom(next, index);
      }
    }
  }
  return rebuild(store, pool, file);
}

/** The saved index with `discarded` taken out and `added` put in; null if they do not fit it. */
async function update(
  saved: SavedPool,
  discarded: string[],
  added: Issue[],
  members: Member[],
): Promise<{ index: MiniSearch<KnowledgeDoc>; facts: Map<string, string> } | null> {
  try {
    const { index } = saved;
    for (const id of discarded) index.discard(id);
    if (discarded.length) await index.vacuum({ batchSize: Number.MAX_SAFE_INTEGER });
    index.addAll(added.map(knowledgeDoc));
    const facts = new Map(members.filter((m) => m[4] === 1).map((m) => [m[0], saved.facts.get(m[0]) ?? '']));
    for (const issue of added) facts.set(issue.id, JSON.stringify(hitFacts(issue)));
    return { index, facts };
  } catch {
    return null; // built again
  }
}

/** Every member read again (through the index of issue files), the search index built anew. */
async function rebuild(store: Store, pool: readonly string[], file: string): Promise<Pool | null> {
  // each file's stat is taken before it is read: a change after that shows in the next stat
  const stats = new Map(
    pool.map((id) => [id, statSync(join(store.paths.issuesDir, `${id}.yaml`), { throwIfNoEntry: false })]),
  );
  const { readAllIssues } = await import('./all.js');
  const scan = await readAllIssues(store, { view: 'full', only: new Set(pool), gitLocks: false });
  const issues = new Map(scan.issues.map((i) => [i.id, i]));
  const members: Member[] = [];
  for (const id of pool) {
    const stat = stats.get(id);
    if (!stat) continue; // deleted since the listing
    // git's blob of what the index read; hashed here without the index
    let blob = scan.blobs.get(id);
    if (!blob) {
      const bytes = readIfExists(join(store.paths.issuesDir, `${id}.yaml`));
      if (!bytes) continue;
      blob = blobHash(bytes);
    }
    members.push(memberOf(id, blob, stat, issues.get(id) ?? null));
  }
  const knowledge = members.filter((m) => m[4] === 1).map((m) => issues.get(m[0]) as Issue);
  const index = buildIndex(knowledge);
  debug(`kb pool: built, ${index.documentCount} documents`);
  const key = indexKey(members);
  const facts = new Map(knowledge.map((i) => [i.id, JSON.stringify(hitFacts(i))]));
  saveIndex(file, key, index, facts, members);
  return knowledge.length ? poolFrom(members, { index, facts }) : null;
}

function poolFrom(members: Member[], saved: SavedPool): Pool | null {
  if (saved.index.documentCount === 0) return null;
  const traits = new Map<string, Traits>();
  for (const m of members) if (m[4] === 1) traits.set(m[0], { line: m[8], component: m[9], type: m[10] });
  const hit = (id: string) => {
    const text = saved.facts.get(id);
    return text ? (JSON.parse(text) as HitFacts) : null;
  };
  return {
    entries: members.map((m) => ({ id: m[0], cause: m[5], reported: m[6], accepted: m[7] })),
    traits,
    index: saved.index,
    hit,
  };
}

function memberOf(id: string, blob: string, stat: Stats, issue: Issue | null): Member {
  if (!issue) return [id, blob, statKey(stat), stat.mtimeMs, 0, null, 0, null, null, null, ''];
  const e = causeEntry(issue);
  const t = traitsOf(issue);
  return [
    id,
    blob,
    statKey(stat),
    stat.mtimeMs,
    isKnowledge(issue) ? 1 : 0,
    e.cause,
    e.reported,
    e.accepted,
    t.line,
    t.component,
    t.type,
  ];
}

const withStat = (m: Member, stat: Stats): Member => [
  m[0],
  m[1],
  statKey(stat),
  stat.mtimeMs,
  m[4],
  m[5],
  m[6],
  m[7],
  m[8],
  m[9],
  m[10],
];

/** What git's index compares too: size, modification and change times, inode. */
const statKey = (s: Stats) => `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;

/** The careful loader's reading of a member's bytes; null when it does not parse. */
function parse(store: Store, id: string, bytes: Buffer): Issue | null {
  const checked = checkIssueText(store.fileOf(id), bytes.toString('utf8'), store.config, id);
  return blockingProblems(checked).length ? null : checked.issue;
}

function indexKey(members: readonly Member[]): string {
  return `${buildId()}:${sha256(
    members
      .filter((m) => m[4] === 1)
      .map((m) => `${m[0]} ${m[1]}`)
      .join('\n'),
  )}`;
}

const debug = debugIndex;
