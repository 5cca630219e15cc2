// The manager's views of the report (domain/kpi-views.ts) for the terminal, Markdown and CSV:
// the period in words, the Pareto's heading, the cross-tab of two dimensions, the trend.
import type { CrossTab, Report, TrendRow } from '../domain/kpi.js';
import { t } from '../i18n/index.js';
import { hrs, pct } from './report.js';

/** "2026-11-01 → 2026-11-30", "from 2026-11-01", "until …", or "all time". */
export function periodText(r: Report): string {
  const { since, until } = r.period;
  if (since && until) return `${since} → ${until}`;
  if (since) return t('kpi.periodFrom', { date: since });
  if (until) return t('kpi.periodUntil', { date: until });
  return t('kpi.periodAll');
}

/** An amount rounded to the cent: 12,345.5 */
export const amount = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** A money amount in the report's currency: 12,345.5 CNY */
export const money = (r: Report, v: number) => `${amount(v)}${r.weight.currency ? ` ${r.weight.currency}` : ''}`;

/** What a Pareto by cost leaves out, or that it has nothing to rank; null otherwise. */
export function costNote(r: Report): string | null {
  if (r.weight.weight !== 'cost') return null;
  if (r.weight.left_out) return t('report.leftOut', { n: r.weight.left_out, currency: r.weight.currency ?? '—' });
  return r.by.some((b) => (b.cost ?? 0) !== 0) ? null : t('kpi.noCosts');
}

/** The Pareto's heading: by what, counted or by cost. */
export function paretoHeading(r: Report): string {
  return r.weight.weight === 'cost'
    ? t('kpi.paretoByCost', { dim: r.by_dimension, currency: r.weight.currency ?? '—' })
    : t('kpi.paretoBy', { dim: r.by_dimension });
}

/** What a Pareto row says beside its bar. */
export function paretoText(r: Report, b: Report['by'][number]): string {
  const weight = r.weight.weight === 'cost' ? `${money(r, b.cost ?? 0)} (${b.count})` : String(b.count);
  return `${weight}  ${pct(b.share)}  Σ ${pct(b.cumulative_share)}`;
}

/** The most rows and columns a cross-tab shows; the rest are added up as "other". */
const MOST_ROWS = 15;
const MOST_COLUMNS = 8;

/** The cross-tab folded to what fits: the largest rows and columns, the rest as "other",
 * with a total row and column. Cells are counts, or costs with --weight cost. */
export function crossCells(r: Report, cross: CrossTab): { head: string[]; rows: string[][] } {
  const cells = r.weight.weight === 'cost' && cross.costs ? cross.costs : cross.counts;
  const show = (v: number) => (r.weight.weight === 'cost' ? money(r, v).replace(/ \S+$/, '') : String(v));
  const other = t('kpi.other');
  const fold = <T>(xs: T[], most: number, sum: (rest: T[]) => T) =>
    xs.length > most ? [...xs.slice(0, most - 1), sum(xs.slice(most - 1))] : xs;
  const colNames = fold(cross.columns, MOST_COLUMNS, () => other);
  const sumRow = (row: number[]) => fold(row, MOST_COLUMNS, (rest) => rest.reduce((a, b) => a + b, 0));
  let grid = cells.map(sumRow);
  let rowNames = cross.rows;
  if (grid.length > MOST_ROWS) {
    const rest = grid.slice(MOST_ROWS - 1);
    grid = [...grid.slice(0, MOST_ROWS - 1), colNames.map((_, j) => rest.reduce((s, row) => s + (row[j] ?? 0), 0))];
    rowNames = [...rowNames.slice(0, MOST_ROWS - 1), other];
  }
  const [a, b] = r.by_dimension.split(' × ');
  const totals = colNames.map((_, j) => grid.reduce((s, row) => s + (row[j] ?? 0), 0));
  const rows = grid.map((row, i) => [rowNames[i] as string, ...row.map(show), show(row.reduce((x, y) => x + y, 0))]);
  rows.push([t('kpi.sum'), ...totals.map(show), show(totals.reduce((x, y) => x + y, 0))]);
  return { head: [`${a ?? ''} \\ ${b ?? ''}`, ...colNames, t('kpi.sum')], rows };
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** A series as a sparkline scaled from its least to its largest value; a gap where none. */
export function spark(values: (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return values.map((v) => (v === null ? ' ' : SPARKS[hi > lo ? Math.round(((v - lo) / (hi - lo)) * 7) : 3])).join('');
}

/** The trend's series: what each is called, its values month by month, how one is shown. */
export function trendSeries(trend: readonly TrendRow[]) {
  const count = (v: number | null) => (v === null ? '—' : String(v));
  return [
    { name: t('kpi.total'), values: trend.map((m) => m.reported), show: count },
    { name: t('kpi.accepted'), values: trend.map((m) => m.accepted), show: count },
    { name: t('kpi.mttr_hours.mean'), values: trend.map((m) => m.mttr_mean), show: hrs },
    { name: t('kpi.first_time_fix_rate'), values: trend.map((m) => m.first_time_fix_rate), show: pct },
    { name: t('kpi.satisfaction.csat'), values: trend.map((m) => m.csat), show: pct },
  ];
}

/** The trend as Markdown: a row per month. */
export function trendMarkdown(trend: readonly TrendRow[]): string[] {
  const series = trendSeries(trend);
  return [
    `| ${t('kpi.month')} | ${series.map((s) => s.name).join(' | ')} |`,
    `|---|${series.map(() => '---:').join('|')}|`,
    ...trend.map((m, i) => `| ${m.month} | ${series.map((s) => s.show(s.values[i] ?? null)).join(' | ')} |`),
  ];
}

/** The cross-tab and trend rows of the long CSV. */
export function viewRows(r: Report): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  if (r.cross) {
    const { rows: keys, columns, counts, costs } = r.cross;
    const section = `cross.${r.by_dimensions.join('.')}`;
    for (const [i, a] of keys.entries())
      for (const [j, b] of columns.entries()) {
        rows.push([section, `${a} / ${b}`, 'count', counts[i]?.[j] ?? 0]);
        if (costs) rows.push([section, `${a} / ${b}`, 'cost', costs[i]?.[j] ?? 0]);
      }
  }
  for (const m of r.trend ?? [])
    for (const k of ['reported', 'accepted', 'mttr_mean', 'first_time_fix_rate', 'csat'] as const)
      rows.push(['trend', m.month, k, m[k]]);
  return rows;
}
