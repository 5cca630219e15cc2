// A worker thread of a cold index build: reads, hashes and parses its share of the files,
// and hands them over in batches.
import { parentPort, workerData } from 'node:worker_threads';
import { parseOne, type Parsed, type Wanted } from './issue-record.js';

const BATCH = 250;
const { root, items } = workerData as { root: string; items: Wanted[] };
let batch: Parsed[] = [];
for (const item of items) {
  batch.push(parseOne(root, item));
  if (batch.length === BATCH) {
    parentPort?.postMessage({ batch });
    batch = [];
  }
}
parentPort?.postMessage({ batch });
parentPort?.postMessage({ end: true });
