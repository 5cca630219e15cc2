// A zone's UTC offset at an instant, without Intl's date formatting: a process's first
// Intl.DateTimeFormat costs ~15 ms (ICU loads calendars and patterns), a quarter of starting
// Node. Node's own clock knows the same tz database through process.env.TZ, so each year's
// transitions are probed once (a day at a time, then to the second) with TZ set to the zone
// and put back at once. Where that cannot work, Intl is the probe instead (docs/time.md).

const DAY_MS = 86_400_000;
/** Since 1972 every zone's offset is whole minutes, all Date's clock gives; before, Intl. */
const FIRST_YEAR = 1973;
/** Years outside 1–9999 (never an event's) ask Intl at each instant. */
const LAST_YEAR = 9999;

interface YearRules {
  from: number;
  to: number;
  /** starts[i] is when offsets[i] (ms) begins; starts[0] is `from` */
  starts: number[];
  offsets: number[];
}

const rules = new Map<string, Map<number, YearRules>>();
const lastUsed = new Map<string, YearRules>();
let canonical: Set<string> | undefined;
const canonicalZones = (): Set<string> => (canonical ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']));
let probeWorks: boolean | undefined;

function withZone<T>(zone: string, probe: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return probe();
  } finally {
    // child processes (git) inherit the environment: it must be as it was
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

const localOffset = (t: number): number => -new Date(t).getTimezoneOffset() * 60_000 || 0;

/** Setting TZ moves the clock on the main thread only (not in a worker thread, nor where a
 * platform ignores it): two zones far apart tell. */
function tzProbeWorks(): boolean {
  const jan2020 = Date.UTC(2020, 0, 1);
  probeWorks ??=
    withZone('Pacific/Kiritimati', () => localOffset(jan2020)) === 14 * 3_600_000 &&
    withZone('Pacific/Pago_Pago', () => localOffset(jan2020)) === -11 * 3_600_000;
  return probeWorks;
}

/** Only ICU's own canonical names (and UTC) reach TZ: it takes no aliases, nor other cases,
 * nor names with digits (Etc/GMT+5), reading them as some other zone. */
function probeable(zone: string): boolean {
  return canonicalZones().has(zone) && tzProbeWorks();
}

/** The first second at or after `lo` whose offset is `off` (found between two day starts). */
function transitionIn(lo: number, hi: number, off: number, offsetAt: (t: number) => number): number {
  let a = lo;
  let b = hi;
  while (b - a > 1000) {
    const mid = a + Math.floor((b - a) / 2000) * 1000;
    if (offsetAt(mid) === off) b = mid;
    else a = mid;
  }
  return b;
}

/** A year's transitions, from the offset at each day's start. Two within one day would be
 * missed: none since 1973 (docs/time.md). */
function learnYear(year: number, offsetAt: (t: number) => number): YearRules {
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  const starts = [from];
  const offsets = [offsetAt(from)];
  for (let day = from + DAY_MS; day <= to; day += DAY_MS) {
    const off = offsetAt(day);
    if (off !== offsets[offsets.length - 1]) {
      starts.push(transitionIn(day - DAY_MS, day, off, offsetAt));
      offsets.push(off);
    }
  }
  return { from, to, starts, offsets };
}

/** The rules of `t`'s year: through TZ where it works, else from Intl (~1 ms a year, once). */
function yearRules(zone: string, t: number): YearRules | null {
  const year = new Date(t).getUTCFullYear();
  if (!(year >= 1 && year <= LAST_YEAR)) return null;
  let years = rules.get(zone);
  if (!years) rules.set(zone, (years = new Map()));
  let r = years.get(year);
  if (!r) {
    r =
      year >= FIRST_YEAR && probeable(zone)
        ? withZone(zone, () => learnYear(year, localOffset))
        : learnYear(year, (at) => intlOffset(at, zone));
    years.set(year, r);
  }
  return r;
}

const intlFormatters = new Map<string, Intl.DateTimeFormat>();
const GMT_OFFSET = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/;

/** Intl writes the offset as "…, GMT+08:00" (with seconds for old local mean times). */
function intlOffset(t: number, zone: string): number {
  let f = intlFormatters.get(zone);
  if (!f)
    intlFormatters.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const m = GMT_OFFSET.exec(f.format(t));
  if (!m) return 0; // "GMT": the offset is zero
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000;
}

/** The zone's offset from UTC at `t` (ms since 1970), in ms; `zone` is a valid IANA name. */
export function zoneOffset(t: number, zone: string): number {
  let r = lastUsed.get(zone);
  if (!r || t < r.from || t >= r.to) {
    const found = yearRules(zone, t);
    if (!found) return intlOffset(t, zone);
    lastUsed.set(zone, (r = found));
  }
  let i = r.starts.length - 1;
  while (i > 0 && t < (r.starts[i] as number)) i--;
  return r.offsets[i] as number;
}

/** Whether Intl knows the zone. ICU's canonical names are listed at no cost; an alias
 * (Asia/Calcutta) or another spelling asks Intl itself. */
export function isValidTimeZone(zone: string): boolean {
  if (canonicalZones().has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
