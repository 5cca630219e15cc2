// Width-aware text for terminals: Chinese characters take two columns.
import stringWidth from 'string-width';

export const width = (s: string): number => stringWidth(s);

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
  const widths = cols.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))));
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
        const text = truncate(cell, w);
        const last = i === cells.length - 1;
        return paint(last ? text : padEnd(text, w), i, row);
      })
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(cols.map((c) => c.header), -1), ...rows.map((r, i) => line(r, i))].join('\n');
}
