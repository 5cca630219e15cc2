// The time zone offsets Intl gave at the start of each UTC day a command looked at, saved
// under the git dir for the next run (see savedStarts in ../domain/time.ts). Valid only for
// the time zone data they came from: the file names Node's tz and ICU versions, and a hash
// of its table, so a damaged or foreign file is never used. Written at exit, and only when
// Intl was asked something new.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foundStartsOf, savedStarts } from '../domain/time.js';
import { sha256, writeFileAtomic } from './files.js';
import type { Store } from './store.js';
import { debugIndex } from '../io.js';

/** Zones × days beyond which the table starts afresh (a store's dates span a few thousand). */
const LIMIT = 200_000;

const dataVersion = () => `tz ${process.versions.tz ?? '?'} icu ${process.versions.icu ?? '?'}`;

let used = false;

/** Seeds this run's offsets from the store's saved table, and saves what was added at exit.
 * Once per run (a command that opens its store twice reads the table once). */
export function useSavedOffsets(store: Store): void {
  if (used) return;
  used = true;
  const file = join(store.paths.runtimeDir, 'zone-offsets.json');
  const zones = readTable(file);
  for (const [zone, pairs] of Object.entries(zones)) savedStarts(zone, pairs);
  debugIndex(`zone offsets: ${Object.values(zones).reduce((n, p) => n + p.length / 2, 0)} saved`);
  process.once('exit', () => {
    const found = foundStartsOf();
    if (found.size === 0) return;
    let size = 0;
    for (const [zone, days] of found) {
      const pairs = (zones[zone] ??= []);
      for (const [day, offset] of days) pairs.push(day, offset);
      size += pairs.length / 2;
    }
    const table = JSON.stringify(
      size > LIMIT ? Object.fromEntries([...found].map(([z, d]) => [z, [...d].flat()])) : zones,
    );
    try {
      writeFileAtomic(file, `${dataVersion()}\n${sha256(table)}\n${table}`, { durable: false });
    } catch {
      // a cache: failing to save it costs speed only
    }
  });
}

function readTable(file: string): Record<string, number[]> {
  try {
    const [version, hash, table] = readFileSync(file, 'utf8').split('\n');
    if (version !== dataVersion() || !table || sha256(table) !== hash) return {};
    const zones = JSON.parse(table) as unknown;
    if (typeof zones !== 'object' || zones === null) return {};
    const out: Record<string, number[]> = {};
    for (const [zone, pairs] of Object.entries(zones)) {
      if (Array.isArray(pairs) && pairs.length % 2 === 0 && pairs.every(Number.isInteger))
        out[zone] = pairs as number[];
    }
    return out;
  } catch {
    return {}; // missing or damaged: Intl answers, and the table is written anew
  }
}
