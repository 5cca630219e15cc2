// Output order must not depend on the machine's locale (ICU collation differs between a
// Chinese laptop and a CI runner): compare strings by code point.
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
