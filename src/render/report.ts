// The KPI report for people at a terminal: tables, bars, sparklines, the cross-tab.
// Markdown and CSV are in ./report-text.ts.
import type { Painter } from './color.js';
import Table from 'cli-table3';
import { headlineFigures, type GroupRow, type Report } from '../domain/kpi.js';
import { STATUSES } from '../domain/vocabulary.js';
import { t } from '../i18n/index.js';
import { padEnd, truncate, width } from './text.js';
import { costNote, crossCells, paretoHeading, paretoText, periodText, spark, trendSeries } from './report-views.js';

export interface Comparison {
  rev: string;
  figures: {
    name: string;
    then: number | null;
    now: number | null;
    change: number | null;
    /** how many issues the figure is over, then and now (for means and rates) */
    n?: { then: number; now: number };
  }[];
}

export const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
export const hrs = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} h`);
const num = (v: number | null) => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(2));

export function formatFigure(value: number | null, unit: string): string {
  return unit === 'rate' ? pct(value) : unit === 'hours' ? hrs(value) : num(value);
}

const label = (name: string) => t(`kpi.${name}` as Parameters<typeof t>[0]);

/** An age bucket of the report (`0-2d`, `>30d`) in the reader's units. */
/** Bars of mean hours per status (`accepted` and `cancelled` aside), the bottleneck marked. */
export const stageBars = (hours: Report['stage_hours'], bottleneck: string | null) =>
  STATUSES.filter((s) => hours[s] !== null && s !== 'accepted' && s !== 'cancelled').map((s) => ({
    key: t(`status.${s}`),
    value: hours[s] ?? 0,
    text: hrs(hours[s]),
    highlight: s === bottleneck,
  }));

export const ageBucket = (key: string) => key.replace(/d$/, t('kpi.dayUnit'));

const SPARKS = '▁▂▃▄▅▆▇█';
/** Satisfaction 1..5 as a sparkline. */
export function sparkline(values: number[]): string {
  return values.map((v) => SPARKS[Math.max(0, Math.min(7, Math.round(((v - 1) / 4) * 7)))]).join('');
}

function bars(rows: { key: string; value: number; text: string }[], c: Painter, barWidth = 30): string[] {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const keyWidth = Math.min(24, Math.max(0, ...rows.map((r) => width(r.key))));
  return rows.map((r) => {
    const n = max > 0 ? Math.round((r.value / max) * barWidth) : 0;
    return `  ${padEnd(truncate(r.key, keyWidth), keyWidth)}  ${c.cyan('█'.repeat(n))}${' '.repeat(barWidth - n)}  ${r.text}`;
  });
}

function table(head: string[], rows: string[][]): string {
  // compact: no line between rows; no colour in the borders (cli-table3 colours them even when piped)
  const tb = new Table({
    head,
    style: { head: [], border: [] },
    wordWrap: false,
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows) tb.push(r.map((cell) => truncate(cell, 40)));
  return tb.toString();
}

function groupRows(rows: GroupRow[]): string[][] {
  return rows.map((g) => [
    g.key,
    String(g.total),
    String(g.open),
    String(g.accepted),
    hrs(g.mttr_mean),
    String(g.overdue_now),
  ]);
}

export function renderTable(r: Report, c: Painter, compare?: Comparison): string {
  const out: string[] = [c.bold(`${t('kpi.title')}  ${periodText(r)}`)];
  const scope = scopeText(r);
  out.push(...(scope ? [scope] : []), '');
  const figures = headlineFigures(r);
  if (compare) {
    out.push(
      table(
        [t('kpi.figure'), compare.rev, t('kpi.now'), t('kpi.change')],
        compare.figures.map((f, i) => {
          const unit = figures[i]?.unit ?? 'count';
          const change =
            f.change === null
              ? '—'
              : `${f.change > 0 ? '+' : ''}${unit === 'rate' ? `${(f.change * 100).toFixed(1)} pp` : formatFigure(f.change, unit)}`;
          return [label(f.name), formatFigure(f.then, unit), formatFigure(f.now, unit), change];
        }),
      ),
    );
  } else {
    out.push(
      table(
        [t('kpi.figure'), t('kpi.value')],
        figures.map((f) => [label(f.name), formatFigure(f.value, f.unit)]),
      ),
    );
  }
  const costs = Object.entries(r.cost.total);
  if (costs.length)
    out.push(
      '',
      `${c.bold(t('kpi.costTotal'))}  ${costs.map(([cur, v]) => `${v.toLocaleString('en-US')} ${cur}`.trim()).join(' · ')}`,
    );
  out.push('', c.bold(paretoHeading(r)));
  const note = costNote(r);
  if (note) out.push(c.dim(note));
  out.push(
    ...bars(
      r.by.map((b) => ({
        key: b.key,
        value: r.weight.weight === 'cost' ? (b.cost ?? 0) : b.count,
        text: paretoText(r, b),
      })),
      c,
    ),
  );
  if (r.cross) {
    const { head, rows } = crossCells(r, r.cross);
    out.push('', table(head, rows));
  }
  if (r.trend?.length) {
    const months = r.trend;
    out.push('', c.bold(`${t('kpi.trendBy')}  ${months[0]?.month} … ${months.at(-1)?.month}`));
    const series = trendSeries(months);
    const nameWidth = Math.max(...series.map((x) => width(x.name)));
    for (const x of series) {
      const known = x.values.filter((v): v is number => v !== null);
      const ends = known.length ? `${x.show(known[0] ?? null)} → ${x.show(known.at(-1) ?? null)}` : '—';
      out.push(`  ${padEnd(x.name, nameWidth)}  ${c.cyan(spark(x.values))}  ${ends}`);
    }
  }
  out.push(
    '',
    c.bold(`${t('kpi.stages')}${r.bottleneck ? `  — ${t('kpi.bottleneck')}: ${t(`status.${r.bottleneck}`)}` : ''}`),
  );
  out.push(...bars(stageBars(r.stage_hours, r.bottleneck), c));
  const now = r.bottleneck_now ? `  — ${t('kpi.bottleneckNow')}: ${t(`status.${r.bottleneck_now}`)}` : '';
  out.push('', c.bold(`${t('kpi.stagesOpen')}${now}`));
  out.push(...bars(stageBars(r.stage_hours_open, r.bottleneck_now), c));
  if (r.stuck.length)
    out.push(
      '',
      c.bold(t('kpi.stuck')),
      table(
        [t('label.id'), t('label.status'), t('kpi.stuckHours')],
        r.stuck.map((x) => [x.issue, t(`status.${x.status}`), hrs(x.hours)]),
      ),
    );
  out.push('', c.bold(t('kpi.aging')));
  out.push(
    ...bars(
      Object.entries(r.aging).map(([k, v]) => ({ key: ageBucket(k), value: v, text: String(v) })),
      c,
    ),
  );
  if (r.satisfaction.trend.length) {
    const trend = r.satisfaction.trend;
    out.push(
      '',
      `${c.bold(t('kpi.trend'))}  ${sparkline(trend.map((x) => x.mean))}  ${trend.map((x) => `${x.month} ${x.mean.toFixed(1)}`).join('  ')}`,
    );
  }
  if (r.monthly.length) {
    out.push(
      '',
      c.bold(t('kpi.monthly')),
      table(
        [t('kpi.month'), t('kpi.created'), t('kpi.acceptedCol')],
        r.monthly.map((m) => [m.month, String(m.created), String(m.accepted)]),
      ),
    );
  }
  const head = [
    t('kpi.key'),
    t('kpi.total'),
    t('kpi.open'),
    t('kpi.accepted'),
    t('kpi.mttr_hours.mean'),
    t('kpi.sla.overdue_now'),
  ];
  if (r.teams.length) out.push('', c.bold(t('kpi.teams')), table(head, groupRows(r.teams)));
  if (r.owners.length) out.push('', c.bold(t('kpi.owners')), table(head, groupRows(r.owners)));
  if (r.recurrence.count) {
    out.push(
      '',
      c.bold(t('kpi.recurrence.count')),
      ...r.recurrence.issues.map((x) => `  ${x.id} ← ${x.earlier}${x.root_cause ? `: ${x.root_cause}` : ''}`),
    );
  }
  return out.join('\n');
}

/** What the report is over beyond its period: the stores and the filters. */
export function scopeText(r: Report): string {
  const parts = [
    ...(r.stores?.length ? [`${t('byDim.store')}: ${r.stores.join(', ')}`] : []),
    ...Object.entries(r.filters ?? {}).map(([k, v]) => `--${k} ${v}`),
  ];
  return parts.join(' · ');
}
