// The KPI report as one self-contained HTML page: inline CSS and inline SVG charts, no
// script, no network — it opens from a file share and prints as it looks.
import { headlineFigures, type GroupRow, type Report } from '../domain/kpi.js';
import { locale, t } from '../i18n/index.js';
import { ageBucket, formatFigure, hrs, pct, stageBars, type Comparison } from './report.js';

const esc = (s: string | number) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const W = 640;
const COLORS = { bar: '#3b6ea8', bar2: '#9cc3e6', line: '#d9822b', grid: '#e3e6ea', text: '#33383d' };

/** A count axis in four whole-number steps: 0, s, 2s, 3s, 4s ≥ max. */
function countAxis(max: number): { top: number; step: number } {
  const step = Math.max(1, Math.ceil(max / 4));
  return { top: step * 4, step };
}

function svg(height: number, body: string, title: string): string {
  return `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="12">${body}</svg>`;
}

/** Vertical bars with an optional cumulative-share line on a 0–100% right axis. */
function paretoChart(rows: { key: string; count: number; cumulative_share: number }[]): string {
  if (!rows.length) return `<p class="empty">—</p>`;
  const h = 260;
  const top = 20;
  const bottom = 60;
  const left = 40;
  const right = 44;
  const plotH = h - top - bottom;
  const plotW = W - left - right;
  const { top: max, step: tick } = countAxis(Math.max(...rows.map((r) => r.count)));
  const step = plotW / rows.length;
  const bw = Math.min(48, step * 0.7);
  let body = '';
  for (let g = 0; g <= 4; g++) {
    const y = top + plotH - (plotH * g) / 4;
    body += `<line x1="${left}" y1="${y}" x2="${W - right}" y2="${y}" stroke="${COLORS.grid}"/>`;
    body += `<text x="${W - right + 6}" y="${y + 4}" fill="${COLORS.line}">${g * 25}%</text>`;
    body += `<text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="${COLORS.text}">${tick * g}</text>`;
  }
  const points: string[] = [];
  rows.forEach((r, i) => {
    const x = left + step * i + (step - bw) / 2;
    const bh = (r.count / max) * plotH;
    body += `<rect x="${x.toFixed(1)}" y="${(top + plotH - bh).toFixed(1)}" width="${bw.toFixed(1)}" height="${bh.toFixed(1)}" fill="${COLORS.bar}"><title>${esc(r.key)}: ${r.count}</title></rect>`;
    body += `<text x="${(x + bw / 2).toFixed(1)}" y="${(top + plotH - bh - 4).toFixed(1)}" text-anchor="middle" fill="${COLORS.text}">${r.count}</text>`;
    body += `<text x="${(x + bw / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" fill="${COLORS.text}">${esc(r.key.length > 12 ? `${r.key.slice(0, 11)}…` : r.key)}</text>`;
    points.push(`${(x + bw / 2).toFixed(1)},${(top + plotH - r.cumulative_share * plotH).toFixed(1)}`);
  });
  body += `<polyline points="${points.join(' ')}" fill="none" stroke="${COLORS.line}" stroke-width="2"/>`;
  for (const p of points)
    body += `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${COLORS.line}"/>`;
  return svg(h, body, t('kpi.pareto'));
}

/** Horizontal bars: label, bar, value. */
function hbarChart(rows: { key: string; value: number; text: string; highlight?: boolean }[], title: string): string {
  if (!rows.length) return `<p class="empty">—</p>`;
  const rowH = 26;
  const left = 130;
  const h = rows.length * rowH + 10;
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  const plotW = W - left - 90;
  let body = '';
  rows.forEach((r, i) => {
    const y = 5 + i * rowH;
    const bw = (r.value / max) * plotW;
    body += `<text x="${left - 8}" y="${y + 16}" text-anchor="end" fill="${COLORS.text}">${esc(r.key)}</text>`;
    body += `<rect x="${left}" y="${y + 3}" width="${bw.toFixed(1)}" height="${rowH - 8}" fill="${r.highlight ? COLORS.line : COLORS.bar}"/>`;
    body += `<text x="${(left + bw + 6).toFixed(1)}" y="${y + 16}" fill="${COLORS.text}">${esc(r.text)}</text>`;
  });
  return svg(h, body, title);
}

