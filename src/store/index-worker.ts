// A worker thread of a cold index build: reads, hashes and parses its share of the files.
import { parentPort, workerData } from 'node:worker_threads';
import { parseOne } from './issue-record.js';

const { root, items } = workerData as { root: string; items: Parameters<typeof parseOne>[1][] };
const results: ReturnType<typeof parseOne>[] = [];
for (const [n, item] of items.entries()) {
  results.push(parseOne(root, item));
  if (n % 100 === 99) parentPort?.postMessage({ progress: 100 });
}
parentPort?.postMessage({ progress: items.length % 100 });
parentPort?.postMessage({ results });
