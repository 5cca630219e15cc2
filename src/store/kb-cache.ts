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
async function cachedIndex(
  store: Store,
  key: string,
  build: () => MiniSearch<KnowledgeDoc>,
): Promise<MiniSearch<KnowledgeDoc>> {
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
