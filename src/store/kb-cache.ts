// The knowledge base's search index, saved under the git dir: tokenizing and indexing the
// accepted issues takes seconds in a large store, loading the saved index a fraction of
// that. Keyed by the indexed documents themselves, so any change to them rebuilds it.
import { join } from 'node:path';
import type MiniSearch from 'minisearch';
import type { Issue } from '../domain/issue.js';
import { buildIndex, knowledgeDocs, loadIndex, type KnowledgeDoc } from '../domain/knowledge.js';
import { buildId } from './build.js';
import { readIfExists, sha256, writeFileAtomic } from './files.js';
import type { Store } from './store.js';

/** The index of all accepted issues, for kb search and similar: keyed by the documents. */
export function knowledgeIndex(store: Store, issues: readonly Issue[]): Promise<MiniSearch<KnowledgeDoc>> {
  const docs = knowledgeDocs(issues);
  return cachedIndex(store, sha256(JSON.stringify(docs)), () => buildIndex(issues, docs));
}

/** The saved index if its key still holds, else `build()` (and save it). */
async function cachedIndex(store: Store, key: string, build: () => MiniSearch<KnowledgeDoc>): Promise<MiniSearch<KnowledgeDoc>> {
  key = `${buildId()}:${key}`;
  const file = join(store.paths.runtimeDir, 'kb-all.json');
  const saved = readIfExists(file)?.toString('utf8');
  const newline = saved?.indexOf('\n') ?? -1;
  if (saved && newline > 0 && saved.slice(0, newline) === key) {
    try {
      return loadIndex(saved.slice(newline + 1));
    } catch {
      // damaged: built again below
    }
  }
  const index = build();
  try {
    writeFileAtomic(file, `${key}\n${JSON.stringify(index)}`, { durable: false });
  } catch {
    // a cache: failing to save it costs speed only
  }
  return index;
}

/** Changes beyond which `new`'s pool index is built again rather than updated. */
const POOL_UPDATE_LIMIT = 200;

/**
 * The index of `new`'s pool of recent accepted issues (`known`: ID → blob), updated in place:
 * issues that left the pool or changed are discarded, new and changed ones added (their
 * files read through `read`). Each registration moves the pool along by one and each
 * acceptance adds to it; rebuilding the whole index for that took seconds at 20,000
 * issues. Saved with the blob of every issue it holds.
 */
export async function poolIndex(
  store: Store,
  known: ReadonlyMap<string, string>,
  read: (ids: string[]) => Issue[],
  buildAll: () => Promise<MiniSearch<KnowledgeDoc>>,
): Promise<MiniSearch<KnowledgeDoc>> {
  const file = join(store.paths.runtimeDir, 'kb-recent.json');
  const saved = readIfExists(file)?.toString('utf8') ?? '';
  const [build, held, json] = splitLines(saved, 2);
  let index: MiniSearch<KnowledgeDoc> | null = null;
  let changed = true;
  if (build === buildId() && held !== undefined && json !== undefined) {
    try {
      const was = new Map(Object.entries(JSON.parse(held) as Record<string, string>));
      const gone = [...was.keys()].filter((id) => known.get(id) !== was.get(id));
      const come = [...known.keys()].filter((id) => was.get(id) !== known.get(id));
      changed = gone.length + come.length > 0;
      if (gone.length + come.length <= POOL_UPDATE_LIMIT) {
        index = loadIndex(json);
        for (const id of gone) index.discard(id);
        if (gone.length) await index.vacuum({ batchSize: Number.MAX_SAFE_INTEGER });
        index.addAll(knowledgeDocs(read(come)));
        if (changed) debug(`kb pool: ${known.size - come.length} kept, ${come.length} added, ${gone.length} discarded`);
      }
    } catch {
      index = null; // damaged: built again below, and saved
      changed = true;
    }
  }
  if (!index) {
    index = await buildAll();
    debug(`kb pool: built, ${index.documentCount} documents`);
  }
  if (changed) {
    try {
      const held = Object.fromEntries([...known].filter(([id]) => (index as MiniSearch<KnowledgeDoc>).has(id)));
      writeFileAtomic(file, `${buildId()}\n${JSON.stringify(held)}\n${JSON.stringify(index)}`, { durable: false });
    } catch {
      // a cache
    }
  }
  return index;
}

/** The first `n` lines of `text` and the rest after them. */
function splitLines(text: string, n: number): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  let at = 0;
  for (let k = 0; k < n; k++) {
    const end = text.indexOf('\n', at);
    if (end < 0) return [...out, undefined, undefined];
    out.push(text.slice(at, end));
    at = end + 1;
  }
  return [...out, text.slice(at)];
}

const debug = (line: string) => process.env.AFTERSALES_DEBUG_INDEX === '1' && process.stderr.write(`${line}\n`);
