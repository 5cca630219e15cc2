// The catalogs against the glossary (docs/glossary.md) and the zh-CN punctuation rules: one
// term per concept, full-width marks after Chinese, no space after them; no CJK in English.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { ROOT } from '../helpers.js';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff01-\uff60]/;
/** Placeholders and code spans are the user's words or commands, not the catalog's. */
const prose = (text: string) => text.replace(/\{\w+\}/g, 'X').replace(/`[^`]*`/g, 'X');

const rules: [string, RegExp][] = [
  ['a half-width mark after Chinese', /[\u3400-\u9fff\u3000-\u303f\uff01-\uff60][,;:!?()]/],
  ['a half-width mark before Chinese', /[,;:!?)]\s*[\u3400-\u9fff]/],
  ['a space after a full-width mark', /[，。：；！？、（）] /],
];

function glossaryAvoided(): { word: string; term: string }[] {
  const text = readFileSync(join(ROOT, 'docs', 'glossary.md'), 'utf8');
  const rows = text.split('\n').filter((l) => /^\| [^-|]/.test(l) && !l.startsWith('| concept'));
  return rows.flatMap((row) => {
    const [, , , zh = '', not = ''] = row.split('|').map((c) => c.trim());
    return not
      .split('/')
      .map((w) => w.trim())
      .filter(Boolean)
      .map((word) => ({ word, term: zh }));
  });
}

describe('the catalogs', () => {
  it('zh-CN follows the punctuation rules', () => {
    const offenders = Object.entries(zhCN).flatMap(([key, text]) =>
      rules.filter(([, rule]) => rule.test(prose(text))).map(([name]) => `${key}: ${name}: ${text}`),
    );
    expect(offenders).toEqual([]);
  });

  it('zh-CN uses one term per concept, as the glossary says', () => {
    const avoided = glossaryAvoided();
    expect(avoided.length).toBeGreaterThan(10);
    const offenders = Object.entries(zhCN).flatMap(([key, text]) =>
      avoided.filter(({ word }) => text.includes(word)).map(({ word, term }) => `${key}: '${word}' (say ${term})`),
    );
    expect(offenders).toEqual([]);
  });

  it('English has no Chinese in it (but in examples of what a user types)', () => {
    const example = (text: string) => prose(text).replace(/"[^"]*"/g, 'X');
    const offenders = Object.entries(en).filter(([, text]) => CJK.test(example(text)));
    expect(offenders).toEqual([]);
  });
});
