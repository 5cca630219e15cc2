// The knowledge file's pool lines (./kb-pool.ts says what they hold): read and written.
import type MiniSearch from 'minisearch';
import { loadIndexParts, termFilter, type KnowledgeDoc, type SavedIndex } from '../domain/knowledge.js';
import { indexHeader, indexPath } from './build.js';
import { readIfExists } from './files.js';
import { namedLines, writeNamedLines } from './index-lines.js';
import type { Store } from './store.js';

/** [ID, blob, stat key, mtime ms, knowledge?, cause, reported, accepted, line, component, type];
 * a file that does not parse has no cause and is not knowledge. */
export type Member = [
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

export function readMeta(file: string): { index: string; members: Map<string, Member>; written: number } | null {
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

export function saveMeta(file: string, index: string, members: readonly Member[]): void {
  writeNamedLines(file, indexHeader(), { pool: poolLine(index, members) });
}

/** A saved index, and each document's HitFacts as JSON (only those asked for, when some). */
export interface SavedPool {
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

export function saveIndex(
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
export function loadIndex(file: string, key: string, query: string | null): SavedPool | null {
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
