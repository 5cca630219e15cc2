// Reading every issue: for list, check, report and the other commands that summarise the
// store. Through the index (./issue-index.ts) unless it is switched off; directly otherwise.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { scanIssues, type ScanOptions, type StoreScan, type ViewShape } from './issue-index.js';
import type { ScanView } from './issue-index.js';
import type { Store } from './store.js';

export type { StoreScan, Progress, ScanOptions, ViewShape } from './issue-index.js';

/** `full`: whole issues; `facts`: what list, check and report count (see ../domain/facts.ts);
 * `counts`, `list`, `order`: the parts of the facts report, list and list --json read. */
export async function readAllIssues<V extends ScanView = 'full'>(
  store: Store,
  opts: Partial<ScanOptions<V>> = {},
): Promise<StoreScan<ViewShape[V]>> {
  const view = opts.view ?? ('full' as V);
  if (store.useIndex) return scanIssues(store, { ...opts, view });
  let scan = await readDirectly(store);
  if (opts.latest !== undefined) {
    const ids = new Set(store.listIds().slice(-opts.latest));
    scan = {
      issues: scan.issues.filter((i) => ids.has(i.id)),
      broken: scan.broken.filter((p) => ids.has(p.file.slice(7, -5))),
      blobs: scan.blobs,
    };
  }
  if (view === 'full') return scan as StoreScan<ViewShape[V]>;
  const { factsOf } = await import('../domain/facts.js');
  return { ...scan, issues: scan.issues.map(factsOf) } as unknown as StoreScan<ViewShape[V]>;
}

/** The slow, simple path: parse every file with the careful loader. */
async function readDirectly(store: Store): Promise<StoreScan> {
  const { checkIssueText } = await import('./problems.js');
  const scan: StoreScan = { issues: [], broken: [], blobs: new Map() };
  for (const id of store.listIds()) {
    const file = store.fileOf(id);
    const checked = checkIssueText(file, readFileSync(join(store.root, file), 'utf8'), store.config, id);
    if (checked.issue) scan.issues.push(checked.issue);
    else if (checked.problems[0]) scan.broken.push(checked.problems[0]);
  }
  return scan;
}
