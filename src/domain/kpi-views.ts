// The manager's views of a population (./kpi.ts): the Pareto by one dimension or a cross-tab
// of two, weighted by count or by cost, and the monthly trend of the resolution KPIs.
// Pure, like the KPIs.
import type { ReportFacts } from './facts.js';
import { HOUR, type Dimension } from './kpi-measures.js';
import { byCodePoint } from './order.js';

export interface ParetoRow {
  key: string;
  /** the dimensions' keys of a cross-tab row (key is them joined by " / ") */
  keys?: string[];
  count: number;
  /** with --weight cost: the cost in the report's currency */
  cost?: number;
  share: number;
  cumulative_share: number;
}

/** Two dimensions: row keys × column keys, each ordered by its total (largest first). */
export interface CrossTab {
  rows: string[];
  columns: string[];
  /** counts[r][c]; with --weight cost, costs[r][c] too */
  counts: number[][];
  costs?: number[][];
}

export interface TrendRow {
  month: string;
  reported: number;
  accepted: number;
  mttr_mean: number | null;
  first_time_fix_rate: number | null;
  csat: number | null;
}

export interface Weighting {
  weight: 'count' | 'cost';
  /** the one currency costs are added up in: named, or the one most cost entries use */
  currency: string | null;
  /** cost entries in another currency, not counted */
  left_out: number;
}

type KeyOf = (f: ReportFacts, dim: Dimension) => string;

/** The cost of an issue in `currency`: its `cost` events (compensation paid is one of their kinds). */
const costIn = (f: ReportFacts, currency: string | null) => {
  let sum = 0;
  for (const c of f.costs) if (c.amount !== null && (c.currency ?? '') === (currency ?? '')) sum += c.amount;
  return sum;
};

/** How the Pareto is weighted; the currency named by `currency` or else the most used one. */
export function weighting(issues: readonly ReportFacts[], weight: 'count' | 'cost', currency?: string): Weighting {
  if (weight === 'count') return { weight, currency: null, left_out: 0 };
  const uses = new Map<string, number>();
  for (const f of issues)
    for (const c of f.costs) if (c.amount !== null) uses.set(c.currency ?? '', (uses.get(c.currency ?? '') ?? 0) + 1);
  const chosen = currency ?? [...uses].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))[0]?.[0] ?? null;
  let left = 0;
  for (const [cur, n] of uses) if (cur !== (chosen ?? '')) left += n;
  return { weight, currency: chosen === '' ? null : chosen, left_out: left };
}

/** The Pareto of `issues` by `dims` (one, or two for a cross-tab), largest weight first. */
export function paretoOf(
  issues: readonly ReportFacts[],
  keyOf: KeyOf,
  dims: readonly Dimension[],
  w: Weighting,
): { by: ParetoRow[]; cross: CrossTab | null } {
  const rows = new Map<string, { keys: string[]; count: number; cost: number }>();
  for (const f of issues) {
    const keys = dims.map((d) => keyOf(f, d));
    const key = keys.join(' / ');
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { keys, count: 0, cost: 0 }));
    row.count++;
    if (w.weight === 'cost') row.cost += costIn(f, w.currency);
  }
  const byCost = w.weight === 'cost';
  const weightOf = (r: { count: number; cost: number }) => (byCost ? r.cost : r.count);
  const total = [...rows.values()].reduce((s, r) => s + weightOf(r), 0);
  let running = 0;
  const by = [...rows.entries()]
    .sort((a, b) => weightOf(b[1]) - weightOf(a[1]) || b[1].count - a[1].count || byCodePoint(a[0], b[0]))
    .map(([key, r]): ParetoRow => {
      running += weightOf(r);
      return {
        key,
        ...(dims.length > 1 ? { keys: r.keys } : {}),
        count: r.count,
        ...(byCost ? { cost: r.cost } : {}),
        share: total > 0 ? weightOf(r) / total : 0,
        cumulative_share: total > 0 ? running / total : 0,
      };
    });
  return { by, cross: dims.length === 2 ? crossTab(by, byCost) : null };
}

function crossTab(by: readonly ParetoRow[], byCost: boolean): CrossTab {
  const order = (n: 0 | 1) => {
    const sums = new Map<string, number>();
    for (const r of by) {
      const k = r.keys?.[n] as string;
      sums.set(k, (sums.get(k) ?? 0) + (byCost ? (r.cost ?? 0) : r.count));
    }
    return [...sums].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0])).map(([k]) => k);
  };
  const rows = order(0);
  const columns = order(1);
  const grid = () => rows.map(() => columns.map(() => 0));
  const counts = grid();
  const costs = byCost ? grid() : undefined;
  for (const r of by) {
    const [a, b] = r.keys as [string, string];
    const [i, j] = [rows.indexOf(a), columns.indexOf(b)];
    (counts[i] as number[])[j] = r.count;
    if (costs) (costs[i] as number[])[j] = r.cost ?? 0;
  }
  return { rows, columns, counts, ...(costs ? { costs } : {}) };
}

/** Month by month, from the first month anything happened to the last (months without any
 * in between kept, so a chart's x axis is even): reported, and over the issues accepted in
 * the month, MTTR, first-time fix and CSAT. */
export function trendOf(
  reported: readonly ReportFacts[],
  accepted: readonly ReportFacts[],
  month: (t: number) => string,
): TrendRow[] {
  const rows = new Map<
    string,
    { reported: number; hours: number; accepted: number; first: number; scores: number[] }
  >();
  const row = (m: string) => {
    let r = rows.get(m);
    if (!r) rows.set(m, (r = { reported: 0, hours: 0, accepted: 0, first: 0, scores: [] }));
    return r;
  };
  for (const f of reported) row(month(f.reported)).reported++;
  for (const f of accepted) {
    const at = f.acceptedAt as number;
    const r = row(month(at));
    r.accepted++;
    r.hours += (at - f.reported) / HOUR;
    if (f.firstRoundPassed && !f.reopened) r.first++;
    if (f.satisfaction !== null) r.scores.push(f.satisfaction);
  }
  const months = [...rows.keys()].sort(byCodePoint);
  if (!months.length) return [];
  const out: TrendRow[] = [];
  for (let m = months[0] as string; m <= (months.at(-1) as string); m = nextMonth(m)) {
    const r = rows.get(m) ?? { reported: 0, hours: 0, accepted: 0, first: 0, scores: [] };
    out.push({
      month: m,
      reported: r.reported,
      accepted: r.accepted,
      mttr_mean: r.accepted ? r.hours / r.accepted : null,
      first_time_fix_rate: r.accepted ? r.first / r.accepted : null,
      csat: r.scores.length ? r.scores.filter((s) => s >= 4).length / r.scores.length : null,
    });
  }
  return out;
}

/** "2026-12" → "2027-01" */
export function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}
