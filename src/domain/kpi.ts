// KPIs (seed 1, step 5), exactly as CONTRACT's `report --format json` defines them.
// Pure: issues and `now` in, figures out. Cancelled issues are left out of every KPI.
// Populations: `total` = reported in the period; `accepted` = latest acceptance in the
// period (every resolution KPI is over that one).
import type { Config } from './config.js';
import type { ReportFacts } from './facts.js';
import { isOpen, type Status } from './vocabulary.js';
import { dateInZone, monthInZone } from './time.js';
import { byCodePoint } from './order.js';
import {
  dimensionKeys,
  effectivenessIn,
  Groups,
  HOUR,
  type Dimension,
  largestStage,
  meanTimeInStatus,
  stuckNow,
  waitedBefore,
  recurrencesIn,
  sortedPercentile,
  tally,
  type GroupRow,
  type Recurrences,
  type Stuck,
} from './kpi-measures.js';

import {
  paretoOf,
  trendOf,
  weighting,
  type CrossTab,
  type ParetoRow,
  type TrendRow,
  type Weighting,
} from './kpi-views.js';

export { DIMENSIONS, dimensionKeys, percentile, type Dimension, type GroupRow } from './kpi-measures.js';
export type { CrossTab, ParetoRow, TrendRow } from './kpi-views.js';
export { headlineFigures, previousPeriod, sampleSize } from './kpi-headline.js';

export interface Period {
  since: Date | null;
  until: Date | null;
}

const DAY = 24 * HOUR;

/** What the Pareto is over: one dimension, or two (a cross-tab); weighted by count or cost. */
export interface ReportShape {
  by: readonly Dimension[];
  weight?: 'count' | 'cost';
  currency?: string;
  /** month: the KPIs month by month too */
  trend?: 'month';
}

export interface Report {
  period: { since: string | null; until: string | null };
  total: number;
  open: number;
  accepted: number;
  by: ParetoRow[];
  /** the dimensions, joined by a comma for a cross-tab */
  by_dimension: string;
  // beyond CONTRACT: the dimensions as a list, the cross-tab of two, how the Pareto is weighted
  by_dimensions: Dimension[];
  cross: CrossTab | null;
  weight: Weighting;
  /** month by month over the period (--trend month) */
  trend?: TrendRow[];
  /** with --store: the stores counted together */
  stores?: string[];
  /** the filters the report is over, as given */
  filters?: Record<string, string>;
  /** net_mean: the same, the time spent waiting on the customer or a supplier left out */
  mttr_hours: { mean: number | null; median: number | null; p90: number | null; net_mean: number | null };
  stage_hours: Record<Status, number | null>;
  bottleneck: Status | null;
  /** the issues still open now: time in each status so far, the current visit until now */
  stage_hours_open: Record<Status, number | null>;
  bottleneck_now: Status | null;
  stuck: Stuck[];
  first_time_fix_rate: number | null;
  reopen_rate: number | null;
  sla: { response_met_rate: number | null; resolution_met_rate: number | null; overdue_now: number };
  satisfaction: {
    mean: number | null;
    csat: number | null;
    trend: { month: string; mean: number; csat: number; n: number }[];
  };
  aging: { '0-2d': number; '3-7d': number; '8-30d': number; '>30d': number };
  // beyond CONTRACT
  teams: GroupRow[];
  owners: GroupRow[];
  monthly: { month: string; created: number; accepted: number }[];
  promise: { met_rate: number | null; n: number };
  compensation: {
    count: number;
    by_kind: Record<string, number>;
    amount_by_currency: Record<string, number>;
    /** the same sums as amount_by_currency (CONTRACT's name) */
    total: Record<string, number>;
  };
  /** the `cost` events of the issues accepted in the period: by currency, and by kind */
  cost: { total: Record<string, number>; by_kind: Record<string, Record<string, number>> };
  recurrence: Recurrences;
  /** effectiveness checks: due now and not recorded; recorded in the period; effective share */
  effectiveness: { due: number; effective: number; ineffective: number; rate: number | null };
}

