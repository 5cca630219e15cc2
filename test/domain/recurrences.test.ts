import { describe, expect, it } from 'vitest';
import { type CauseEntry, recurrencesOf } from '../../src/domain/knowledge.js';

/** A store where few root causes repeat: the shape that made every fix's list quadratic. */
function entries(n: number): CauseEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `AS-${String(i).padStart(6, '0')}`,
    cause: i % 7 === 0 ? null : `cause ${i % 3}`,
    reported: 1_700_000_000_000 + i * 3_600_000,
    accepted: i % 2 ? 1_700_000_000_000 + (i + 5) * 3_600_000 : null,
  }));
}

describe('recurrences', () => {
  it('for the hits alone are what the whole computation gives them', () => {
    const all = entries(600);
    const whole = recurrencesOf(all);
    const hits = new Set(['AS-000001', 'AS-000003', 'AS-000301', 'AS-000599', 'AS-000004']);
    const some = recurrencesOf(all, hits);
    expect([...some.keys()].sort()).toEqual([...whole.keys()].filter((id) => hits.has(id)).sort());
    for (const [id, later] of some) expect(later, id).toEqual(whole.get(id));
    expect(some.get('AS-000001')?.length).toBeGreaterThan(100); // the case that was quadratic
  });
});
