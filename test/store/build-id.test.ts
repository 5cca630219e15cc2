// The caches' key is derived from the build, not from a hand-kept list of files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, write } from '../helpers.js';

const { buildKey } = (await import(pathToFileURL(join(ROOT, 'scripts', 'build-id.js')).href)) as {
  buildKey: (root: string) => string;
};

describe('the build key (dist/build-id.txt)', () => {
  it('is the key of the files built, the schema and the installed dependencies', () => {
    expect(readFileSync(join(ROOT, 'dist', 'build-id.txt'), 'utf8').trim()).toBe(buildKey(ROOT));
    const root = tempDir();
    write(root, 'package.json', JSON.stringify({ dependencies: { yaml: '^2' } }));
    write(root, 'node_modules/yaml/package.json', JSON.stringify({ version: '2.9.1' }));
    write(root, 'schema/issue.schema.json', '{}');
    write(root, 'dist/cli.js', 'one');
    write(root, 'dist/store/deep.js', 'two');
    const keys = new Set([buildKey(root)]);
    write(root, 'dist/build-id.txt', 'whatever'); // its own output does not count
    expect(keys.has(buildKey(root))).toBe(true);
    const changes: [string, string][] = [
      ['dist/store/deep.js', 'two, changed'], // any built file, however deep
      ['dist/domain/new.js', 'a new file'],
      ['schema/issue.schema.json', '{"type":"object"}'],
      ['node_modules/yaml/package.json', JSON.stringify({ version: '2.9.2' })], // a new dependency version
    ];
    for (const [file, text] of changes) {
      write(root, file, text);
      const key = buildKey(root);
      expect(keys.has(key), file).toBe(false);
      keys.add(key);
    }
  });
});
