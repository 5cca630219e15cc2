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
  loadIndexParts,
  termFilter,
  traitsOf,
  type CauseEntry,
  type HitFacts,
  type KnowledgeDoc,
  type SavedIndex,
  type Traits,
} from '../domain/knowledge.js';
import { buildId, indexHeader, indexPath } from './build.js';
import { blockingProblems, checkIssueText } from './problems.js';
import { blobHash, readIfExists, sha256 } from './files.js';
import { namedLines, writeNamedLines } from './index-lines.js';
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

/** [ID, blob, stat key, mtime ms, knowledge?, cause, reported, accepted, line, component, type];
 * a file that does not parse has no cause and is not knowledge. */
type Member = [
  string,
  string,
  string,
  number,
  0 | 1,
  string | null,
  number,
  number | null,
  string | null,
  string | null,
  string,
];

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

/** The knowledge file: new's pool here, and the index of all knowledge (./kb-cache.ts). */
export const knowledgeFile = (store: Store) => indexPath(store.paths.runtimeDir, 'knowledge');

/** The file's named lines, as text (null: missing or not this build's). */
function readLines(file: string): ((name: string) => string | undefined) | null {
  const buf = readIfExists(file);
  const lines = namedLines(buf, indexHeader());
  if (!buf || !lines) return null;
  return (name) => {
    const at = lines.get(name);
    return at && buf.toString('utf8', at[0], at[1]);
  };
}

function readMeta(file: string): { index: string; members: Map<string, Member>; written: number } | null {
  try {
    const doc = JSON.parse(readLines(file)?.('pool') ?? 'null') as {
      index: string;
      members: Member[];
      written: number;
    };
    if (typeof doc?.index !== 'string' || !Array.isArray(doc.members) || typeof doc.written !== 'number') return null;
    return { index: doc.index, members: new Map(doc.members.map((m) => [m[0], m])), written: doc.written };
  } catch {
    return null; // missing or damaged: read whole again
  }
}

const poolLine = (index: string, members: readonly Member[]) => JSON.stringify({ index, members, written: Date.now() });

function saveMeta(file: string, index: string, members: readonly Member[]): void {
  writeNamedLines(file, indexHeader(), { pool: poolLine(index, members) });
}

/** A saved index, and each document's HitFacts as JSON (only those asked for, when some). */
interface SavedPool {
  index: MiniSearch<KnowledgeDoc>;
  facts: { get(id: string): string | undefined };
}

interface IndexHead extends Omit<SavedIndex, 'index'> {
  /** [term, start, end] of its postings in the body */
  terms: [string, number, number][];
  /** [ID, start, end] of its HitFacts */
  facts: [string, number, number][];
  size: number;
}

function saveIndex(
  file: string,
  key: string,
  index: MiniSearch<KnowledgeDoc>,
  facts: ReadonlyMap<string, string>,
  members?: readonly Member[],
): void {
  // stored fields (the title) are not needed: hits show HitFacts
  const { index: terms, ...rest } = { ...index.toJSON(), storedFields: {} };
  const body: Buffer[] = [];
  let size = 0;
  const place = (text: string): [number, number] => {
    const bytes = Buffer.from(text, 'utf8');
    body.push(bytes);
    size += bytes.length;
    return [size - bytes.length, size];
  };
  const head: IndexHead = {
    ...rest,
    terms: terms.map(([term, postings]) => [term, ...place(JSON.stringify(postings))]),
    facts: [...facts].map(([id, text]) => [id, ...place(text)]),
    size,
  };
  const lines = { 'pool-index': `${key}\t${JSON.stringify(head)}`, 'pool-body': Buffer.concat(body) };
  writeNamedLines(file, indexHeader(), members ? { pool: poolLine(key, members), ...lines } : lines);
}

/** The saved index if it is the one `key` names, with only the terms `query` can match (all
 * of them and every document's facts for null). Null when missing, another, cut short or
 * damaged. */
function loadIndex(file: string, key: string, query: string | null): SavedPool | null {
  try {
    const bytes = readIfExists(file);
    const lines = namedLines(bytes, indexHeader());
    const head = lines?.get('pool-index');
    const bodyAt = lines?.get('pool-body');
    if (!bytes || !head || !bodyAt) return null;
    const tab = bytes.indexOf(9, head[0]);
    if (tab < 0 || tab > head[1] || bytes.toString('utf8', head[0], tab) !== key) return null;
    const { terms, facts, size, ...rest } = JSON.parse(bytes.toString('utf8', tab + 1, head[1])) as IndexHead;
    const at = bodyAt[0];
    if (bodyAt[1] - at !== size) return null;
    const text = (start: number, end: number) => bytes.toString('utf8', at + start, at + end);
    const wanted = query === null ? () => true : termFilter(query);
    const index: SavedIndex['index'] = [];
    for (const [term, start, end] of terms)
      if (wanted(term)) index.push([term, JSON.parse(text(start, end)) as SavedIndex['index'][number][1]]);
    const where = new Map(facts.map(([id, start, end]) => [id, [start, end] as const]));
    const get = (id: string) => {
      const range = where.get(id);
      return range && text(range[0], range[1]);
    };
    return {
      index: loadIndexParts({ ...rest, index } as SavedIndex),
      facts: query === null ? new Map(facts.map(([id]) => [id, get(id) ?? ''])) : { get },
    };
  } catch {
    return null;
  }
}

const debug = debugIndex;
