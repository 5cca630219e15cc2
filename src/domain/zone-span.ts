// Days over which a zone keeps one offset: learned once and kept beside the cached config
// (../store/store.ts), so a command in such a zone (Asia/Shanghai since 1991) never starts
// ICU's time-zone formatting, which costs ~10 ms, a fifth of starting Node. ./time.ts asks
// here before it asks Intl.

export interface SteadySpan {
  zone: string;
  from: number;
  to: number;
  offset: number;
  /** the tz database it was learned from: another one may know new rules */
  tzdata: string;
}

const DAY_MS = 86_400_000;
const spans = new Map<string, SteadySpan>();
const TZDATA = process.versions.tz ?? '';
const SPAN_FROM = Date.UTC(1995, 0, 1) / DAY_MS;
const SPAN_TO = Date.UTC(2050, 0, 1) / DAY_MS;

/** The days 1995–2049 if the zone keeps one offset all through them (each day's start
 * compared with the next: 20,000 asks of `offsetAt`, ~20 ms with Intl), else null. */
export function learnSpan(zone: string, offsetAt: (t: number) => number): SteadySpan | null {
  const offset = offsetAt(SPAN_FROM * DAY_MS);
  for (let day = SPAN_FROM + 1; day <= SPAN_TO; day++) if (offsetAt(day * DAY_MS) !== offset) return null;
  return { zone, from: SPAN_FROM, to: SPAN_TO, offset, tzdata: TZDATA };
}

/** Take a span learned earlier (one from another tz database is ignored). */
export function useSteadySpan(span: SteadySpan | null | undefined): void {
  if (span && span.tzdata === TZDATA) spans.set(span.zone, span);
}

/** The zone's offset (ms) on the UTC day `day`, where a span taken holds it. */
export function spanOffset(zone: string, day: number): number | undefined {
  const span = spans.get(zone);
  return span && day >= span.from && day < span.to ? span.offset : undefined;
}
