// The knowledge base's search index, saved as the `all` line of the knowledge file (see
// ./kb-pool.ts): tokenizing and indexing the accepted issues takes seconds in a large store,
// loading the saved index a fraction of that. Keyed by the indexed documents themselves, so
// any change to them rebuilds it.
import type MiniSearch from 'minisearch';
import type { Issue } from '../domain/issue.js';
import { buildIndex, knowledgeDocs, loadIndex, type KnowledgeDoc } from '../domain/knowledge.js';
import { buildId, indexHeader, indexPath } from './build.js';
import { readIfExists, sha256 } from './files.js';
import { namedLines, writeNamedLines } from './index-lines.js';
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
  const file = indexPath(store.paths.runtimeDir, 'knowledge');
  const buf = readIfExists(file);
  const at = namedLines(buf, indexHeader())?.get('all');
  if (buf && at && buf.toString('latin1', at[0], at[0] + key.length + 1) === `${key}\t`) {
    try {
      return loadIndex(buf.toString('utf8', at[0] + key.length + 1, at[1]));
    } catch {
      // damaged: built again below
    }
  }
  const index = build();
  writeNamedLines(file, indexHeader(), { all: `${key}\t${JSON.stringify(index)}` }, buf);
  return index;
}
