// KPIs (seed 1, step 5), exactly as CONTRACT's `report --format json` defines them.
// Pure: issues and `now` in, figures out. Cancelled issues are left out of every KPI.
// Populations: `total` = reported in the period; `accepted` = latest acceptance in the
// period (every resolution KPI is over that one).
import type { Config } from './config.js';
import { isOpen, OPEN_STATUSES, STATUSES } from './vocabulary.js';
import type { Issue, Status } from './issue.js';
import { dateInZone, monthInZone } from './time.js';
import { byCodePoint } from './order.js';
import { normalizeCause } from './cause.js';

export const DIMENSIONS = ['type', 'severity', 'product', 'line', 'component', 'team', 'owner', 'customer'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Period {
  since: Date | null;
  until: Date | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface ParetoRow {
  key: string;
  count: number;
  share: number;
  cumulative_share: number;
}

export interface Report {
  period: { since: string | null; until: string | null };
  total: number;
  open: number;
  accepted: number;
  by: ParetoRow[];
  by_dimension: Dimension;
  mttr_hours: { mean: number | null; median: number | null; p90: number | null };
  stage_hours: Record<Status, number | null>;
  bottleneck: Status | null;
  first_time_fix_rate: number | null;
  reopen_rate: number | null;
  sla: { response_met_rate: number | null; resolution_met_rate: number | null; overdue_now: number };
  satisfaction: { mean: number | null; csat: number | null; trend: { month: string; mean: number; csat: number; n: number }[] };
  aging: { '0-2d': number; '3-7d': number; '8-30d': number; '>30d': number };
  // beyond CONTRACT
  teams: GroupRow[];
  owners: GroupRow[];
  monthly: { month: string; created: number; accepted: number }[];
  promise: { met_rate: number | null; n: number };
  compensation: { count: number; by_kind: Record<string, number>; amount_by_currency: Record<string, number> };
  recurrence: { count: number; issues: { id: string; root_cause: string; earlier: string }[] };
}

export interface GroupRow {
  key: string;
  total: number;
  open: number;
  accepted: number;
  mttr_mean: number | null;
  overdue_now: number;
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
const rate = (num: number, den: number) => (den > 0 ? num / den : null);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Percentile by linear interpolation between closest ranks (Excel PERCENTILE.INC). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return (xs[lo] as number) + (h - lo) * ((xs[hi] as number) - (xs[lo] as number));
}

type TimedEvent = { e: Issue['history'][number]; at: number };
// Several figures walk the same issue's status changes: sort them once per issue.
const timedEvents = new WeakMap<Issue, TimedEvent[]>();

/** Status changes in time order (history merged from clones may interleave). */
function statusEvents(issue: Issue): TimedEvent[] {
  let events = timedEvents.get(issue);
  if (!events) {
    events = [];
    let sorted = true;
    for (const e of issue.history) {
      if (e.to === null) continue;
      const at = ms(e.at);
      if (events.length && at < (events[events.length - 1] as TimedEvent).at) sorted = false;
      events.push({ e, at });
    }
    if (!sorted) events.sort((a, b) => a.at - b.at); // stable: same-time events keep their order
    timedEvents.set(issue, events);
  }
  return events;
}

/** When the issue was last accepted, or null. */
export function latestAcceptance(issue: Issue): number | null {
  const events = statusEvents(issue);
  for (let n = events.length - 1; n >= 0; n--) if (events[n]?.e.to === 'accepted') return (events[n] as TimedEvent).at;
  return null;
}

function firstAssignment(issue: Issue): number | null {
  return statusEvents(issue).find(({ e }) => e.from === 'new' && e.to === 'assigned')?.at ?? null;
}

/** Hours spent in each status, visits summed; the last status lasts until `now`. */
export function timeInStatus(issue: Issue, now: number): Partial<Record<Status, number>> {
  const out: Partial<Record<Status, number>> = {};
  let status: Status = 'new';
  let since = ms(issue.reported_at);
  for (const { e, at } of statusEvents(issue)) {
    out[status] = (out[status] ?? 0) + Math.max(0, at - since) / HOUR;
    status = e.to as Status;
    since = at;
  }
  out[status] = (out[status] ?? 0) + Math.max(0, now - since) / HOUR;
  return out;
}

function reopened(issue: Issue): boolean {
  return issue.history.some((e) => e.action === 'reopen');
}

/** The round of the latest acceptance that passed (its satisfaction is the issue's). */
function latestPassingRound(issue: Issue) {
  return [...issue.acceptance.rounds].reverse().find((r) => r.result === 'pass') ?? null;
}

export function dimensionKey(issue: Issue, dim: Dimension, config: Config): string {
  const none = '(none)';
  switch (dim) {
    case 'type':
      return issue.type;
    case 'severity':
      return issue.severity;
    case 'product':
      return issue.product.name ?? none;
    case 'line':
      return issue.product.line ?? none;
    case 'component':
      return issue.product.component ?? none;
    case 'team':
      return issue.assignee.team ?? config.teams.find((t) => issue.assignee.person && t.members.includes(issue.assignee.person))?.id ?? none;
    case 'owner':
      return issue.assignee.person ?? none;
    case 'customer':
      return issue.customer.name;
  }
}


export function computeReport(all: readonly Issue[], config: Config, period: Period, now: Date, by: Dimension = 'type'): Report {
  const tz = config.timezone;
  const nowMs = now.getTime();
  const since = period.since?.getTime() ?? -Infinity;
  const until = period.until?.getTime() ?? Infinity;
  const inPeriod = (t: number | null) => t !== null && t >= since && t <= until;
  const reportedAt = new Map(all.map((i) => [i, ms(i.reported_at)]));
  const reported = (i: Issue) => reportedAt.get(i) as number;
  const live = all.filter((i) => i.status !== 'cancelled');
  const total = live.filter((i) => inPeriod(reported(i)));
  const accepted = live.filter((i) => inPeriod(latestAcceptance(i)));
  const acceptedAt = new Map(accepted.map((i) => [i.id, latestAcceptance(i) as number]));
  const resolutionHours = (i: Issue) => ((acceptedAt.get(i.id) as number) - reported(i)) / HOUR;
  const overdueNow = (i: Issue) => isOpen(i) && i.due.resolution !== null && nowMs > ms(i.due.resolution);
  const month = (t: number) => monthInZone(t, tz);

  // Pareto over the issues reported in the period, most first
  const counts = new Map<string, number>();
  for (const i of total) counts.set(dimensionKey(i, by, config), (counts.get(dimensionKey(i, by, config)) ?? 0) + 1);
  let running = 0;
  const pareto = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))
    .map(([key, count]) => {
      running += count;
      return { key, count, share: count / total.length, cumulative_share: running / total.length };
    });

  const hours = accepted.map(resolutionHours);
  const stages = Object.fromEntries(STATUSES.map((s) => [s, [] as number[]])) as Record<Status, number[]>;
  for (const i of accepted) {
    for (const [s, h] of Object.entries(timeInStatus(i, nowMs))) stages[s as Status].push(h);
  }
  const stageHours = Object.fromEntries(STATUSES.map((s) => [s, mean(stages[s])])) as Record<Status, number | null>;
  const bottleneck = OPEN_STATUSES.reduce<Status | null>((best, s) => {
    const v = stageHours[s];
    return v !== null && (best === null || v > (stageHours[best] ?? -1)) ? s : best;
  }, null);

  const assigned = total.filter((i) => firstAssignment(i) !== null && i.due.response !== null);
  const withResolutionDue = accepted.filter((i) => i.due.resolution !== null);
  const scored = accepted
    .map((i) => ({ i, s: latestPassingRound(i)?.customer?.satisfaction ?? null }))
    .filter((x): x is { i: Issue; s: number } => x.s !== null);
  const trendMonths = new Map<string, number[]>();
  for (const { i, s } of scored) {
    const m = month(acceptedAt.get(i.id) as number);
    const list = trendMonths.get(m);
    if (list) list.push(s);
    else trendMonths.set(m, [s]);
  }

  const openNow = total.filter(isOpen);
  const aging = { '0-2d': 0, '3-7d': 0, '8-30d': 0, '>30d': 0 };
  for (const i of openNow) {
    const days = Math.floor((nowMs - reported(i)) / DAY);
    aging[days <= 2 ? '0-2d' : days <= 7 ? '3-7d' : days <= 30 ? '8-30d' : '>30d']++;
  }

  const group = (keyOf: (i: Issue) => string): GroupRow[] => {
    const groups = new Map<string, { t: Issue[]; a: Issue[] }>();
    const of = (i: Issue) => {
      const key = keyOf(i);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { t: [], a: [] }));
      return g;
    };
    for (const i of total) of(i).t.push(i);
    for (const i of accepted) of(i).a.push(i);
    return [...groups.keys()].sort(byCodePoint).map((key) => {
      const { t, a } = groups.get(key) as { t: Issue[]; a: Issue[] };
      return { key, total: t.length, open: t.filter(isOpen).length, accepted: a.length, mttr_mean: mean(a.map(resolutionHours)), overdue_now: t.filter(overdueNow).length };
    });
  };

  const months = new Map<string, { created: number; accepted: number }>();
  for (const i of total) {
    const m = month(reported(i));
    months.set(m, { created: (months.get(m)?.created ?? 0) + 1, accepted: months.get(m)?.accepted ?? 0 });
  }
  for (const i of accepted) {
    const m = month(acceptedAt.get(i.id) as number);
    months.set(m, { created: months.get(m)?.created ?? 0, accepted: (months.get(m)?.accepted ?? 0) + 1 });
  }

  const promised = accepted.filter((i) => i.expected_by !== null);
  const compensation = { count: 0, by_kind: {} as Record<string, number>, amount_by_currency: {} as Record<string, number> };
  for (const i of accepted) {
    for (const r of i.acceptance.rounds) {
      const c = r.compensation;
      if (!c) continue;
      compensation.count++;
      compensation.by_kind[c.kind] = (compensation.by_kind[c.kind] ?? 0) + 1;
      if (c.amount !== null) {
        const cur = c.currency ?? '';
        compensation.amount_by_currency[cur] = (compensation.amount_by_currency[cur] ?? 0) + c.amount;
      }
    }
  }

  // recurrence: the root cause of an issue accepted before this one was reported
  // Fixes grouped by cause, earliest first: one pass, not one scan per issue (20,000 issues).
  const fixesByCause = new Map<string, { id: string; at: number }[]>();
  for (const i of live) {
    const at = i.rca ? latestAcceptance(i) : null;
    if (!i.rca || at === null) continue;
    const cause = normalizeCause(i.rca.root_cause ?? '');
    const list = fixesByCause.get(cause) ?? [];
    list.push({ id: i.id, at });
    fixesByCause.set(cause, list);
  }
  for (const list of fixesByCause.values()) list.sort((a, b) => a.at - b.at);
  const recurrences = total.flatMap((i) => {
    if (!i.rca) return [];
    const earlier = (fixesByCause.get(normalizeCause(i.rca.root_cause)) ?? []).find((f) => f.id !== i.id);
    return earlier && earlier.at < reported(i) ? [{ id: i.id, root_cause: i.rca.root_cause, earlier: earlier.id }] : [];
  });

  return {
    period: { since: period.since ? dateInZone(period.since, tz) : null, until: period.until ? dateInZone(period.until, tz) : null },
    total: total.length,
    open: openNow.length,
    accepted: accepted.length,
    by: pareto,
    by_dimension: by,
    mttr_hours: { mean: mean(hours), median: percentile(hours, 0.5), p90: percentile(hours, 0.9) },
    stage_hours: stageHours,
    bottleneck,
    first_time_fix_rate: rate(accepted.filter((i) => i.acceptance.rounds[0]?.result === 'pass' && !reopened(i)).length, accepted.length),
    reopen_rate: rate(accepted.filter(reopened).length, accepted.length),
    sla: {
      response_met_rate: rate(assigned.filter((i) => (firstAssignment(i) as number) <= ms(i.due.response)).length, assigned.length),
      resolution_met_rate: rate(withResolutionDue.filter((i) => (acceptedAt.get(i.id) as number) <= ms(i.due.resolution)).length, withResolutionDue.length),
      overdue_now: total.filter(overdueNow).length,
    },
    satisfaction: {
      mean: mean(scored.map((x) => x.s)),
      csat: rate(scored.filter((x) => x.s >= 4).length, scored.length),
      trend: [...trendMonths.entries()]
        .sort((a, b) => byCodePoint(a[0], b[0]))
        .map(([m, ss]) => ({ month: m, mean: mean(ss) as number, csat: ss.filter((s) => s >= 4).length / ss.length, n: ss.length })),
    },
    aging,
    teams: group((i) => dimensionKey(i, 'team', config)),
    owners: group((i) => dimensionKey(i, 'owner', config)),
    monthly: [...months.entries()].sort((a, b) => byCodePoint(a[0], b[0])).map(([m, v]) => ({ month: m, ...v })),
    promise: { met_rate: rate(promised.filter((i) => (acceptedAt.get(i.id) as number) <= ms(i.expected_by)).length, promised.length), n: promised.length },
    compensation,
    recurrence: { count: recurrences.length, issues: recurrences },
  };
}

