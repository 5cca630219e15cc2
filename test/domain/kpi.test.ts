// The KPI fixture store (fixtures/stores/kpi) with every figure worked out by hand.
// now = 2026-11-30 12:00 +08:00, period 2026-11-01 … 2026-11-30.
//   A hardware high    11-02 09:00 → accepted 11-05 14:00 (77 h), first round, sat 5, customer date 11-06 met
//   B software critical 11-03 09:00, 2 h late to assign, 24 h approval wait, round 1 failed, accepted 11-09 12:00 (147 h), sat 3
//   C hardware medium  11-10 09:00, accepted 11-13, reopened 11-20, waited 10 h on a supplier (11-21 09:00–19:00),
//                      accepted again 11-22 10:30 (289.5 h, 279.5 h net), sat 2 then 4; customer date 11-15 missed;
//                      its root cause was fixed before in G (recurrence)
//   D hardware low     11-20 09:00, in progress (10 days old), the customer never called back
//   E usage low        11-28 09:00, new (2 days old), never assigned, never called back
// First responses (contact): A 11-02 11:00 (due 13:00), B 11:30 (due 10:00: late), C 11-10 10:00, H 09:45 (due 10:00).
//   F cancelled        (left out of everything)
//   G hardware high    10-20 09:00 (before the period), accepted 11-03 09:00 (336 h), sat 5, 500 CNY discount
//   H software critical 11-25 09:00, in progress, resolution due 11-27 09:00: overdue now (5 days old)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Config } from '../../src/domain/config.js';
import { Issue } from '../../src/domain/issue.js';
import { factsOf } from '../../src/domain/facts.js';
import { computeReport, percentile } from '../../src/domain/kpi.js';
import { parseDateInput } from '../../src/domain/time.js';
import { FIXTURES } from '../helpers.js';

const DIR = join(FIXTURES, 'stores', 'kpi');
const config = Config.parse(parse(readFileSync(join(DIR, '.aftersales', 'config.yaml'), 'utf8')));
const read = readdirSync(join(DIR, 'issues')).map((f) =>
  Issue.parse(parse(readFileSync(join(DIR, 'issues', f), 'utf8'))),
);
const issues = read.map(factsOf);
const NOW = new Date('2026-11-30T12:00:00+08:00');
const tz = 'Asia/Shanghai';
const november = {
  since: parseDateInput('2026-11-01', tz),
  until: parseDateInput('2026-11-30', tz, { endOfDay: true }),
};
const r = computeReport(issues, config, november, NOW);

