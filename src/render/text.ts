// Width-aware text for terminals: Chinese characters take two columns.
import stringWidth from 'string-width';

// string-width is exact (emoji, combining marks, ANSI codes) but slow: 20,000 rows of
// Chinese took it 4.7 s. Plain ASCII and the common CJK blocks are counted here; anything
// else (emoji, marks, escapes) goes to string-width.
const SIMPLE = /^[\x20-\x7e\u00a0-\u02ff\u2010-\u2027\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]*$/;
const WIDE = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]/g;

export function width(s: string): number {
  if (!SIMPLE.test(s)) return stringWidth(s);
  return s.length + (s.match(WIDE)?.length ?? 0);
}

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
export function columns(cols: Column[], rows: string[][], opts: { maxWidth?: number; paint?: (text: string, col: number, row: number) => string } = {}): string {
  // each cell measured once (20,000 rows: measuring again to pad and to cut was a tenth of list)
  const cellWidths = rows.map((r) => r.map(width));
  const widths = cols.map((c, i) => cellWidths.reduce((max, w) => Math.max(max, w[i] ?? 0), width(c.header)));
  const gap = 2;
  if (opts.maxWidth) {
    const fixed = widths.reduce((sum, w, i) => sum + (cols[i]?.flexible ? 0 : w + gap), 0);
    cols.forEach((c, i) => {
      if (c.flexible) widths[i] = Math.max(8, Math.min(widths[i] ?? 0, (opts.maxWidth ?? 0) - fixed));
    });
  }
  const paint = opts.paint ?? ((s: string) => s);
  const line = (cells: string[], row: number) =>
    cells
      .map((cell, i) => {
        const w = widths[i] ?? 0;
        const own = row < 0 ? width(cell) : (cellWidths[row]?.[i] ?? width(cell));
        const text = own <= w ? cell : truncate(cell, w);
        const last = i === cells.length - 1;
        return paint(last ? text : text + ' '.repeat(Math.max(0, w - (text === cell ? own : width(text)))), i, row);
      })
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(cols.map((c) => c.header), -1), ...rows.map((r, i) => line(r, i))].join('\n');
}
