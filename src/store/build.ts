// Which build of the tool is running: caches under the git dir (the parsed config, the
// index of issue files) are thrown away when it changes — a new version, or a new model.
import { readFileSync } from 'node:fs';
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
