// The KPI report for other tools and pages: Markdown (a wiki, a pull request) and CSV in
// long format (what BI tools pivot best).
import { headlineFigures, type Report } from '../domain/kpi.js';
import { STATUSES } from '../domain/vocabulary.js';
import { t } from '../i18n/index.js';
import { csvCell } from './csv.js';
import { ageBucket, formatFigure, hrs, pct, scopeText, type Comparison } from './report.js';
import { amount, costNote, crossCells, paretoHeading, periodText, trendMarkdown, viewRows } from './report-views.js';

const label = (name: string) => t(`kpi.${name}` as Parameters<typeof t>[0]);
const md = (s: string) => s.replace(/\|/g, '\\|');

export function renderMarkdown(r: Report, compare?: Comparison): string {
  const scope = scopeText(r);
  const out: string[] = [`# ${t('kpi.title')}: ${periodText(r)}`, '', ...(scope ? [scope, ''] : [])];
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
  const cost = r.weight.weight === 'cost';
  out.push(
    '',
    `## ${paretoHeading(r)}`,
    '',
    ...((note) => (note ? [`_${md(note)}_`, ''] : []))(costNote(r)),
    `| ${r.by_dimension} | ${t('kpi.count')} |${cost ? ` ${t('kpi.cost')} |` : ''} ${t('kpi.share')} | Σ |`,
    `|---|---:|${cost ? '---:|' : ''}---:|---:|`,
  );
  for (const b of r.by)
    out.push(
      `| ${md(b.key)} | ${b.count} |${cost ? ` ${amount(b.cost ?? 0)} |` : ''} ${pct(b.share)} | ${pct(b.cumulative_share)} |`,
    );
  if (r.cross) {
    const { head, rows } = crossCells(r, r.cross);
    out.push(
      '',
      `| ${head.map(md).join(' | ')} |`,
      `|---|${head
        .slice(1)
        .map(() => '---:')
        .join('|')}|`,
    );
    for (const row of rows) out.push(`| ${row.map(md).join(' | ')} |`);
  }
  if (r.trend?.length) out.push('', `## ${t('kpi.trendBy')}`, '', ...trendMarkdown(r.trend));
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
  for (const [currency, total] of Object.entries(r.cost.total)) rows.push(['cost.total', currency, 'amount', total]);
  if (r.weight.weight === 'cost')
    rows.push(['weight', '', 'currency', r.weight.currency], ['weight', '', 'left_out', r.weight.left_out]);
  // by.product.component for a cross-tab, as its cross. section is named
  const by = `by.${r.by_dimensions.join('.')}`;
  for (const b of r.by)
    rows.push(
      [by, b.key, 'count', b.count],
      [by, b.key, 'share', b.share],
      [by, b.key, 'cumulative_share', b.cumulative_share],
      ...(b.cost === undefined ? [] : [[by, b.key, 'cost', b.cost]]),
    );
  rows.push(...viewRows(r));
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
