// Labels cut to their room: a cross-tab key keeps both of its keys.
import { describe, expect, it } from 'vitest';
import { cutTo, textPx } from '../../src/render/svg-charts.js';

describe('chart labels', () => {
  it('a cross-tab key cut to a phone’s room keeps both keys, each cut to its share', () => {
    const room = textPx('X100 / 主轴轴');
    const keys = (s: string) => s.split(' / ');
    const both = cutTo('X100-PRO-HEAVY / 主轴轴承组件总成', room, keys('X100-PRO-HEAVY / 主轴轴承组件总成'));
    expect(both).toMatch(/^X10.*… \/ 主.*…$/);
    expect(textPx(both)).toBeLessThanOrEqual(room);
    // the short key is kept whole, the long one takes the rest
    expect(cutTo('X100 / 主轴轴承组件总成', room, ['X100', '主轴轴承组件总成'])).toMatch(/^X100 \/ 主轴?…$/);
    expect(cutTo('X100-PRO-HEAVY-DUTY / 轴承', room, ['X100-PRO-HEAVY-DUTY', '轴承'])).toMatch(/^X.*… \/ 轴承$/);
    // a name that holds " / " is one key: cut at its end
    expect(cutTo('ACME / Shanghai Branch Office', room)).toMatch(/^ACME \/ S.*…$/);
    expect(cutTo('ACME / Shanghai Branch Office', 30, ['ACME', 'Shanghai Branch Office'])).toMatch(/^A[^/]*…$/); // too narrow for two: plain
  });

  it('a plain label is cut at its end', () => {
    expect(cutTo('华东机械厂有限公司', textPx('华东机械…'))).toBe('华东机械…');
    expect(cutTo('X100', 200)).toBe('X100');
  });
});
