// The KPI report as one self-contained HTML page for a manager's five minutes: the headline
// figures and their change, the Pareto (top ten and the rest), the trend as small multiples,
// the slowest stage beside what is stuck now; long lists folded. Inline CSS and SVG, no
// script, no network: it opens from a file share, fits a phone and prints on A4.
import { headlineFigures, sampleSize, type GroupRow, type Report } from '../domain/kpi.js';
import { locale, t } from '../i18n/index.js';
import { ageBucket, formatFigure, hrs, pct, stageBars, type Comparison } from './report.js';
import { costNote, crossCells, money, paretoHeading, periodText } from './report-views.js';
import { scopeText } from './report.js';
import { COLORS, esc, hbars, trendChart, type Bar } from './svg-charts.js';
import { PAGE_CSS } from './report-css.js';

type Key = Parameters<typeof t>[0];
const label = (name: string) => t(`kpi.${name}` as Key);

/** The figures a manager looks at first, and whether more of each is better. */
const HEADLINE: [string, 1 | -1 | 0][] = [
  ['total', 0],
  ['open', -1],
  ['mttr_hours.mean', -1],
  ['first_time_fix_rate', 1],
  ['sla.resolution_met_rate', 1],
  ['satisfaction.csat', 1],
];
/** Pareto rows shown before the rest are added up as "other". */
const TOP = 10;
/** A folded list of up to this many rows is printed open; a longer one (224 recurrences
 * would fill six A4 pages) stays folded on paper too, its summary saying how many. */
const PRINT_ROWS = 30;
const printOpen = (rows: number) => (rows <= PRINT_ROWS ? ' class="print-open"' : '');

/** What the issues accepted in the period cost, by currency: a card where there is any. */
function costCard(r: Report): string {
  const sums = Object.entries(r.cost.total);
  if (!sums.length) return '';
  const value = sums.map(([cur, v]) => `${v.toLocaleString('en-US', { maximumFractionDigits: 0 })} ${cur}`.trim());
  return `<div class="card" data-kpi="cost.total"><div class="label">${esc(t('kpi.costTotal'))}</div><div class="value">${value.map(esc).join('<br>')}</div></div>`;
}

/** The sample size of a card's figure, without a comparison. */
function sampleOf(r: Report, name: string): string | null {
  const n = sampleSize(r, name);
  return n === null ? null : t('kpi.sample', { n });
}

function headline(r: Report, compare?: Comparison): string {
  const figures = headlineFigures(r);
  return HEADLINE.map(([name, better]) => {
    const i = figures.findIndex((f) => f.name === name);
    const f = figures[i] as (typeof figures)[number];
    const c = compare?.figures[i];
    let delta = '';
    if (c && c.change !== null) {
      const sign = c.change > 0 ? '▲' : c.change < 0 ? '▼' : '=';
      const tone = c.change === 0 || better === 0 ? '' : c.change * better > 0 ? ' good' : ' bad';
      const size =
        f.unit === 'rate' ? `${(Math.abs(c.change) * 100).toFixed(1)} pp` : formatFigure(Math.abs(c.change), f.unit);
      delta = `<div class="delta${tone}">${sign} ${esc(size)} <span>${esc(t('kpi.since', { what: compare?.rev ?? '' }))}</span></div>`;
    }
    const n = c?.n ? t('kpi.sampleThen', { now: c.n.now, before: c.n.then }) : sampleOf(r, name);
    if (n) delta += `<div class="n">${esc(n)}</div>`;
    return `<div class="card" data-kpi="${esc(name)}"><div class="label">${esc(label(name))}</div><div class="value">${esc(formatFigure(f.value, f.unit))}</div>${delta}</div>`;
  })
    .join('')
    .concat(costCard(r));
}

function allFigures(r: Report, compare?: Comparison): string {
  const figures = headlineFigures(r);
  const head = compare
    ? `<th>${esc(compare.rev)}</th><th>${esc(t('kpi.now'))}</th>`
    : `<th>${esc(t('kpi.value'))}</th>`;
  const rows = figures
    .map((f, i) => {
      const then = compare ? `<td>${esc(formatFigure(compare.figures[i]?.then ?? null, f.unit))}</td>` : '';
      return `<tr data-kpi="${esc(f.name)}"><td>${esc(label(f.name))}</td>${then}<td>${esc(formatFigure(f.value, f.unit))}</td></tr>`;
    })
    .join('');
  return `<details${printOpen(figures.length)}><summary>${esc(t('kpi.allFigures', { n: figures.length }))}</summary><table><thead><tr><th>${esc(t('kpi.figure'))}</th>${head}</tr></thead><tbody>${rows}</tbody></table></details>`;
}