/** Created and accepted per month (paired bars), satisfaction as a line on a 1–5 axis. */
function monthlyChart(r: Report): string {
  const months = r.monthly;
  if (!months.length) return `<p class="empty">—</p>`;
  const h = 240;
  const top = 20;
  const bottom = 40;
  const left = 40;
  const right = 40;
  const plotH = h - top - bottom;
  const step = (W - left - right) / months.length;
  const { top: max, step: tick } = countAxis(Math.max(1, ...months.map((m) => Math.max(m.created, m.accepted))));
  const sat = new Map(r.satisfaction.trend.map((x) => [x.month, x.mean]));
  let body = '';
  for (let g = 0; g <= 4; g++) {
    const y = top + plotH - (plotH * g) / 4;
    body += `<line x1="${left}" y1="${y}" x2="${W - right}" y2="${y}" stroke="${COLORS.grid}"/>`;
    body += `<text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="${COLORS.text}">${tick * g}</text>`;
    body += `<text x="${W - right + 6}" y="${y + 4}" fill="${COLORS.line}">${1 + g}</text>`;
  }
  const bw = Math.min(22, step * 0.35);
  const points: string[] = [];
  months.forEach((m, i) => {
    const cx = left + step * i + step / 2;
    for (const [k, v, color] of [
      [0, m.created, COLORS.bar],
      [1, m.accepted, COLORS.bar2],
    ] as const) {
      const bh = (v / max) * plotH;
      body += `<rect x="${(cx - bw + k * bw).toFixed(1)}" y="${(top + plotH - bh).toFixed(1)}" width="${bw.toFixed(1)}" height="${bh.toFixed(1)}" fill="${color}"><title>${esc(m.month)}: ${v}</title></rect>`;
    }
    body += `<text x="${cx.toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" fill="${COLORS.text}">${esc(m.month)}</text>`;
    const s = sat.get(m.month);
    if (s !== undefined) points.push(`${cx.toFixed(1)},${(top + plotH - ((s - 1) / 4) * plotH).toFixed(1)}`);
  });
  if (points.length > 1)
    body += `<polyline points="${points.join(' ')}" fill="none" stroke="${COLORS.line}" stroke-width="2"/>`;
  for (const p of points)
    body += `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${COLORS.line}"/>`;
  return svg(h, body, t('kpi.monthly'));
}

function groupTable(title: string, rows: GroupRow[]): string {
  if (!rows.length) return '';
  const head = [
    t('kpi.key'),
    t('kpi.total'),
    t('kpi.open'),
    t('kpi.accepted'),
    t('kpi.mttr_hours.mean'),
    t('kpi.sla.overdue_now'),
  ];
  return `<section><h2>${esc(title)}</h2><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (g) =>
        `<tr><td>${esc(g.key)}</td><td>${g.total}</td><td>${g.open}</td><td>${g.accepted}</td><td>${esc(hrs(g.mttr_mean))}</td><td>${g.overdue_now}</td></tr>`,
    )
    .join('')}</tbody></table></section>`;
}