/** The scalar KPIs, flat, for tables, CSV and --compare. */
export function headlineFigures(r: Report): { name: string; value: number | null; unit: 'count' | 'hours' | 'rate' | 'score' }[] {
  return [
    { name: 'total', value: r.total, unit: 'count' },
    { name: 'open', value: r.open, unit: 'count' },
    { name: 'accepted', value: r.accepted, unit: 'count' },
    { name: 'mttr_hours.mean', value: r.mttr_hours.mean, unit: 'hours' },
    { name: 'mttr_hours.median', value: r.mttr_hours.median, unit: 'hours' },
    { name: 'mttr_hours.p90', value: r.mttr_hours.p90, unit: 'hours' },
    { name: 'first_time_fix_rate', value: r.first_time_fix_rate, unit: 'rate' },
    { name: 'reopen_rate', value: r.reopen_rate, unit: 'rate' },
    { name: 'sla.response_met_rate', value: r.sla.response_met_rate, unit: 'rate' },
    { name: 'sla.resolution_met_rate', value: r.sla.resolution_met_rate, unit: 'rate' },
    { name: 'sla.overdue_now', value: r.sla.overdue_now, unit: 'count' },
    { name: 'satisfaction.mean', value: r.satisfaction.mean, unit: 'score' },
    { name: 'satisfaction.csat', value: r.satisfaction.csat, unit: 'rate' },
    { name: 'promise.met_rate', value: r.promise.met_rate, unit: 'rate' },
    { name: 'compensation.count', value: r.compensation.count, unit: 'count' },
    { name: 'recurrence.count', value: r.recurrence.count, unit: 'count' },
  ];
}
