// Measures over a population of issues that report's KPIs are made of (./kpi.ts):
// percentiles, time in each status, per-group rows, recurrences. Pure, like the KPIs.
import type { Config } from './config.js';
import type { ReportFacts } from './facts.js';
import { STATUSES, type Status } from './vocabulary.js';
import { byCodePoint } from './order.js';
import { normalizeCause } from './cause.js';
import { teamOfIssue } from './filters.js';

export const HOUR = 3_600_000;

export const DIMENSIONS = [
  'type',
  'severity',
  'product',
  'line',
  'component',
  'team',
  'owner',
  'customer',
  'store',
] as const;
/** A built-in dimension, or `field:ID`: one of the config's own fields. */
export type Dimension = (typeof DIMENSIONS)[number] | `field:${string}`;

/** The key an issue is counted under for `dim`; a person's team is looked up once. */
export function dimensionKeys(config: Config): (f: ReportFacts, dim: Dimension) => string {
  const none = '(none)';
  const teamOf = teamOfIssue(config);
  return (f, dim) => {
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
        return teamOf(f) ?? none;
      case 'owner':
        return f.person ?? none;
      case 'customer':
        return f.customer;
      case 'store':
        return f.store ?? none;
      default: {
        const v = f.fields?.[dim.slice('field:'.length)];
        return v === undefined ? none : String(v);
      }
    }
  };
}

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
    // an imported case's history has its start and its end, not its stages
    if (f.imported) continue;
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

/** The status with the largest mean hours, `accepted` and `cancelled` aside. */
export function largestStage(hours: Record<Status, number | null>): Status | null {
  let best: Status | null = null;
  for (const s of STATUSES) {
    const v = hours[s];
    if (s === 'accepted' || s === 'cancelled' || v === null) continue;
    if (best === null || v > (hours[best] ?? -1)) best = s;
  }
  return best;
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
  /** the earlier issue each recurrence matched */
  pairs: { issue: string; of: string }[];
  /** the same, with the root cause (null where the failure mode matched) */
  issues: { id: string; root_cause: string | null; earlier: string }[];
}

type Fix = Pick<ReportFacts, 'id' | 'product' | 'component' | 'failureMode'> & { at: number };

/** Whether two issues are the same problem: product, component and failure mode where both
 * name a failure mode, else the same root cause (and product and component where both have them). */
function samePlace(a: Fix, b: Pick<ReportFacts, 'product' | 'component'>): boolean {
  return agree(a.product, b.product) && agree(a.component, b.component);
}

const agree = (x: string | null, y: string | null) => x === null || y === null || x === y;

/** The earliest fix of a time-ordered list made before `f` was reported; by cause, only one
 * in the same place, and not where both name a failure mode (the mode decides then). A plain
 * loop: a closure made per issue costs more than the search at 20,000 issues. */
function earliestFix(list: Fix[] | undefined, f: ReportFacts, byCause: boolean): Fix | null {
  for (const g of list ?? []) {
    if (g.at >= f.reported) return null;
    if (g.id === f.id) continue;
    if (!byCause || ((f.failureMode === null || g.failureMode === null) && samePlace(g, f))) return g;
  }
  return null;
}

/** Issues reported in the period that an issue already accepted had: matched by failure mode or
 * root cause, reported after the earlier one's *first* acceptance (a later reopen does not undo
 * that it was thought fixed). One pass over each population, fixes grouped by what they match on. */
export function recurrencesIn(live: readonly ReportFacts[], total: readonly ReportFacts[]): Recurrences {
  const byMode = new Map<string, Fix[]>();
  const byCause = new Map<string, Fix[]>();
  const modeKey = (f: Pick<ReportFacts, 'product' | 'component' | 'failureMode'>) =>
    `${f.product ?? ''}\0${f.component ?? ''}\0${f.failureMode}`;
  for (const f of live) {
    if (f.firstAcceptedAt === null) continue;
    const fix: Fix = {
      id: f.id,
      product: f.product,
      component: f.component,
      failureMode: f.failureMode,
      at: f.firstAcceptedAt,
    };
    if (f.failureMode !== null) tally(byMode, modeKey(f), () => []).push(fix);
    if (f.rootCause !== null) tally(byCause, normalizeCause(f.rootCause), () => []).push(fix);
  }
  for (const list of [...byMode.values(), ...byCause.values()])
    list.sort((a, b) => a.at - b.at || byCodePoint(a.id, b.id));
  const out: Recurrences = { count: 0, pairs: [], issues: [] };
  for (const f of total) {
    const byItsMode = f.failureMode !== null ? earliestFix(byMode.get(modeKey(f)), f, false) : null;
    const byItsCause = f.rootCause !== null ? earliestFix(byCause.get(normalizeCause(f.rootCause)), f, true) : null;
    const earlier =
      byItsMode && byItsCause ? (byItsCause.at < byItsMode.at ? byItsCause : byItsMode) : (byItsMode ?? byItsCause);
    if (!earlier) continue;
    out.pairs.push({ issue: f.id, of: earlier.id });
    out.issues.push({ id: f.id, root_cause: f.rootCause, earlier: earlier.id });
  }
  out.count = out.pairs.length;
  return out;
}

const WAITING = STATUSES.indexOf('waiting');

/** Milliseconds an issue spent waiting (on the customer, a supplier) before `until`. */
export function waitedBefore(f: Pick<ReportFacts, 'changes'>, until: number): number {
  let waited = 0;
  const { changes } = f;
  for (let n = 0; n < changes.length; n += 2) {
    if (changes[n] !== WAITING) continue;
    const from = changes[n + 1] as number;
    const to = n + 3 < changes.length ? (changes[n + 3] as number) : until;
    waited += Math.max(0, Math.min(to, until) - from);
  }
  return waited;
}

export interface Stuck {
  issue: string;
  status: Status;
  hours: number;
}

/** Open issues by the hours they have been in their current status, most first (ties by ID). */
export function stuckNow(open: readonly ReportFacts[], now: number, limit = 10): Stuck[] {
  return open
    .map((f) => {
      const since = f.changes.length ? (f.changes[f.changes.length - 1] as number) : f.reported;
      return { issue: f.id, status: f.status, hours: Math.max(0, now - since) / HOUR };
    })
    .sort((a, b) => b.hours - a.hours || byCodePoint(a.issue, b.issue))
    .slice(0, limit);
}

/** Effectiveness checks: due now and not yet recorded; recorded in the period, by verdict. */
export function effectivenessIn(
  live: readonly ReportFacts[],
  inPeriod: (t: number | null) => boolean,
  now: number,
): { due: number; effective: number; ineffective: number; rate: number | null } {
  const out = { due: 0, effective: 0, ineffective: 0, rate: null as number | null };
  for (const f of live)
    for (const [, , , due, , , , , result, at] of f.effects) {
      if (result === null) {
        if (due <= now) out.due++;
      } else if (inPeriod(at)) out[result]++;
    }
  const judged = out.effective + out.ineffective;
  out.rate = judged ? out.effective / judged : null;
  return out;
}
