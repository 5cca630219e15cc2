import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
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
    ]) {
      for (let c = from as number; c <= (to as number); c++)
        expect(width(String.fromCharCode(c)), c.toString(16)).toBe(stringWidth(String.fromCharCode(c)));
    }
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
