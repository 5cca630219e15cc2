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
  return `${out.trimEnd()}…`; // "纪要 …" reads as two words cut
}

export function padEnd(s: string, target: number): string {
  const w = width(s);
  return w >= target ? s : s + ' '.repeat(target - w);
}

export interface Column {
  header: string;
  /** the last column may be cut to fit `maxWidth`, never below MIN_FLEXIBLE */
  flexible?: boolean;
  /** narrowed (cut with …) to no fewer cells than this before any column is dropped */
  min?: number;
  /** left out when the rest does not fit yet: the lowest first */
  drop?: number;
}

/** The least the flexible column (a title) keeps when the others are narrowed or dropped. */
const MIN_FLEXIBLE = 12;
const GAP = '  ';

/** Plain aligned columns (no borders): readable in a terminal, stable when piped. Wider than
 * `maxWidth`, columns are narrowed, then dropped, by their `min` and `drop`, so that the
 * flexible one keeps MIN_FLEXIBLE cells and no line wraps. `paint` is told each cell's
 * column as given. */
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
  const shown = opts.maxWidth ? fitted(cols, widths, opts.maxWidth) : cols.map((_, i) => i);
  const paint = opts.paint;
  const last = shown[shown.length - 1];
  const line = (cells: string[], row: number) => {
    let text = '';
    for (const i of shown) {
      const cell = cells[i] ?? '';
      const w = widths[i] ?? 0;
      const own = row < 0 ? width(cell) : (cellWidths[row * n + i] ?? 0);
      const fits = own <= w;
      let piece = fits ? cell : truncate(cell, w);
      if (i !== last) piece += spaces(w - (fits ? own : width(piece)));
      text += (i === shown[0] ? '' : GAP) + (paint ? paint(piece, i, row) : piece);
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

/** The columns shown within `max` cells, and `widths` set to what each is given. */
function fitted(cols: Column[], widths: number[], max: number): number[] {
  let shown = cols.map((_, i) => i);
  const natural = [...widths];
  const flexible = cols.findIndex((c) => c.flexible);
  const room = () =>
    max - shown.reduce((sum, i) => sum + (i === flexible ? 0 : (widths[i] ?? 0)), 0) - GAP.length * (shown.length - 1);
  // the title is given two fifths of the line before it is cut (at least MIN_FLEXIBLE cells)
  const whole = natural[flexible] ?? 0;
  const want = flexible < 0 ? 0 : Math.min(whole, Math.max(MIN_FLEXIBLE, Math.floor(max * 0.4)));
  // narrowed first, then dropped, each in the order of `drop`
  const order = cols
    .map((c, i) => [c.drop ?? Number.POSITIVE_INFINITY, i] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
  for (const i of order) {
    const min = cols[i]?.min;
    if (room() >= want) break;
    if (min !== undefined && (widths[i] ?? 0) > min) widths[i] = Math.max(min, (widths[i] ?? 0) - (want - room()));
  }
  for (const i of order) {
    if (room() >= want) break;
    if (cols[i]?.drop !== undefined) shown = shown.filter((j) => j !== i);
  }
  // what a drop freed beyond the title's share goes back to the columns narrowed
  for (const i of [...order].reverse()) {
    const spare = room() - want;
    if (spare <= 0) break;
    if (shown.includes(i)) widths[i] = Math.min(natural[i] ?? 0, (widths[i] ?? 0) + spare);
  }
  if (flexible >= 0) widths[flexible] = Math.max(Math.min(whole, MIN_FLEXIBLE), Math.min(whole, room()));
  return shown;
}

const SPACES = ' '.repeat(256);
const spaces = (count: number) =>
  count <= 0 ? '' : count <= SPACES.length ? SPACES.slice(0, count) : ' '.repeat(count);
