// The report page's charts as inline SVG, drawn at the size they are shown (the page caps an
// SVG at its own width), so text stays at 12 px instead of shrinking with the page. Every
// label is measured before it is placed — a CJK character as 12 px, others as 7 — and cut
// with "…" to the room it has, so no two labels overlap at any number of categories.
import { width } from './text.js';

export const COLORS = {
  bar: '#3b6ea8',
  bar2: '#9cc3e6',
  line: '#d9822b',
  grid: '#e3e6ea',
  text: '#33383d',
  rest: '#b0b5ba',
};
const FONT = 12;

export const esc = (s: string | number) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Pixels a text takes at 12 px, erring on the side of room: a wide (CJK) character 14, a
 * capital 9 (M and W 11), any other 7.5 — a little more than the common fonts give. */
export function textPx(s: string): number {
  let px = 0;
  for (const ch of s) {
    if (width(ch) === 2) px += 14;
    else if (ch === 'M' || ch === 'W' || ch === 'm' || ch === 'w') px += 11;
    else if (ch >= 'A' && ch <= 'Z') px += 9;
    else px += 7.5;
  }
  return Math.ceil((px * FONT) / 12);
}

/** `s` cut with "…" to at most `px` pixels. A cross-tab row's label, given its two `keys`
 * ("X100 / 主轴轴承"), keeps both: each is cut to its share of the room, a short one kept whole. */
export function cutTo(s: string, px: number, keys?: readonly string[]): string {
  if (textPx(s) <= px) return s;
  const room = px - textPx(' / ');
  if (keys?.length !== 2 || room < 2 * textPx('W…')) return cutPlain(s, px);
  const [a, b] = keys as [string, string];
  const first = cutPlain(a, textPx(b) <= room / 2 ? room - textPx(b) : room / 2);
  return `${first} / ${cutPlain(b, room - textPx(first))}`;
}

function cutPlain(s: string, px: number): string {
  if (textPx(s) <= px) return s;
  let out = '';
  for (const ch of s) {
    if (textPx(`${out}${ch}…`) > px) break;
    out += ch;
  }
  return `${out}…`;
}

/** Axis ticks at 1, 2 or 5 × 10^k: about `count` steps from 0 to at least `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let v = 0; v < max + step / 2 && ticks.length <= count + 1; v += step) ticks.push(Number(v.toPrecision(12)));
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number(((ticks.at(-1) ?? 0) + step).toPrecision(12)));
  return ticks;
}

/** A short number for an axis: 1.2k, 15k, 2.5M. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(6)));
}

export function svg(w: number, h: number, body: string, title: string, cls = ''): string {
  return `<svg class="chart${cls ? ` ${cls}` : ''}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="${FONT}">${body}</svg>`;
}

const text = (x: number, y: number, s: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs ? ` ${attrs}` : ''} fill="${COLORS.text}">${esc(s)}</text>`;

export interface Bar {
  key: string;
  value: number;
  /** what is written after the bar */
  text: string;
  highlight?: boolean;
  /** the rest added up ("other"): drawn grey */
  rest?: boolean;
  /** a cross-tab row's two keys, which a cut label keeps both of */
  keys?: string[];
}

/** Horizontal bars: a row each, the label cut to its column, the value after the bar, and
 * the x axis (nice ticks) titled with what is measured and its unit. */
