import { describe, expect, it } from 'vitest';
import { canonical, mergeIssue } from '../../src/domain/merge.js';

const ev = (at: string, action: string, extra: Record<string, unknown> = {}) => ({
  at: `2026-11-23T${at}:00+08:00`,
  by: 'li.si',
  action,
  ...extra,
});
const base = {
  id: 'AS-0RRT-000001',
  title: '主轴异响',
  status: 'in-progress',
  severity: 'high',
  cc: ['wang.wu'],
  actions: [
    { id: 'T1', kind: 'temporary', what: '补脂', who: 'zhao.liu' },
    { id: 'P1', kind: 'permanent', what: '改规程', who: 'wang.wu' },
  ],
  history: [ev('09:00', 'register'), ev('09:00', 'dispatch')],
};

describe('three-way merge of an issue', () => {
  it('merges actions by id: a change on each side to different actions, a new one on each side', () => {
    const a = {
      ...base,
      actions: [
        { ...base.actions[0], done_at: 'x' },
        base.actions[1],
        { id: 'C2', kind: 'preventive', what: 'b', who: 'li.si' },
      ],
      history: [...base.history, ev('10:00', 'action-done')],
    };
    const b = {
      ...base,
      actions: [
        base.actions[0],
        { ...base.actions[1], what: '改规程 3.2 节' },
        { id: 'C1', kind: 'preventive', what: 'a', who: 'li.si' },
      ],
      history: [...base.history, ev('10:30', 'plan')],
    };
    const m = mergeIssue(base, a, b) as typeof base & { actions: Record<string, unknown>[] };
    expect(m.actions.map((x) => x.id)).toEqual(['T1', 'P1', 'C1', 'C2']);
    expect(m.actions[0]).toMatchObject({ done_at: 'x' });
    expect(m.actions[1]).toMatchObject({ what: '改规程 3.2 节' });
    expect(m.history.map((h) => h.action)).toEqual(['register', 'dispatch', 'action-done', 'plan']);
  });

  it('gives the same result whichever side is ours', () => {
    const variants = [
      { ...base, status: 'verifying', history: [...base.history, ev('11:00', 'verify')] },
      { ...base, status: 'cancelled', history: [...base.history, ev('10:00', 'cancel')] },
      { ...base, cc: ['wang.wu', 'li.si'], history: [...base.history, ev('10:00', 'comment')] },
      { ...base, cc: [], severity: 'critical', history: [...base.history, ev('10:00', 'comment', { note: 'x' })] },
      { ...base, actions: [base.actions[1]], history: [...base.history, ev('12:00', 'plan')] },
      { ...base, title: '主轴异响（更新）' },
    ];
    for (const a of variants) {
      for (const b of variants) {
        expect(canonical(mergeIssue(base, a, b))).toBe(canonical(mergeIssue(base, b, a)));
      }
    }
  });

  it('the same field changed on both sides: the side with the later new event wins', () => {
    const early = { ...base, status: 'cancelled', history: [...base.history, ev('10:00', 'cancel')] };
    const late = { ...base, status: 'verifying', history: [...base.history, ev('11:00', 'verify')] };
    const m = mergeIssue(base, early, late) as typeof base;
    expect(m.status).toBe('verifying');
    expect(m.history.map((h) => h.action)).toEqual(['register', 'dispatch', 'cancel', 'verify']);
  });

  it('cc merges as a set: an addition on one side and a removal on the other both apply', () => {
    const added = { ...base, cc: ['wang.wu', 'li.si'] };
    const removed = { ...base, cc: [] };
    expect((mergeIssue(base, added, removed) as typeof base).cc).toEqual(['li.si']);
  });

  it('history is only ever appended to: an event one side dropped stays', () => {
    const dropped = { ...base, history: [base.history[0]] };
    const added = { ...base, history: [...base.history, ev('10:00', 'comment')] };
    expect((mergeIssue(base, dropped, added) as typeof base).history).toHaveLength(3);
  });
});
