#!/usr/bin/env node
// Build step: the key of this build, written to dist/build-id.txt. Every cache under the git
// dir (the index, the knowledge base's search index, the parsed config) holds the key it was
// written by and is thrown away by any other build. The key is derived, not listed: a hash of
// every file the build made, the schema, and the installed version of each runtime dependency
// (a new js-yaml, yaml or zod may read the same bytes otherwise).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** All files below `dir`, sorted, as paths relative to it. */
function filesBelow(dir, top = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesBelow(join(dir, e.name), top) : [relative(top, join(dir, e.name))]))
    .sort();
}

export function buildKey(root) {
  const hash = createHash('sha256');
  const dist = join(root, 'dist');
  for (const file of filesBelow(dist)) {
    if (file === 'build-id.txt') continue;
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(dist, file)))
      .update('\0');
  }
  hash.update(readFileSync(join(root, 'schema', 'issue.schema.json')));
  const { dependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const name of Object.keys(dependencies).sort()) {
    const { version } = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    hash.update(`${name}@${version}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  writeFileSync(join(root, 'dist', 'build-id.txt'), `${buildKey(root)}\n`);
}
