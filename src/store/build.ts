// Which build of the tool is running: the index under the git dir (the issues file, the
// facts file with the parsed config, the knowledge file) is thrown away when it changes —
// a new version, or a new model.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../package-root.js';

let cached: string | null = null;

export function buildId(): string {
  if (cached) return cached;
  const read = (rel: string) => {
    try {
      return readFileSync(packagePath(rel), 'utf8');
    } catch {
      return '';
    }
  };
  const version = (JSON.parse(read('package.json') || '{}') as { version?: string }).version ?? '?';
  cached = `${version}:${read('dist/build-id.txt').trim()}`;
  return cached;
}

export const INDEX_FORMAT = 2;
/** The first line of every index file of this build. */
export const indexHeader = () => `${JSON.stringify({ format: INDEX_FORMAT, build: `${INDEX_FORMAT}:${buildId()}` })}\n`;
/** The index's files under the git dir (docs/index.md). */
export const indexPath = (runtimeDir: string, file: 'issues' | 'facts' | 'knowledge') =>
  join(runtimeDir, `${file}-v${INDEX_FORMAT}.jsonl`);

/** Index files of other formats and the caches of earlier versions: left behind by an upgrade. */
const OLD_FILE =
  /^(?:(?:index|summary|facts|texts|issues|knowledge)-v\d+\.(?:jsonl?|txt)|config-cache\.json|kb-[a-z-]+\.(?:json|txt)|zone-offsets\.json)$/;

/** Removes them (called when a whole index has just been built). */
export function removeOldIndexFiles(runtimeDir: string): void {
  try {
    const current = new Set(['issues', 'facts', 'knowledge'].map((f) => `${f}-v${INDEX_FORMAT}.jsonl`));
    for (const name of readdirSync(runtimeDir))
      if (OLD_FILE.test(name) && !current.has(name)) rmSync(join(runtimeDir, name), { force: true });
  } catch {
    // a cache: what is left costs disk only
  }
}
