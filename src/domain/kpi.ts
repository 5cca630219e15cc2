// KPIs (seed 1, step 5), exactly as CONTRACT's `report --format json` defines them.
// Pure: issues and `now` in, figures out. Cancelled issues are left out of every KPI.
// Populations: `total` = reported in the period; `accepted` = latest acceptance in the
// period (every resolution KPI is over that one).
import type { Config } from './config.js';
import type { Facts } from './facts.js';
import { isOpen, OPEN_STATUSES, STATUSES, type Status } from './vocabulary.js';
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

const rate = (num: number, den: number) => (den > 0 ? num / den : null);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Percentile by linear interpolation between closest ranks (Excel PERCENTILE.INC). */
export function percentile(values: number[], p: number): number | null {
  return sortedPercentile([...values].sort((a, b) => a - b), p);
}

function sortedPercentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return (xs[lo] as number) + (h - lo) * ((xs[hi] as number) - (xs[lo] as number));
}

/** Mean hours per status over issues, each issue's visits to a status summed and the last
 * status lasting until `now`; null for a status no issue was in. */
function meanTimeInStatus(issues: readonly Facts[], now: number): Record<Status, number | null> {
  const sums = new Float64Array(STATUSES.length);
  const counts = new Float64Array(STATUSES.length);
  const own = new Float64Array(STATUSES.length);
  for (const f of issues) {
    let visited = 0;
    own.fill(0);
    let status = 0; // new
    let since = f.reported;
    const stay = (until: number) => {
      own[status] = (own[status] as number) + Math.max(0, until - since) / HOUR;
      visited |= 1 << status;
    };
    for (let n = 0; n < f.changes.length; n += 2) {
      const at = f.changes[n + 1] as number;
      stay(at);
      status = f.changes[n] as number;
      since = at;
    }
    stay(now);
    for (let s = 0; s < STATUSES.length; s++) {
      if (visited & (1 << s)) {
        sums[s] = (sums[s] as number) + (own[s] as number);
        counts[s] = (counts[s] as number) + 1;
      }
    }
  }
  return Object.fromEntries(STATUSES.map((s, k) => [s, counts[k] ? (sums[k] as number) / (counts[k] as number) : null])) as Record<Status, number | null>;
}

export function dimensionKey(f: Facts, dim: Dimension, config: Config): string {
  const none = '(none)';
  switch (dim) {
    case 'type':
      return f.type;
    case 'severity':
      return f.severity;
    case 'product':
      return f.product ?? none;
    case 'line':
      return f.line ?? none;
    case 'component':
      return f.component ?? none;
    case 'team':
      return f.team ?? config.teams.find((t) => f.person && t.members.includes(f.person))?.id ?? none;
    case 'owner':
      return f.person ?? none;
    case 'customer':
      return f.customer;
  }
}

