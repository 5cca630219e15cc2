// Width-aware text for terminals: Chinese characters take two columns.
import { exactWidth } from './exact-width.js';

// The exact count (emoji, combining marks, escapes: ./exact-width.ts) is slow to run: 20,000
// rows of Chinese took it 4.7 s. Plain ASCII, Latin, our colours, the symbols we print and
// the common CJK blocks are counted here; anything else goes to the exact count.
export function width(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) w += 1;
    else if (c === 0x1b) {
      // our own colours (SGR: ESC [ digits ; m) take no column; any other escape goes to the exact count
      const end = sgrEnd(s, i);
      if (end < 0) return exactWidth(s);
      i = end;
    } else if (narrowSymbol(c)) w += 1;
    else if (c === 0xa9 || c === 0xad || c === 0xae || c === 0x303f)
      return exactWidth(s); // ©, soft hyphen, ®, half fill space
    else if (
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0xff01 && c <= 0xff60)
    )
      w += 2;
    else if ((c >= 0xa0 && c <= 0x2ff) || (c >= 0x2010 && c <= 0x2027)) w += 1;
    else return exactWidth(s);
  }
  return w;
}

/** Where the colour sequence starting at `i` ends (its `m`), or -1 if it is not one. */
function sgrEnd(s: string, i: number): number {
  if (s.charCodeAt(i + 1) !== 0x5b) return -1;
  for (let j = i + 2; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x6d) return j;
    if (!((c >= 0x30 && c <= 0x39) || c === 0x3b)) return -1;
  }
  return -1;
}

/** Arrows, maths, box drawing and check marks we print: one column, as the exact count says. */
const narrowSymbol = (c: number): boolean =>
  (c >= 0x2190 && c <= 0x2193) ||
  (c >= 0x2200 && c <= 0x22ff) ||
  (c >= 0x2500 && c <= 0x259f) ||
  c === 0x2713 ||
  c === 0x2717;

export function truncate(s: string, max: number): string {
  if (max <= 0) return '';
  if (width(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = width(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

export function padEnd(s: string, target: number): string {
  const w = width(s);
  return w >= target ? s : s + ' '.repeat(target - w);
}

export interface Column {
  header: string;
  /** the last column may be cut to fit `maxWidth` */
  flexible?: boolean;
}

/** Plain aligned columns (no borders): readable in a terminal, stable when piped. */
export function columns(
  cols: Column[],
  rows: string[][],
  opts: { maxWidth?: number; paint?: (text: string, col: number, row: number) => string } = {},
): string {
  // Each cell is measured once (measuring again to pad and to cut was a tenth of `list` at
  // 20,000 rows), into one flat array; lines are joined by hand, not by map and join.
  const n = cols.length;
  const cellWidths = new Int32Array(rows.length * n);
  const widths = cols.map((c) => width(c.header));
  rows.forEach((r, row) => {
    for (let i = 0; i < n; i++) {
      const w = width(r[i] ?? '');
      cellWidths[row * n + i] = w;
      if (w > (widths[i] ?? 0)) widths[i] = w;
    }
  });
  const gap = '  ';
  if (opts.maxWidth) {
    const fixed = widths.reduce((sum, w, i) => sum + (cols[i]?.flexible ? 0 : w + gap.length), 0);
    cols.forEach((c, i) => {
      if (c.flexible) widths[i] = Math.max(8, Math.min(widths[i] ?? 0, (opts.maxWidth ?? 0) - fixed));
    });
  }
  const paint = opts.paint;
  const line = (cells: string[], row: number) => {
    let text = '';
    for (let i = 0; i < n; i++) {
      const cell = cells[i] ?? '';
      const w = widths[i] ?? 0;
      const own = row < 0 ? width(cell) : (cellWidths[row * n + i] ?? 0);
      const fits = own <= w;
      let shown = fits ? cell : truncate(cell, w);
      if (i < n - 1) shown += spaces(w - (fits ? own : width(shown)));
      text += (i ? gap : '') + (paint ? paint(shown, i, row) : shown);
    }
    return text.trimEnd();
  };
  let out = line(
    cols.map((c) => c.header),
    -1,
  );
  for (let row = 0; row < rows.length; row++) out += `\n${line(rows[row] ?? [], row)}`;
  return out;
}

const SPACES = ' '.repeat(256);
const spaces = (count: number) =>
  count <= 0 ? '' : count <= SPACES.length ? SPACES.slice(0, count) : ' '.repeat(count);