/** The Pareto's rows: the top ten, the rest as one "other" row. */
function paretoBars(r: Report, wide: boolean): Bar[] {
  const cost = r.weight.weight === 'cost';
  const rows = r.by.length > TOP ? r.by.slice(0, TOP - 1) : r.by;
  const rest = r.by.slice(rows.length);
  const bar = (key: string, count: number, value: number, share: number, cumulative: number): Bar => ({
    key,
    value,
    text: wide
      ? `${cost ? money(r, value) : count} · ${pct(share)} · Σ ${pct(cumulative)}`
      : `${cost ? money(r, value).replace(/ \S+$/, '') : count} · Σ ${pct(cumulative)}`,
  });
  const out = rows.map((b) => ({
    ...bar(b.key, b.count, cost ? (b.cost ?? 0) : b.count, b.share, b.cumulative_share),
    ...(b.keys ? { keys: b.keys } : {}),
  }));
  if (rest.length) {
    const sum = (f: (b: Report['by'][number]) => number) => rest.reduce((s, b) => s + f(b), 0);
    const value = cost ? sum((b) => b.cost ?? 0) : sum((b) => b.count);
    out.push({
      ...bar(
        t('kpi.others', { n: rest.length }),
        sum((b) => b.count),
        value,
        sum((b) => b.share),
        1,
      ),
      rest: true,
    });
  }
  return out;
}

function pareto(r: Report): string {
  const heading = paretoHeading(r);
  const axis = r.weight.weight === 'cost' ? `${t('kpi.cost')} (${r.weight.currency ?? '—'})` : t('kpi.countAxis');
  const chart = (wide: boolean) =>
    hbars(paretoBars(r, wide), { width: wide ? 720 : 340, title: heading, axis, cls: wide ? 'wide' : 'narrow' });
  const table = r.by
    .map(
      (b) =>
        `<tr><td>${esc(b.key)}</td><td>${b.count}</td>${r.weight.weight === 'cost' ? `<td>${esc(money(r, b.cost ?? 0))}</td>` : ''}<td>${pct(b.share)}</td><td>${pct(b.cumulative_share)}</td></tr>`,
    )
    .join('');
  const costHead = r.weight.weight === 'cost' ? `<th>${esc(t('kpi.cost'))}</th>` : '';
  const note = costNote(r);
  return `<section data-section="pareto"><h2>${esc(heading)}</h2>${note ? `<p class="note">${esc(note)}</p>` : ''}${chart(true)}${chart(false)}
<details${printOpen(r.by.length)}><summary>${esc(t('kpi.allRows', { n: r.by.length }))}</summary><table><thead><tr><th>${esc(r.by_dimension)}</th><th>${esc(t('kpi.count'))}</th>${costHead}<th>${esc(t('kpi.share'))}</th><th>Σ</th></tr></thead><tbody>${table}</tbody></table></details>${cross(r)}</section>`;
}

/** The cross-tab as a table, each cell shaded by its share of the largest. */
function cross(r: Report): string {
  if (!r.cross) return '';
  const { head, rows } = crossCells(r, r.cross);
  const body = rows.slice(0, -1).flatMap((row) => row.slice(1, -1).map((v) => Number(v.replace(/,/g, ''))));
  const max = Math.max(1, ...body);
  const cell = (v: string, shade: boolean) => {
    const n = Number(v.replace(/,/g, ''));
    const a = shade ? (n / max) * 0.6 : 0;
    return `<td${a > 0 ? ` style="background:rgba(59,110,168,${a.toFixed(2)})"` : ''}>${esc(v)}</td>`;
  };
  const tr = (row: string[], last: boolean) =>
    `<tr${last ? ' class="sum"' : ''}><td>${esc(row[0] as string)}</td>${row
      .slice(1)
      .map((v, j) => cell(v, !last && j < row.length - 2))
      .join('')}</tr>`;
  return `<div class="scroll"><table class="cross"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row, i) => tr(row, i === rows.length - 1)).join('')}</tbody></table></div>`;
}

function trends(r: Report): string {
  const trend = r.trend ?? [];
  if (!trend.length) return '';
  const months = trend.map((m) => m.month);
  const rate = (v: number) => `${Math.round(v * 100)}%`;
  const charts = [
    trendChart(
      months,
      [
        { values: trend.map((m) => m.reported), color: COLORS.bar, kind: 'bar' },
        { values: trend.map((m) => m.accepted), color: COLORS.bar2, kind: 'bar' },
      ],
      { title: t('kpi.trendCounts'), unit: t('kpi.countAxis'), format: String },
    ),
    trendChart(months, [{ values: trend.map((m) => m.mttr_mean), color: COLORS.line, kind: 'line' }], {
      title: label('mttr_hours.mean'),
      unit: t('kpi.hoursAxis'),
      format: String,
    }),
    trendChart(months, [{ values: trend.map((m) => m.first_time_fix_rate), color: COLORS.bar, kind: 'line' }], {
      title: label('first_time_fix_rate'),
      unit: '%',
      format: rate,
      max: 1,
    }),
    trendChart(months, [{ values: trend.map((m) => m.csat), color: COLORS.line, kind: 'line' }], {
      title: label('satisfaction.csat'),
      unit: '%',
      format: rate,
      max: 1,
    }),
  ];
  const titles = [
    `${t('kpi.total')} / ${t('kpi.acceptedCol')}`,
    label('mttr_hours.mean'),
    label('first_time_fix_rate'),
    label('satisfaction.csat'),
  ];
  const legend = `<p class="legend"><span><i style="background:${COLORS.bar}"></i>${esc(t('kpi.total'))}</span><span><i style="background:${COLORS.bar2}"></i>${esc(t('kpi.acceptedCol'))}</span></p>`;
  return `<section data-section="trend"><h2>${esc(t('kpi.trendBy'))}</h2><div class="multiples">${charts
    .map((c, i) => `<figure><figcaption>${esc(titles[i] as string)}</figcaption>${c}${i === 0 ? legend : ''}</figure>`)
    .join('')}</div></section>`;
}

