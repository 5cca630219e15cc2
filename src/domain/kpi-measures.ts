// Measures over a population of issues that report's KPIs are made of (./kpi.ts):
// percentiles, time in each status, per-group rows, recurrences. Pure, like the KPIs.
import type { ReportFacts } from './facts.js';
import { STATUSES, type Status } from './vocabulary.js';
import { byCodePoint } from './order.js';
import { normalizeCause } from './cause.js';

export const HOUR = 3_600_000;

export interface GroupRow {
  key: string;
  total: number;
  open: number;
  accepted: number;
  mttr_mean: number | null;
  overdue_now: number;
}

/** Percentile by linear interpolation between closest ranks (Excel PERCENTILE.INC). */
export function percentile(values: number[], p: number): number | null {
  return sortedPercentile(Float64Array.from(values).sort(), p);
}

export function sortedPercentile(xs: ArrayLike<number>, p: number): number | null {
  if (xs.length === 0) return null;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return (xs[lo] as number) + (h - lo) * ((xs[hi] as number) - (xs[lo] as number));
}

/** Mean hours per status over issues, each issue's visits to a status summed and the last
 * status lasting until `now`; null for a status no issue was in. */
export function meanTimeInStatus(issues: readonly ReportFacts[], now: number): Record<Status, number | null> {
  const sums = new Float64Array(STATUSES.length);
  const counts = new Float64Array(STATUSES.length);
  const own = new Float64Array(STATUSES.length);
  for (const f of issues) {
    let visited = 0;
    own.fill(0);
    let status = 0; // new
    let since = f.reported;
    const { changes } = f;
    for (let n = 0; ; n += 2) {
      const last = n >= changes.length;
      const until = last ? now : (changes[n + 1] as number); // the last status lasts until now
      own[status] = (own[status] as number) + Math.max(0, until - since) / HOUR;
      visited |= 1 << status;
      if (last) break;
      status = changes[n] as number;
      since = until;
    }
    for (let s = 0; s < STATUSES.length; s++) {
      if (visited & (1 << s)) {
        sums[s] = (sums[s] as number) + (own[s] as number);
        counts[s] = (counts[s] as number) + 1;
      }
    }
  }
  return Object.fromEntries(
    STATUSES.map((s, k) => [s, counts[k] ? (sums[k] as number) / (counts[k] as number) : null]),
  ) as Record<Status, number | null>;
}

/** Per team or per owner: counted in one pass over each population, hours summed in order. */
export class Groups {
  private rows = new Map<string, { total: number; open: number; accepted: number; hours: number; overdue: number }>();
  private of(key: string) {
    return tally(this.rows, key, () => ({ total: 0, open: 0, accepted: 0, hours: 0, overdue: 0 }));
  }
  reported(key: string, open: boolean, overdue: boolean): void {
    const row = this.of(key);
    row.total++;
    if (open) row.open++;
    if (overdue) row.overdue++;
  }
  accepted(key: string, hours: number): void {
    const row = this.of(key);
    row.accepted++;
    row.hours += hours;
  }
  list(): GroupRow[] {
    return [...this.rows]
      .sort((a, b) => byCodePoint(a[0], b[0]))
      .map(([key, r]) => ({
        key,
        total: r.total,
        open: r.open,
        accepted: r.accepted,
        mttr_mean: r.accepted ? r.hours / r.accepted : null,
        overdue_now: r.overdue,
      }));
  }
}

/** A count per key, made on first use. */
export function tally<V>(map: Map<string, V>, key: string, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

export interface Recurrences {
  count: number;
  issues: { id: string; root_cause: string; earlier: string }[];
}

/** Issues reported in the period whose root cause an issue accepted before had: fixes
 * grouped by cause, earliest first — one pass, not one scan per issue. */
export function recurrencesIn(live: readonly ReportFacts[], total: readonly ReportFacts[]): Recurrences {
  const fixesByCause = new Map<string, { id: string; at: number }[]>();
  for (const f of live) {
    if (f.rootCause === null || f.acceptedAt === null) continue;
    tally(fixesByCause, normalizeCause(f.rootCause), () => []).push({ id: f.id, at: f.acceptedAt });
  }
  for (const list of fixesByCause.values()) list.sort((a, b) => a.at - b.at);
  const issues: Recurrences['issues'] = [];
  for (const f of total) {
    if (f.rootCause === null) continue;
    const earlier = fixesByCause.get(normalizeCause(f.rootCause))?.find((fix) => fix.id !== f.id);
    if (earlier && earlier.at < f.reported) issues.push({ id: f.id, root_cause: f.rootCause, earlier: earlier.id });
  }
  return { count: issues.length, issues };
}
