// A saved search index cut down to some of its documents (new's suggestions look only at
// the latest issues), as if they alone had been indexed.
import type { SavedIndex } from './knowledge.js';

type Postings = SavedIndex['index'][number][1];

/** A saved index of only the documents `keep`, as if they alone had been indexed: BM25
 * counts the documents and their average field lengths. */
export function narrowed(saved: SavedIndex, keep: ReadonlySet<string>): SavedIndex {
  const ids = Object.entries(saved.documentIds).filter(([, id]) => keep.has(String(id)));
  const short = new Set(ids.map(([n]) => n));
  const lengths = Object.entries(saved.fieldLength).filter(([n]) => short.has(n));
  const average = saved.averageFieldLength.map(
    (_, f) => lengths.reduce((sum, [, l]) => sum + (l[f] ?? 0), 0) / (lengths.length || 1),
  );
  const index: SavedIndex['index'] = [];
  for (const [term, postings] of saved.index) {
    const kept: Postings = {};
    for (const [field, docs] of Object.entries(postings)) {
      const some = Object.entries(docs).filter(([n]) => short.has(n));
      if (some.length) kept[Number(field)] = Object.fromEntries(some);
    }
    if (Object.keys(kept).length) index.push([term, kept]);
  }
  return {
    ...saved,
    documentCount: ids.length,
    documentIds: Object.fromEntries(ids),
    fieldLength: Object.fromEntries(lengths),
    averageFieldLength: average,
    index,
  };
}