describe('KPIs on the hand-made store', () => {
  it('populations: reported in the period, still open, accepted in the period; cancelled left out', () => {
    expect(r.period).toEqual({ since: '2026-11-01', until: '2026-11-30' });
    expect([r.total, r.open, r.accepted]).toEqual([6, 3, 4]); // A B C D E H · D E H · A B C G
  });
  it('Pareto by type, most first, with cumulative shares', () => {
    expect(r.by).toEqual([
      { key: 'hardware', count: 3, share: 0.5, cumulative_share: 0.5 },
      { key: 'software-bug', count: 2, share: 2 / 6, cumulative_share: 5 / 6 },
      { key: 'usage', count: 1, share: 1 / 6, cumulative_share: 1 },
    ]);
    expect(computeReport(issues, config, november, NOW, 'line').by.map((b) => [b.key, b.count])).toEqual([
      ['A', 3],
      ['B', 2],
      ['(none)', 1],
    ]);
  });
  it('MTTR: reported → latest acceptance, p90 by linear interpolation', () => {
    // [77, 147, 289.5, 336]
    expect(r.mttr_hours.mean).toBeCloseTo(212.375, 10);
    expect(r.mttr_hours.median).toBeCloseTo(218.25, 10);
    expect(r.mttr_hours.p90).toBeCloseTo(322.05, 10);
    // C's 10 hours waiting on the supplier left out: (77 + 147 + 279.5 + 336) / 4
    expect(r.mttr_hours.net_mean).toBeCloseTo(209.875, 10);
  });
  it('time in each status, visits summed; the bottleneck leaves out accepted and cancelled', () => {
    expect(r.stage_hours).toEqual({
      new: (1 + 2 + 0.5 + 1) / 4,
      assigned: (4 + 1 + 1 + 1) / 4,
      planned: 0,
      'awaiting-approval': 24,
      'in-progress': (48 + 96 + (48 + 22.5 + 15.5) + 310) / 4, // B twice; C twice, its wait between
      verifying: 24,
      waiting: 10, // C alone
      accepted: (598 + 504 + 361.5 + 651) / 4,
      cancelled: null,
    });
    expect(r.bottleneck).toBe('in-progress');
  });
  it('work stuck now: time so far in each status of the open issues, and the longest in their status', () => {
    // D: new 1, assigned 1, planned 0, in progress 11-20 11:00 → now (241 h)
    // E: new 11-28 09:00 → now (51 h) · H: new 0.5, assigned 0.5, planned 0, in progress 11-25 10:00 → now (122 h)
    expect(r.stage_hours_open).toEqual({
      new: (1 + 51 + 0.5) / 3,
      assigned: (1 + 0.5) / 2,
      planned: 0,
      'awaiting-approval': null,
      'in-progress': (241 + 122) / 2,
      verifying: null,
      waiting: null,
      accepted: null,
      cancelled: null,
    });
    expect(r.bottleneck_now).toBe('in-progress');
    expect(r.stuck).toEqual([
      { issue: 'AS-0RR0-00000D', status: 'in-progress', hours: 241 },
      { issue: 'AS-0RR0-00000H', status: 'in-progress', hours: 122 },
      { issue: 'AS-0RR0-00000E', status: 'new', hours: 51 },
    ]);
  });
  it('first-time fix and reopen rates', () => {
    expect(r.first_time_fix_rate).toBe(0.5); // A, G
    expect(r.reopen_rate).toBe(0.25); // C
  });
  it('SLA: response met by the first contact, resolution by the latest acceptance, overdue now', () => {
    // response due by now or answered: A B C D E H; met: A C H (B answered late; D and E never, though D was dispatched)
    // resolution: only A by its due (C's moved 10 h by its wait, still missed) · overdue now: H
    expect(r.sla).toEqual({ response_met_rate: 0.5, resolution_met_rate: 0.25, overdue_now: 1 });
  });
  it('satisfaction of the latest passing acceptance, CSAT and the monthly trend', () => {
    expect(r.satisfaction).toEqual({
      mean: 4.25,
      csat: 0.75,
      trend: [{ month: '2026-11', mean: 4.25, csat: 0.75, n: 4 }],
    });
  });
  it('aging of open issues in whole days', () => {
    expect(r.aging).toEqual({ '0-2d': 1, '3-7d': 1, '8-30d': 1, '>30d': 0 }); // E 2d · H 5d · D 10d
  });
  it('beyond CONTRACT: teams, owners, monthly, customer promise, compensation, recurrence', () => {
    expect(r.owners.find((o) => o.key === 'li.si')).toEqual({
      key: 'li.si',
      total: 2,
      open: 0,
      accepted: 3,
      mttr_mean: (77 + 289.5 + 336) / 3,
      overdue_now: 0,
    });
    expect(r.teams.find((o) => o.key === 'rd-support')).toMatchObject({
      total: 2,
      open: 1,
      accepted: 1,
      overdue_now: 1,
    });
    expect(r.monthly).toEqual([{ month: '2026-11', created: 6, accepted: 4 }]);
    expect(r.promise).toEqual({ met_rate: 0.5, n: 2 });
    expect(r.compensation).toEqual({
      count: 1,
      by_kind: { discount: 1 },
      amount_by_currency: { CNY: 500 },
      total: { CNY: 500 },
    });
    // a compensation repeated in a later round is the same compensation: counted once
    const g = read.find((i) => i.id === 'AS-0RR0-00000G') as Issue;
    const [round] = g.acceptance.rounds;
    const twice = {
      ...g,
      acceptance: {
        ...g.acceptance,
        rounds: [
          { ...round, round: 1 },
          { ...round, round: 2 },
        ],
      },
    };
    const again = computeReport([...read.filter((i) => i !== g), twice as Issue].map(factsOf), config, november, NOW);
    expect(again.compensation).toMatchObject({ count: 1, total: { CNY: 500 } });
    expect(r.recurrence).toEqual({
      count: 1,
      pairs: [{ issue: 'AS-0RR0-00000C', of: 'AS-0RR0-00000G' }],
      issues: [{ id: 'AS-0RR0-00000C', root_cause: '作业指导书缺少润滑量要求。', earlier: 'AS-0RR0-00000G' }],
    });
  });
  it("recurrence: from the earlier issue's first acceptance; by failure mode where both name one", () => {
    const g = read.find((i) => i.id === 'AS-0RR0-00000G') as Issue;
    // a second X100 spindle issue reported 11-04, after G's first acceptance (11-03 09:00)
    const later = (id: string, over: Partial<Issue>): Issue => ({
      ...g,
      id,
      reported_at: '2026-11-04T09:00:00+08:00',
      status: 'in-progress',
      history: [{ ...(g.history[0] as Issue['history'][number]), at: '2026-11-04T09:00:00+08:00' }],
      ...over,
    });
    const x = later('AS-0RR0-00000X', {});
    const recur = (list: Issue[]) =>
      computeReport(list.map(factsOf), config, november, NOW).recurrence.pairs.filter((p) => p.issue.endsWith('X'));
    expect(recur([g, x])).toEqual([{ issue: 'AS-0RR0-00000X', of: 'AS-0RR0-00000G' }]);
    // G reopened on 11-10 and accepted again on 11-12: X still recurred, after G's first fix
    const reopened: Issue = {
      ...g,
      history: [
        ...g.history,
        {
          ...(g.history.at(-1) as Issue['history'][number]),
          at: '2026-11-10T09:00:00+08:00',
          action: 'reopen',
          from: 'accepted',
          to: 'in-progress',
        },
        {
          ...(g.history.at(-1) as Issue['history'][number]),
          at: '2026-11-12T09:00:00+08:00',
          action: 'accept',
          from: 'in-progress',
          to: 'accepted',
        },
      ],
    };
    expect(recur([reopened, x])).toEqual([{ issue: 'AS-0RR0-00000X', of: 'AS-0RR0-00000G' }]);
    // another component: the same words are another problem
    expect(recur([g, later('AS-0RR0-00000X', { product: { ...g.product, component: '轴承' } })])).toEqual([]);
    // both name a failure mode: it decides, whatever the root causes say
    const rca = { ...(g.rca as NonNullable<Issue['rca']>), root_cause: '主轴轴承预紧力不足' };
    const noise = { failure_mode: 'spindle-noise' };
    expect(recur([{ ...g, ...noise }, later('AS-0RR0-00000X', { ...noise, rca })])).toHaveLength(1);
    expect(recur([{ ...g, ...noise }, later('AS-0RR0-00000X', { failure_mode: 'spindle-heat' })])).toEqual([]);
    // one without a failure mode: the root cause decides
    expect(recur([{ ...g, ...noise }, x])).toHaveLength(1);
  });
  it('an empty period: counts are zero and every rate is null', () => {
    const empty = computeReport(
      issues,
      config,
      { since: new Date('2025-01-01T00:00:00+08:00'), until: new Date('2025-01-31T23:59:59+08:00') },
      NOW,
    );
    expect([empty.total, empty.open, empty.accepted, empty.sla.overdue_now]).toEqual([0, 0, 0, 0]);
    expect(empty.by).toEqual([]);
    expect(empty.mttr_hours).toEqual({ mean: null, median: null, p90: null, net_mean: null });
    expect([
      empty.first_time_fix_rate,
      empty.reopen_rate,
      empty.sla.response_met_rate,
      empty.sla.resolution_met_rate,
      empty.satisfaction.mean,
      empty.satisfaction.csat,
    ]).toEqual([null, null, null, null, null, null]);
    expect(Object.values(empty.stage_hours).every((v) => v === null)).toBe(true);
    expect(empty.bottleneck).toBeNull();
    expect([empty.bottleneck_now, empty.stuck]).toEqual([null, []]);
    expect(empty.aging).toEqual({ '0-2d': 0, '3-7d': 0, '8-30d': 0, '>30d': 0 });
  });
  it('months and days are the store timezone’s, not the machine’s', () => {
    const late = read.map((i) =>
      factsOf(
        i.id === 'AS-0RR0-00000A'
          ? {
              ...i,
              history: i.history.map((e) => (e.action === 'accept' ? { ...e, at: '2026-12-01T07:30:00+08:00' } : e)),
            }
          : i,
      ),
    );
    const inDec = computeReport(late, config, { since: null, until: null }, new Date('2026-12-02T00:00:00Z'));
    expect(inDec.satisfaction.trend.map((x) => x.month)).toEqual(['2026-11', '2026-12']); // 07:30 Shanghai is still Nov 30 in UTC
  });
  it('percentile interpolates between closest ranks', () => {
    expect(percentile([10], 0.9)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(percentile([], 0.5)).toBeNull();
  });
});
