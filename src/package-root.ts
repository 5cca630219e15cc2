// Where the package is: the folder of its package.json, found by walking up from this code.
// The same answer from the sources (src/), the bundle (dist/) and an installed copy, wherever
// the bundler put this module.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function find(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'aftersales')
      return dir;
    if (dirname(dir) === dir) throw new Error('aftersales: its package.json is missing');
  }
}

export const PACKAGE_ROOT = find();
export const packagePath = (...parts: string[]) => join(PACKAGE_ROOT, ...parts);

/** Whether this is a clone of the source (where `npm run demo` exists), not an installed package. */
export const fromSource = (): boolean => existsSync(packagePath('scripts', 'demo.js'));
