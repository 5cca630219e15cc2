// A search hit as the terminal shows it: the snippet only where it adds what the lines above do not say.
import { describe, expect, it } from 'vitest';
import type { Hit } from '../../src/domain/knowledge.js';
import { colorFor } from '../../src/render/color.js';
import { renderHits } from '../../src/render/kb.js';

const hit = (matched: string[], snippet: string): Hit => ({
  id: 'AS-0R91-66Q1X6',
  title: 'X100 主轴低速异响',
  score: 12.5,
  root_cause: '作业指导书缺少润滑量要求',
  fix: '规定润滑脂用量为5g',
  snippet,
  matched,
  recurred: [],
  reopened: false,
  proven: null,
});

describe('kb hits', () => {
  it('leave the snippet out when every matched word is in the title, the root cause or the fix', () => {
    const text = renderHits([hit(['主轴', '异响'], 'X100 【主轴】低速【异响】')], colorFor(false, {}));
    expect(text).not.toContain('【');
    expect(text.split('\n')).toHaveLength(3);
  });

  it('show it when a word was found elsewhere (the description, the evidence)', () => {
    const text = renderHits([hit(['主轴', '噪音'], '…全检【噪音】 42 dB')], colorFor(false, {}));
    expect(text).toContain('   …全检【噪音】 42 dB');
  });

  it('name the first five later issues of a fix that recurred hundreds of times, and count the rest', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `AS-0RA0-${String(i).padStart(6, '0')}`);
    const many = renderHits([{ ...hit([], ''), recurred: ids(312) }], colorFor(false, {}));
    expect(many).toContain(`recurred: ${ids(5).join(', ')} and 307 more`);
    expect(many).not.toContain(ids(6)[5]);
    // six are all named: "and 1 more" would say no less
    expect(renderHits([{ ...hit([], ''), recurred: ids(6) }], colorFor(false, {}))).toContain(ids(6).join(', '));
  });
});