export function renderHtml(r: Report, meta: { store: string; generatedAt: string }, compare?: Comparison): string {
  const figures = headlineFigures(r);
  const cards = figures
    .map((f, i) => {
      const c = compare?.figures[i];
      const change =
        c && c.change !== null
          ? `<span class="delta">${c.change > 0 ? '▲' : c.change < 0 ? '▼' : '='} ${esc(formatFigure(Math.abs(c.change), f.unit))}</span>`
          : '';
      return `<div class="card" data-kpi="${esc(f.name)}"><div class="label">${esc(t(`kpi.${f.name}` as Parameters<typeof t>[0]))}</div><div class="value">${esc(formatFigure(f.value, f.unit))}</div>${change}</div>`;
    })
    .join('');
  const stages = stageBars(r.stage_hours, r.bottleneck);
  const open = stageBars(r.stage_hours_open, r.bottleneck_now);
  const stuck = r.stuck
    .map((x) => `<tr><td>${esc(x.issue)}</td><td>${esc(t(`status.${x.status}`))}</td><td>${hrs(x.hours)}</td></tr>`)
    .join('');
  const aging = Object.entries(r.aging).map(([k, v]) => ({ key: ageBucket(k), value: v, text: String(v) }));
  const pareto = r.by
    .map(
      (b) =>
        `<tr><td>${esc(b.key)}</td><td>${b.count}</td><td>${pct(b.share)}</td><td>${pct(b.cumulative_share)}</td></tr>`,
    )
    .join('');
  const title = `${t('kpi.title')} — ${r.period.since ?? '…'} → ${r.period.until ?? '…'}`;
  return `<!doctype html>
<html lang="${locale()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: ${COLORS.text}; margin: 2rem auto; max-width: 960px; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid ${COLORS.grid}; padding-bottom: .3rem; }
  .meta { color: #6b7178; font-size: .85rem; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: .6rem; margin-top: 1rem; }
  .card { border: 1px solid ${COLORS.grid}; border-radius: 6px; padding: .6rem .8rem; break-inside: avoid; }
  .card .label { font-size: .8rem; color: #6b7178; } .card .value { font-size: 1.4rem; font-weight: 600; } .delta { font-size: .8rem; color: #6b7178; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid ${COLORS.grid}; }
  td:not(:first-child), th:not(:first-child) { text-align: right; }
  .legend span { display: inline-block; margin-right: 1rem; font-size: .8rem; } .legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
  .empty { color: #9aa0a6; }
  section { break-inside: avoid; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .card { border-color: #999; } }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(meta.store)} · ${esc(meta.generatedAt)}${compare ? ` · ${esc(t('kpi.change'))}: ${esc(compare.rev)}` : ''}</p>
<div class="cards">${cards}</div>
<section><h2>${esc(t('kpi.paretoBy', { dim: r.by_dimension }))}</h2>
<p class="legend"><span><i style="background:${COLORS.bar}"></i>${esc(t('kpi.count'))}</span><span><i style="background:${COLORS.line}"></i>Σ ${esc(t('kpi.share'))}</span></p>
${paretoChart(r.by)}
<table><thead><tr><th>${esc(r.by_dimension)}</th><th>${esc(t('kpi.count'))}</th><th>${esc(t('kpi.share'))}</th><th>Σ</th></tr></thead><tbody>${pareto}</tbody></table></section>
<section><h2>${esc(t('kpi.stages'))}${r.bottleneck ? ` — ${esc(t('kpi.bottleneck'))}: ${esc(t(`status.${r.bottleneck}`))}` : ''}</h2>${hbarChart(stages, t('kpi.stages'))}</section>
<section data-section="stuck-now"><h2>${esc(t('kpi.stagesOpen'))}${r.bottleneck_now ? ` — ${esc(t('kpi.bottleneckNow'))}: ${esc(t(`status.${r.bottleneck_now}`))}` : ''}</h2>${hbarChart(open, t('kpi.stagesOpen'))}
${stuck ? `<table><thead><tr><th>${esc(t('label.id'))}</th><th>${esc(t('label.status'))}</th><th>${esc(t('kpi.stuckHours'))}</th></tr></thead><tbody>${stuck}</tbody></table>` : ''}</section>
<section><h2>${esc(t('kpi.monthly'))}</h2>
<p class="legend"><span><i style="background:${COLORS.bar}"></i>${esc(t('kpi.created'))}</span><span><i style="background:${COLORS.bar2}"></i>${esc(t('kpi.acceptedCol'))}</span><span><i style="background:${COLORS.line}"></i>${esc(t('kpi.satisfaction.mean'))}</span></p>
${monthlyChart(r)}</section>
<section><h2>${esc(t('kpi.aging'))}</h2>${hbarChart(aging, t('kpi.aging'))}</section>
${groupTable(t('kpi.teams'), r.teams)}
${groupTable(t('kpi.owners'), r.owners)}
${r.recurrence.count ? `<section><h2>${esc(t('kpi.recurrence.count'))}</h2><ul>${r.recurrence.issues.map((x) => `<li>${esc(x.id)} ← ${esc(x.earlier)}${x.root_cause ? `: ${esc(x.root_cause)}` : ''}</li>`).join('')}</ul></section>` : ''}
</body>
</html>
`;
}