const rate = (num: number, den: number) => (den > 0 ? num / den : null);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

// One pass per population over 20,000 issues, sums kept in the order of the issues (so the
// figures do not depend on how they are added up): a report is run at every review.
export function computeReport(
  all: readonly ReportFacts[],
  config: Config,
  period: Period,
  now: Date,
  shape: Dimension | ReportShape = 'type',
): Report {
  const { by: dims, weight = 'count', currency, trend } = typeof shape === 'string' ? { by: [shape] } : shape;
  const tz = config.timezone;
  const nowMs = now.getTime();
  const since = period.since?.getTime() ?? -Infinity;
  const until = period.until?.getTime() ?? Infinity;
  const inPeriod = (t: number | null) => t !== null && t >= since && t <= until;
  const month = (t: number) => monthInZone(t, tz);
  const keyOf = dimensionKeys(config);
  const live: ReportFacts[] = [];
  const total: ReportFacts[] = [];
  const accepted: ReportFacts[] = [];
  for (const f of all) {
    if (f.status === 'cancelled') continue;
    live.push(f);
    if (inPeriod(f.reported)) total.push(f);
    if (inPeriod(f.acceptedAt)) accepted.push(f);
  }

  // the issues reported in the period
  const teams = new Groups();
  const owners = new Groups();
  const months = new Map<string, { created: number; accepted: number }>();
  const monthRow = (m: string) => tally(months, m, () => ({ created: 0, accepted: 0 }));
  const aging = { '0-2d': 0, '3-7d': 0, '8-30d': 0, '>30d': 0 };
  let open = 0;
  const openNow: ReportFacts[] = [];
  let overdue = 0;
  let responseDue = 0;
  let responseMet = 0;
  for (const f of total) {
    const isOpenNow = isOpen(f);
    const overdueNow = isOpenNow && f.status !== 'waiting' && f.resolutionDue !== null && nowMs > f.resolutionDue;
    teams.reported(keyOf(f, 'team'), isOpenNow, overdueNow);
    owners.reported(keyOf(f, 'owner'), isOpenNow, overdueNow);
    monthRow(month(f.reported)).created++;
    if (isOpenNow) {
      open++;
      openNow.push(f);
      const days = Math.floor((nowMs - f.reported) / DAY);
      aging[days <= 2 ? '0-2d' : days <= 7 ? '3-7d' : days <= 30 ? '8-30d' : '>30d']++;
    }
    if (overdueNow) overdue++;
    // due by now, or answered already: an issue still within its response time is not yet counted
    if (f.responseDue !== null && (f.firstResponse !== null || f.responseDue <= nowMs)) {
      responseDue++;
      if (f.firstResponse !== null && f.firstResponse <= f.responseDue) responseMet++;
    }
  }
  const weighted = weighting(total, weight, currency);
  const pareto = paretoOf(total, keyOf, dims, weighted);

  // the issues accepted in the period
  const hours = new Float64Array(accepted.length);
  let hoursSum = 0;
  let netSum = 0;
  let firstTime = 0;
  let reopened = 0;
  let withResolutionDue = 0;
  let resolutionMet = 0;
  let promised = 0;
  let promiseMet = 0;
  const scores: number[] = [];
  const trendMonths = new Map<string, number[]>();
  const amounts: Record<string, number> = {};
  const compensation = { count: 0, by_kind: {} as Record<string, number>, amount_by_currency: amounts, total: amounts };
  const cost = { total: {} as Record<string, number>, by_kind: {} as Record<string, Record<string, number>> };
  accepted.forEach((f, n) => {
    const at = f.acceptedAt as number;
    const h = (at - f.reported) / HOUR;
    hours[n] = h;
    hoursSum += h;
    netSum += h - waitedBefore(f, at) / HOUR;
    teams.accepted(keyOf(f, 'team'), h);
    owners.accepted(keyOf(f, 'owner'), h);
    monthRow(month(at)).accepted++;
    if (f.firstRoundPassed && !f.reopened) firstTime++;
    if (f.reopened) reopened++;
    if (f.resolutionDue !== null) {
      withResolutionDue++;
      if (at <= f.resolutionDue) resolutionMet++;
    }
    if (f.expectedBy !== null) {
      promised++;
      if (at <= f.expectedBy) promiseMet++;
    }
    if (f.satisfaction !== null) {
      scores.push(f.satisfaction);
      tally(trendMonths, month(at), () => [] as number[]).push(f.satisfaction);
    }
    for (const c of f.costs) {
      if (c.amount === null) continue;
      const cur = c.currency ?? '';
      cost.total[cur] = (cost.total[cur] ?? 0) + c.amount;
      const kind = (cost.by_kind[c.kind] ??= {});
      kind[cur] = (kind[cur] ?? 0) + c.amount;
    }
    // an issue's latest compensation, once: a round that repeats it is the same compensation
    const latest = f.compensations.at(-1);
    for (const c of latest ? [latest] : []) {
      compensation.count++;
      compensation.by_kind[c.kind] = (compensation.by_kind[c.kind] ?? 0) + 1;
      if (c.amount !== null) {
        const cur = c.currency ?? '';
        compensation.amount_by_currency[cur] = (compensation.amount_by_currency[cur] ?? 0) + c.amount;
      }
    }
  });
  const sortedHours = hours.slice().sort();
  const stageHours = meanTimeInStatus(accepted, nowMs);
  const openHours = meanTimeInStatus(openNow, nowMs);

  return {
    period: {
      since: period.since ? dateInZone(period.since, tz) : null,
      until: period.until ? dateInZone(period.until, tz) : null,
    },
    total: total.length,
    open,
    accepted: accepted.length,
    by: pareto.by,
    by_dimension: dims.join(','),
    by_dimensions: [...dims],
    cross: pareto.cross,
    weight: weighted,
    ...(trend ? { trend: trendOf(total, accepted, month) } : {}),
    mttr_hours: {
      mean: accepted.length ? hoursSum / accepted.length : null,
      median: sortedPercentile(sortedHours, 0.5),
      p90: sortedPercentile(sortedHours, 0.9),
      net_mean: accepted.length ? netSum / accepted.length : null,
    },
    stage_hours: stageHours,
    bottleneck: largestStage(stageHours),
    stage_hours_open: openHours,
    bottleneck_now: largestStage(openHours),
    stuck: stuckNow(openNow, nowMs),
    first_time_fix_rate: rate(firstTime, accepted.length),
    reopen_rate: rate(reopened, accepted.length),
    sla: {
      response_met_rate: rate(responseMet, responseDue),
      resolution_met_rate: rate(resolutionMet, withResolutionDue),
      overdue_now: overdue,
    },
    satisfaction: {
      mean: mean(scores),
      csat: rate(scores.filter((s) => s >= 4).length, scores.length),
      trend: [...trendMonths.entries()]
        .sort((a, b) => byCodePoint(a[0], b[0]))
        .map(([m, ss]) => ({
          month: m,
          mean: mean(ss) as number,
          csat: ss.filter((s) => s >= 4).length / ss.length,
          n: ss.length,
        })),
    },
    aging,
    teams: teams.list(),
    owners: owners.list(),
    monthly: [...months.entries()].sort((a, b) => byCodePoint(a[0], b[0])).map(([m, v]) => ({ month: m, ...v })),
    promise: { met_rate: rate(promiseMet, promised), n: promised },
    compensation,
    cost,
    recurrence: recurrencesIn(live, total),
    effectiveness: effectivenessIn(live, inPeriod, nowMs),
  };
}
