// The KPI report for people: a terminal page (tables, bars, a sparkline), Markdown and CSV.
import type { Painter } from './color.js';
import Table from 'cli-table3';
import { headlineFigures, type GroupRow, type Report } from '../domain/kpi.js';
import { STATUSES } from '../domain/vocabulary.js';
import { t } from '../i18n/index.js';
import { padEnd, truncate, width } from './text.js';
import { csvCell } from './csv.js';

export interface Comparison {
  rev: string;
  figures: { name: string; then: number | null; now: number | null; change: number | null }[];
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
  const out: string[] = [];
  const period = `${r.period.since ?? '…'} → ${r.period.until ?? '…'}`;
  out.push(c.bold(`${t('kpi.title')}  ${period}`), '');
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
  out.push('', c.bold(t('kpi.paretoBy', { dim: r.by_dimension })));
  out.push(
    ...bars(
      r.by.map((b) => ({
        key: b.key,
        value: b.count,
        text: `${b.count}  ${pct(b.share)}  Σ ${pct(b.cumulative_share)}`,
      })),
      c,
    ),
  );
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

const md = (s: string) => s.replace(/\|/g, '\\|');

export function renderMarkdown(r: Report, compare?: Comparison): string {
  const out: string[] = [`# ${t('kpi.title')}: ${r.period.since ?? '…'} → ${r.period.until ?? '…'}`, ''];
  const figures = headlineFigures(r);
  if (compare) {
    out.push(`| ${t('kpi.figure')} | ${compare.rev} | ${t('kpi.now')} | ${t('kpi.change')} |`, '|---|---:|---:|---:|');
    compare.figures.forEach((f, i) => {
      const unit = figures[i]?.unit ?? 'count';
      out.push(
        `| ${label(f.name)} | ${formatFigure(f.then, unit)} | ${formatFigure(f.now, unit)} | ${f.change === null ? '—' : formatFigure(f.change, unit === 'rate' ? 'rate' : unit)} |`,
      );
    });
  } else {
    out.push(`| ${t('kpi.figure')} | ${t('kpi.value')} |`, '|---|---:|');
    for (const f of figures) out.push(`| ${label(f.name)} | ${formatFigure(f.value, f.unit)} |`);
  }
  out.push(
    '',
    `## ${t('kpi.paretoBy', { dim: r.by_dimension })}`,
    '',
    `| ${r.by_dimension} | ${t('kpi.count')} | ${t('kpi.share')} | Σ |`,
    '|---|---:|---:|---:|',
  );
  for (const b of r.by) out.push(`| ${md(b.key)} | ${b.count} | ${pct(b.share)} | ${pct(b.cumulative_share)} |`);
  out.push('', `## ${t('kpi.stages')}`, '', `| ${t('label.status')} | ${t('kpi.hours')} |`, '|---|---:|');
  for (const s of STATUSES)
    if (r.stage_hours[s] !== null)
      out.push(`| ${t(`status.${s}`)}${s === r.bottleneck ? ' ⚑' : ''} | ${hrs(r.stage_hours[s])} |`);
  out.push('', `## ${t('kpi.stagesOpen')}`, '', `| ${t('label.status')} | ${t('kpi.hours')} |`, '|---|---:|');
  for (const s of STATUSES)
    if (r.stage_hours_open[s] !== null)
      out.push(`| ${t(`status.${s}`)}${s === r.bottleneck_now ? ' ⚑' : ''} | ${hrs(r.stage_hours_open[s])} |`);
  if (r.stuck.length) {
    out.push('', `## ${t('kpi.stuck')}`, '', `| ${t('label.id')} | ${t('label.status')} | ${t('kpi.stuckHours')} |`);
    out.push('|---|---|---:|', ...r.stuck.map((x) => `| ${x.issue} | ${t(`status.${x.status}`)} | ${hrs(x.hours)} |`));
  }
  out.push(
    '',
    `## ${t('kpi.aging')}`,
    '',
    `| ${Object.keys(r.aging).map(ageBucket).join(' | ')} |`,
    '|---:|---:|---:|---:|',
    `| ${r.aging['0-2d']} | ${r.aging['3-7d']} | ${r.aging['8-30d']} | ${r.aging['>30d']} |`,
  );
  if (r.satisfaction.trend.length) {
    out.push(
      '',
      `## ${t('kpi.trend')}`,
      '',
      `| ${t('kpi.month')} | ${t('kpi.satisfaction.mean')} | CSAT | n |`,
      '|---|---:|---:|---:|',
    );
    for (const x of r.satisfaction.trend) out.push(`| ${x.month} | ${x.mean.toFixed(2)} | ${pct(x.csat)} | ${x.n} |`);
  }
  for (const [title, rows] of [
    [t('kpi.teams'), r.teams],
    [t('kpi.owners'), r.owners],
  ] as const) {
    if (!rows.length) continue;
    out.push(
      '',
      `## ${title}`,
      '',
      `| ${t('kpi.key')} | ${t('kpi.total')} | ${t('kpi.open')} | ${t('kpi.accepted')} | ${t('kpi.mttr_hours.mean')} | ${t('kpi.sla.overdue_now')} |`,
      '|---|---:|---:|---:|---:|---:|',
    );
    for (const g of rows)
      out.push(`| ${md(g.key)} | ${g.total} | ${g.open} | ${g.accepted} | ${hrs(g.mttr_mean)} | ${g.overdue_now} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Long format, one figure per row: what BI tools pivot best. Figures are not rounded. */
export function renderCsv(r: Report): string {
  const rows: (string | number | null)[][] = [['section', 'key', 'metric', 'value']];
  for (const f of headlineFigures(r)) rows.push(['kpi', '', f.name, f.value]);
  for (const b of r.by)
    rows.push(
      [`by.${r.by_dimension}`, b.key, 'count', b.count],
      [`by.${r.by_dimension}`, b.key, 'share', b.share],
      [`by.${r.by_dimension}`, b.key, 'cumulative_share', b.cumulative_share],
    );
  for (const s of STATUSES) rows.push(['stage_hours', s, 'mean', r.stage_hours[s]]);
  for (const s of STATUSES) rows.push(['stage_hours_open', s, 'mean', r.stage_hours_open[s]]);
  rows.push(['bottleneck', '', 'status', r.bottleneck], ['bottleneck_now', '', 'status', r.bottleneck_now]);
  for (const x of r.stuck) rows.push(['stuck', x.issue, x.status, x.hours]);
  for (const [k, v] of Object.entries(r.aging)) rows.push(['aging', k, 'count', v]);
  for (const x of r.satisfaction.trend)
    rows.push(
      ['satisfaction.trend', x.month, 'mean', x.mean],
      ['satisfaction.trend', x.month, 'csat', x.csat],
      ['satisfaction.trend', x.month, 'n', x.n],
    );
  for (const m of r.monthly)
    rows.push(['monthly', m.month, 'created', m.created], ['monthly', m.month, 'accepted', m.accepted]);
  for (const [section, groups] of [
    ['teams', r.teams],
    ['owners', r.owners],
  ] as const) {
    for (const g of groups)
      for (const k of ['total', 'open', 'accepted', 'mttr_mean', 'overdue_now'] as const)
        rows.push([section, g.key, k, g[k]]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}
