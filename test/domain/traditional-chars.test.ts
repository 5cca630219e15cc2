import { execFileSync } from 'node:child_process';
import { Converter } from 'opencc-js/t2cn';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TSPhrases from 'opencc-js/dict/TSPhrases';
import { describe, expect, it } from 'vitest';
import { TRADITIONAL_CHARS } from '../../src/domain/traditional-chars.js';

const toSimplified = Converter({ from: 't', to: 'cn' });
const chars = new Set(TRADITIONAL_CHARS);

describe('the characters a traditional query may change', () => {
  it('are what the installed opencc-js tables give (else: node scripts/traditional-chars.js)', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/traditional-chars.js', '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('are in every table entry the converter changes, so a text without them is left as it is', () => {
    const keys = [...TSCharacters.split('|'), ...TSPhrases.split('|')].map((e) => e.split(' ')[0] as string);
    const changed = keys.filter((k) => toSimplified(k) !== k);
    expect(changed.length).toBeGreaterThan(3000);
    expect(changed.filter((k) => ![...k].some((c) => chars.has(c)))).toEqual([]);
    // the simplified forms, and the common characters both scripts share, are not among them
    for (const text of ['主轴异响', '一目了然', '反复', '变频器过热报警', '客户来电确认']) {
      expect(toSimplified(text)).toBe(text);
      expect(
        [...text].some((c) => chars.has(c)),
        text,
      ).toBe(false);
    }
    expect([...'主軸異響'].filter((c) => chars.has(c))).toEqual(['軸', '異', '響']);
  });
});
