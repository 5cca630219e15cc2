import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/store/files.js';
import { tempDir } from '../helpers.js';

describe('writeFileAtomic', () => {
  it('leaves the old file, and nothing beside it, when a write fails on the way', () => {
    const dir = tempDir();
    const path = join(dir, 'index.jsonl');
    writeFileSync(path, 'old\n');
    function* pieces() {
      yield 'new '.repeat(1 << 19); // past the first piece written
      throw new Error('no space left on device');
    }
    expect(() => writeFileAtomic(path, pieces(), { durable: false })).toThrow('no space left');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['index.jsonl']);
  });
});
