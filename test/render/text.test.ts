import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { exactWidth } from '../../src/render/exact-width.js';
import { columns, truncate, width } from '../../src/render/text.js';

describe('width', () => {
  it('counts what string-width counts, Chinese as two columns', () => {
    const samples = [
      '',
      'AS-1F3K-7N4X2P',
      'X100 主轴异响',
      '华东汽车零部件有限公司',
      '（现场确认）、已处理。',
      'Müller Straße',
      '“引号”—破折号…',
      'ｆｕｌｌｗｉｄｔｈ',
      '😀 表情',
      'e\u0301 combining',
      '\u001b[31mred\u001b[39m',
      '\u001b[1;32m✓ 通过\u001b[22;39m → ∅',
      '\u001b[2Jclear',
      '\u001b[',
      '\u001b]8;;https://x\u0007link\u001b]8;;\u0007',
      'Ǆ ǅ',
      '한국어',
      'ひらがな',
      '\t',
    ];
    for (const s of samples) expect(width(s), JSON.stringify(s)).toBe(stringWidth(s));
    // every character of the blocks counted without string-width
    for (const [from, to] of [
      [0x20, 0x7e],
      [0xa0, 0x2ff],
      [0x2010, 0x2027],
      [0x3000, 0x303f],
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
      [0xff01, 0xff60],
      [0x2190, 0x2193],
      [0x2200, 0x259f],
      [0x2713, 0x2713],
      [0x2717, 0x2717],
    ]) {
      for (let c = from as number; c <= (to as number); c++)
        expect(width(String.fromCharCode(c)), c.toString(16)).toBe(stringWidth(String.fromCharCode(c)));
    }
  });

  it('counts exactly what string-width counts, character by character and in sequences', () => {
    for (let c = 0; c < 0x20000; c += c < 0x3000 ? 1 : 7) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCodePoint(c);
      expect(exactWidth(s), c.toString(16)).toBe(stringWidth(s));
    }
    for (const s of ['👨‍👩‍👧 家', '🇨🇳', '1️⃣', 'e\u0301', '\u001b]8;;u\u0007x\u001b]8;;\u0007', '✔️ ok', '\u200b', ''])
      expect(exactWidth(s), JSON.stringify(s)).toBe(stringWidth(s));
  });

  it('cuts and aligns by columns, not characters', () => {
    expect(truncate('主轴异响严重', 7)).toBe('主轴异…');
    expect(
      columns(
        [{ header: 'ID' }, { header: 'T', flexible: true }],
        [
          ['a', '中文标题'],
          ['bb', 'x'],
        ],
        { maxWidth: 20 },
      ).split('\n'),
    ).toEqual(['ID  T', 'a   中文标题', 'bb  x']);
  });
});