function stages(r: Report): string {
  const chart = (hours: Report['stage_hours'], bottleneck: string | null, title: string) =>
    hbars(stageBars(hours, bottleneck), { width: 340, title, axis: t('kpi.hoursAxis') });
  const stuck = r.stuck
    .map((x) => `<tr><td>${esc(x.issue)}</td><td>${esc(t(`status.${x.status}`))}</td><td>${hrs(x.hours)}</td></tr>`)
    .join('');
  const stuckTable = stuck
    ? `<details${printOpen(r.stuck.length)}><summary>${esc(t('kpi.stuck'))} (${r.stuck.length})</summary><table><thead><tr><th>${esc(t('label.id'))}</th><th>${esc(t('label.status'))}</th><th>${esc(t('kpi.stuckHours'))}</th></tr></thead><tbody>${stuck}</tbody></table></details>`
    : '';
  const aging = Object.entries(r.aging).map(([k, v]) => ({ key: ageBucket(k), value: v, text: String(v) }));
  const bottleneck = (s: string | null, key: Key) => (s ? ` — ${esc(t(key))}: ${esc(t(`status.${s}` as Key))}` : '');
  return `<div class="pair">
<section data-section="stages"><h2>${esc(t('kpi.stages'))}${bottleneck(r.bottleneck, 'kpi.bottleneck')}</h2>${chart(r.stage_hours, r.bottleneck, t('kpi.stages'))}</section>
<section data-section="stuck-now"><h2>${esc(t('kpi.stagesOpen'))}${bottleneck(r.bottleneck_now, 'kpi.bottleneckNow')}</h2>${chart(r.stage_hours_open, r.bottleneck_now, t('kpi.stagesOpen'))}${stuckTable}</section>
<section data-section="aging"><h2>${esc(t('kpi.aging'))}</h2>${hbars(aging, { width: 340, title: t('kpi.aging'), axis: t('kpi.countAxis') })}</section>
</div>`;
}

function groupTable(title: string, rows: GroupRow[]): string {
  if (!rows.length) return '';
  const head = ['kpi.key', 'kpi.total', 'kpi.open', 'kpi.accepted', 'kpi.mttr_hours.mean', 'kpi.sla.overdue_now'];
  const body = rows
    .map(
      (g) =>
        `<tr><td>${esc(g.key)}</td><td>${g.total}</td><td>${g.open}</td><td>${g.accepted}</td><td>${esc(hrs(g.mttr_mean))}</td><td>${g.overdue_now}</td></tr>`,
    )
    .join('');
  const table = `<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${esc(t(h as Key))}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
  return `<section><h2>${esc(title)}</h2>${rows.length > 8 ? `<details${printOpen(rows.length)}><summary>${esc(t('kpi.allRows', { n: rows.length }))}</summary>${table}</details>` : table}</section>`;
}

function recurrences(r: Report): string {
  if (!r.recurrence.count) return '';
  const items = r.recurrence.issues
    .map((x) => `<li>${esc(x.id)} ← ${esc(x.earlier)}${x.root_cause ? `: ${esc(x.root_cause)}` : ''}</li>`)
    .join('');
  return `<section data-section="recurrence"><h2>${esc(label('recurrence.count'))}: ${r.recurrence.count}</h2><details${printOpen(r.recurrence.issues.length)}><summary>${esc(t('kpi.allRows', { n: r.recurrence.issues.length }))}</summary><ul>${items}</ul></details></section>`;
}

export function renderHtml(r: Report, meta: { store: string; generatedAt: string }, compare?: Comparison): string {
  const title = `${t('kpi.title')} · ${periodText(r)}`;
  const scope = scopeText(r);
  const when = meta.generatedAt.slice(0, 16).replace('T', ' ');
  return `<!doctype html>
<html lang="${locale()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1>
<p class="meta">${esc(meta.store)}${scope ? ` · ${esc(scope)}` : ''} · ${esc(t('kpi.generated', { when }))}</p></header>
<div class="cards">${headline(r, compare)}</div>
${allFigures(r, compare)}
${pareto(r)}
${trends(r)}
${stages(r)}
${groupTable(t('kpi.teams'), r.teams)}
${groupTable(t('kpi.owners'), r.owners)}
${recurrences(r)}
</body>
</html>
`;
}
