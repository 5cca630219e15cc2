// One CSV cell, quoted only when it must be (RFC 4180). Text that a spreadsheet would run as
// a formula (a leading = + - @, tab or CR) gets a leading ' (OWASP's advice on CSV injection):
// a customer's "=HYPERLINK(…)" opens in Excel as the text it is. Numbers are written as numbers.
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(v: string | number | null): string {
  const s = v === null ? '' : typeof v === 'number' ? String(v) : FORMULA.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