export function computeReport(all: readonly Facts[], config: Config, period: Period, now: Date, by: Dimension = 'type'): Report {
  const tz = config.timezone;
  const nowMs = now.getTime();
  const since = period.since?.getTime() ?? -Infinity;
  const until = period.until?.getTime() ?? Infinity;
  const inPeriod = (t: number | null) => t !== null && t >= since && t <= until;
  const live = all.filter((f) => f.status !== 'cancelled');
  const total = live.filter((f) => inPeriod(f.reported));
  const accepted = live.filter((f) => inPeriod(f.acceptedAt));
  const acceptedAt = (f: Facts) => f.acceptedAt as number; // of an accepted issue
  const resolutionHours = (f: Facts) => (acceptedAt(f) - f.reported) / HOUR;
  const overdueNow = (f: Facts) => isOpen(f) && f.resolutionDue !== null && nowMs > f.resolutionDue;
  const month = (t: number) => monthInZone(t, tz);

  // Pareto over the issues reported in the period, most first
  const counts = new Map<string, number>();
  for (const f of total) {
    const key = dimensionKey(f, by, config);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let running = 0;
  const pareto = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))
    .map(([key, count]) => {
      running += count;
      return { key, count, share: count / total.length, cumulative_share: running / total.length };
    });

  const hours = accepted.map(resolutionHours);
  const sortedHours = [...hours].sort((a, b) => a - b);
  const stageHours = meanTimeInStatus(accepted, nowMs);
  const bottleneck = OPEN_STATUSES.reduce<Status | null>((best, s) => {
    const v = stageHours[s];
    return v !== null && (best === null || v > (stageHours[best] ?? -1)) ? s : best;
  }, null);

  const assigned = total.filter((f) => f.firstAssigned !== null && f.responseDue !== null);
  const withResolutionDue = accepted.filter((f) => f.resolutionDue !== null);
  const scored = accepted.filter((f) => f.satisfaction !== null).map((f) => ({ f, s: f.satisfaction as number }));
  const trendMonths = new Map<string, number[]>();
  for (const { f, s } of scored) {
    const m = month(acceptedAt(f));
    const list = trendMonths.get(m);
    if (list) list.push(s);
    else trendMonths.set(m, [s]);
  }

  const openNow = total.filter(isOpen);
  const aging = { '0-2d': 0, '3-7d': 0, '8-30d': 0, '>30d': 0 };
  for (const f of openNow) {
    const days = Math.floor((nowMs - f.reported) / DAY);
    aging[days <= 2 ? '0-2d' : days <= 7 ? '3-7d' : days <= 30 ? '8-30d' : '>30d']++;
  }

  const group = (keyOf: (f: Facts) => string): GroupRow[] => {
    const groups = new Map<string, { t: Facts[]; a: Facts[] }>();
    const of = (f: Facts) => {
      const key = keyOf(f);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { t: [], a: [] }));
      return g;
    };
    for (const f of total) of(f).t.push(f);
    for (const f of accepted) of(f).a.push(f);
    return [...groups.keys()].sort(byCodePoint).map((key) => {
      const { t, a } = groups.get(key) as { t: Facts[]; a: Facts[] };
      return { key, total: t.length, open: t.filter(isOpen).length, accepted: a.length, mttr_mean: mean(a.map(resolutionHours)), overdue_now: t.filter(overdueNow).length };
    });
  };

  const months = new Map<string, { created: number; accepted: number }>();
  const monthOf = (m: string) => {
    let row = months.get(m);
    if (!row) months.set(m, (row = { created: 0, accepted: 0 }));
    return row;
  };
  for (const f of total) monthOf(month(f.reported)).created++;
  for (const f of accepted) monthOf(month(acceptedAt(f))).accepted++;

  const promised = accepted.filter((f) => f.expectedBy !== null);
  const compensation = { count: 0, by_kind: {} as Record<string, number>, amount_by_currency: {} as Record<string, number> };
  for (const f of accepted) {
    for (const c of f.compensations) {
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
  for (const f of live) {
    if (f.rootCause === null || f.acceptedAt === null) continue;
    const cause = normalizeCause(f.rootCause);
    const list = fixesByCause.get(cause) ?? [];
    list.push({ id: f.id, at: f.acceptedAt });
    fixesByCause.set(cause, list);
  }
  for (const list of fixesByCause.values()) list.sort((a, b) => a.at - b.at);
  const recurrences: Report['recurrence']['issues'] = [];
  for (const f of total) {
    if (f.rootCause === null) continue;
    const earlier = fixesByCause.get(normalizeCause(f.rootCause))?.find((fix) => fix.id !== f.id);
    if (earlier && earlier.at < f.reported) recurrences.push({ id: f.id, root_cause: f.rootCause, earlier: earlier.id });
  }

  return {
    period: { since: period.since ? dateInZone(period.since, tz) : null, until: period.until ? dateInZone(period.until, tz) : null },
    total: total.length,
    open: openNow.length,
    accepted: accepted.length,
    by: pareto,
    by_dimension: by,
    mttr_hours: { mean: mean(hours), median: sortedPercentile(sortedHours, 0.5), p90: sortedPercentile(sortedHours, 0.9) },
    stage_hours: stageHours,
    bottleneck,
    first_time_fix_rate: rate(accepted.filter((f) => f.firstRoundPassed && !f.reopened).length, accepted.length),
    reopen_rate: rate(accepted.filter((f) => f.reopened).length, accepted.length),
    sla: {
      response_met_rate: rate(assigned.filter((f) => (f.firstAssigned as number) <= (f.responseDue as number)).length, assigned.length),
      resolution_met_rate: rate(withResolutionDue.filter((f) => acceptedAt(f) <= (f.resolutionDue as number)).length, withResolutionDue.length),
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
    teams: group((f) => dimensionKey(f, 'team', config)),
    owners: group((f) => dimensionKey(f, 'owner', config)),
    monthly: [...months.entries()].sort((a, b) => byCodePoint(a[0], b[0])).map(([m, v]) => ({ month: m, ...v })),
    promise: { met_rate: rate(promised.filter((f) => acceptedAt(f) <= (f.expectedBy as number)).length, promised.length), n: promised.length },
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
