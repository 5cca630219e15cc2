import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Issue } from '../../src/domain/issue.js';
import { safeParse } from '../../src/domain/safe-parse.js';
import { quickParse } from '../../src/store/quick-yaml.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'stores', 'kpi', 'issues');

describe('safeParse', () => {
  it('gives what zod gives, before and after it starts compiling the fast path', () => {
    const files = readdirSync(DIR).map((f) => quickParse(readFileSync(join(DIR, f), 'utf8')));
    const wrong = files.map((data) => ({ ...(data as object), severity: 'urgent', reported_at: '2026-13-01' }));
    // more than the parses made without compiling, so that both ways are taken
    for (let round = 0; round < 4; round++) {
      for (const data of [...files, ...wrong]) {
        const ours = safeParse(Issue, data);
        const theirs = Issue.safeParse(data);
        expect(ours.success).toBe(theirs.success);
        // key for key, in order: what --json prints
        expect(JSON.stringify(ours.data)).toBe(JSON.stringify(theirs.data));
        expect(JSON.stringify(ours.error?.issues)).toBe(JSON.stringify(theirs.error?.issues));
      }
    }
    expect(files.length * 2 * 4).toBeGreaterThan(20);
  });
});
