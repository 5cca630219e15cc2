import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ID_PATTERN, matchId, newId, normalizeIdInput } from '../../src/domain/id.js';

describe('issue IDs', () => {
  it('are PREFIX-TTTT-RRRRRR in Crockford base32', () => {
    const id = newId('AS', new Date('2026-11-23T02:00:00Z'), () => Uint8Array.from([1, 2, 3, 4]));
    expect(id).toMatch(ID_PATTERN);
    expect(id).not.toMatch(/[ILOU]/);
  });

  it('sort by time of creation', () => {
    const rnd = () => randomBytes(4);
    const ids = ['2025-01-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-11-23T05:00:00Z', '2031-07-01T00:00:00Z'].map(
      (d) => newId('AS', new Date(d), rnd),
    );
    expect([...ids].sort()).toEqual(ids);
  });

  it('carry 30 random bits: every 30-bit value gives its own ID', () => {
    const now = new Date('2026-11-23T02:00:00Z');
    const of = (bits: number) =>
      newId('AS', now, () =>
        Uint8Array.from([bits >>> 22, (bits >>> 14) & 0xff, (bits >>> 6) & 0xff, (bits & 0x3f) << 2]),
      );
    expect(of(0).slice(-6)).toBe('000000');
    expect(of(2 ** 30 - 1).slice(-6)).toBe('ZZZZZZ');
    const sample = Array.from({ length: 20_000 }, (_, k) => of((k * 53_687) % 2 ** 30));
    expect(new Set(sample).size).toBe(20_000);
    // the two low bits of the fourth byte are not used: they cannot split one ID in two
    expect(newId('AS', now, () => Uint8Array.from([1, 2, 3, 0b100]))).toBe(
      newId('AS', now, () => Uint8Array.from([1, 2, 3, 0b111])),
    );
  });

  it('accept any unambiguous tail, case-insensitively, reading O as 0 and I/L as 1', () => {
    const ids = ['AS-0RRT-4XPT4V', 'AS-0RRT-9K1X0Q', 'AS-0RRV-ABC1D0'];
    expect(matchId(ids, 'pt4v')).toEqual({ kind: 'one', id: 'AS-0RRT-4XPT4V' });
    expect(matchId(ids, 'as-0rrt-4xpt4v')).toEqual({ kind: 'one', id: 'AS-0RRT-4XPT4V' });
    expect(matchId(ids, 'XOQ')).toEqual({ kind: 'one', id: 'AS-0RRT-9K1X0Q' });
    expect(matchId(ids, 'kIx0q')).toEqual({ kind: 'one', id: 'AS-0RRT-9K1X0Q' });
    expect(matchId(ids, 'ZZZ')).toEqual({ kind: 'none' });
    expect(matchId(['AS-0RRT-AAAA1D', 'AS-0RRT-BBBB1D'], '1D')).toEqual({
      kind: 'many',
      ids: ['AS-0RRT-AAAA1D', 'AS-0RRT-BBBB1D'],
    });
    expect(normalizeIdInput(' as-0rrt ')).toBe('AS0RRT');
  });
});