export function hbars(
  rows: readonly Bar[],
  opts: { width: number; title: string; axis: string; cls?: string },
): string {
  if (!rows.length) return `<p class="empty">—</p>`;
  const w = opts.width;
  const rowH = 24;
  const labelW = Math.min(Math.max(...rows.map((r) => textPx(r.key))), Math.round(w * 0.32));
  const left = labelW + 10;
  const textW = Math.max(...rows.map((r) => textPx(r.text))) + 8;
  const plotW = Math.max(40, w - left - textW - 4);
  // the scale is the categories' own: "other" (many added up) is drawn grey and cut at its end
  const scaled = rows.filter((r) => !r.rest);
  const ticks = niceTicks(Math.max(...(scaled.length ? scaled : rows).map((r) => r.value)), plotW < 200 ? 2 : 4);
  const top = ticks.at(-1) || 1;
  const plotH = rows.length * rowH;
  let body = '';
  for (const v of ticks) {
    const x = left + (v / top) * plotW;
    body += `<line x1="${x.toFixed(1)}" y1="0" x2="${x.toFixed(1)}" y2="${plotH}" stroke="${COLORS.grid}"/>`;
    body += text(x, plotH + 14, shortNumber(v), 'text-anchor="middle" class="tick"');
  }
  rows.forEach((r, i) => {
    const y = i * rowH;
    const bw = Math.min(plotW, (r.value / top) * plotW);
    const color = r.highlight ? COLORS.line : r.rest ? COLORS.rest : COLORS.bar;
    body += text(left - 8, y + 16, cutTo(r.key, labelW, r.keys), 'text-anchor="end" class="label"');
    body += `<rect x="${left}" y="${y + 4}" width="${bw.toFixed(1)}" height="${rowH - 8}" fill="${color}"><title>${esc(r.key)}: ${esc(r.text)}</title></rect>`;
    body += text(left + bw + 6, y + 16, r.text, 'class="value"');
  });
  body += text(left + plotW / 2, plotH + 30, cutTo(opts.axis, plotW), 'text-anchor="middle" class="axis-title"');
  return svg(w, plotH + 36, body, opts.title, opts.cls);
}

export interface Series {
  values: (number | null)[];
  color: string;
  kind: 'bar' | 'line';
}

/** One small chart of the trend: months along x (labels thinned to fit), nice ticks on y,
 * the unit over the axis. Bars side by side for several bar series; lines over them. */
export function trendChart(
  months: readonly string[],
  series: readonly Series[],
  opts: { title: string; unit: string; format: (v: number) => string; max?: number },
): string {
  const w = 340;
  const h = 180;
  const [top, bottom, left, right] = [24, 26, 44, 10];
  const plotW = w - left - right;
  const plotH = h - top - bottom;
  const known = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const ticks = niceTicks(opts.max ?? Math.max(0, ...known), 3);
  const max = ticks.at(-1) || 1;
  const step = plotW / Math.max(1, months.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  let body = text(left - 6, 12, cutTo(opts.unit, w - left), 'class="axis-title"');
  for (const v of ticks) {
    body += `<line x1="${left}" y1="${y(v).toFixed(1)}" x2="${w - right}" y2="${y(v).toFixed(1)}" stroke="${COLORS.grid}"/>`;
    body += text(left - 6, y(v) + 4, opts.format(v), 'text-anchor="end" class="tick"');
  }
  const every = Math.max(1, Math.ceil((textPx('2026-11') + 10) / step));
  // from the last month back, so the latest always has its label; one that would come
  // too near the label after it (the last is pulled in to stay inside the chart) is left out
  let next = Number.POSITIVE_INFINITY;
  for (let i = months.length - 1; i >= 0; i--) {
    if ((months.length - 1 - i) % every !== 0) continue;
    const m = months[i] as string;
    const x = left + step * i + step / 2;
    const size = textPx(m);
    const [at, anchor] = x + size / 2 > w ? [w - 1, 'end'] : x - size / 2 < 0 ? [1, 'start'] : [x, 'middle'];
    const start = anchor === 'end' ? at - size : anchor === 'start' ? at : at - size / 2;
    if (start + size + 8 > next) continue;
    body += text(at, h - 8, m, `text-anchor="${anchor}" class="tick"`);
    next = start;
  }
  const bars = series.filter((s) => s.kind === 'bar');
  const bw = Math.min(16, (step * 0.7) / Math.max(1, bars.length));
  for (const [k, s] of bars.entries())
    for (const [i, v] of s.values.entries()) {
      if (v === null) continue;
      const x = left + step * i + step / 2 - (bw * bars.length) / 2 + k * bw;
      body += `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${s.color}"><title>${esc(months[i] as string)}: ${esc(opts.format(v))}</title></rect>`;
    }
  for (const s of series.filter((x) => x.kind === 'line')) {
    const pts = s.values.flatMap((v, i) => (v === null ? [] : [[left + step * i + step / 2, y(v)] as const]));
    if (pts.length > 1)
      body += `<polyline points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`;
    for (const [a, b] of pts) body += `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3" fill="${s.color}"/>`;
  }
  return svg(w, h, body, opts.title);
}
