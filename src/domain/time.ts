// Instants and wall-clock times in the store's timezone. Pure: every function takes
// the timezone explicitly, so a UTC CI runner and a Shanghai laptop agree.

import { learnSpan, spanOffset, type SteadySpan } from './zone-span.js';

export interface WallTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;
/** zone → UTC day → the zone's offset (ms) at the day's start */
const startOffsets = new Map<string, Map<number, number>>();
/** zone → UTC day → the zone's offset when it holds all that day, else null */
const dayOffsets = new Map<string, Map<number, number | null>>();
/** zone → local day (days since 1970-01-01 on the zone's calendar) → its date, YYYY-MM-DD */
const localDates = new Map<string, Map<number, string>>();
/** zone → UTC day → the zone's month all that day, else null */
const dayMonths = new Map<string, Map<number, string | null>>();

function perZone<V>(cache: Map<string, Map<number, V>>, timeZone: string): Map<number, V> {
  let days = cache.get(timeZone);
  if (!days) cache.set(timeZone, (days = new Map()));
  return days;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const GMT_OFFSET = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/;

/** The zone's offset at `t`, in ms. Intl writes it ("…, GMT+08:00", with seconds for old
 * local mean times) five times faster than it splits a date into parts. */
function offsetMs(t: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f)
    offsetFormatters.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })));
  const m = GMT_OFFSET.exec(f.format(t));
  if (!m) return 0; // "GMT": the offset is zero
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000;
}

/** The wall clock at `instant`. Intl is asked once or twice per UTC day and zone (a report
 * over 20,000 issues asked it ~500,000 times, for a second); on a day with a transition,
 * every time. */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const t = instant.getTime();
  const off = steadyOffset(t, timeZone);
  if (off === null) return exactWallTime(instant, timeZone);
  const d = new Date(Math.floor(t / 1000) * 1000 + off);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** The days 1995–2049 if `zone` keeps one offset all through them, else null (./zone-span.ts). */
export const steadySpan = (zone: string): SteadySpan | null => learnSpan(zone, (t) => offsetMs(t, zone));

/** The zone's offset at `t` (ms) when it holds all that UTC day; null on a day with a
 * transition (or for an invalid time), where only Intl knows. Intl is asked once per day:
 * a day is steady when it starts with the offset the next day starts with. */
function steadyOffset(t: number, timeZone: string): number | null {
  if (!Number.isFinite(t)) return null;
  const day = Math.floor(t / DAY_MS);
  const spanned = spanOffset(timeZone, day);
  if (spanned !== undefined) return spanned;
  const days = perZone(dayOffsets, timeZone);
  let off = days.get(day);
  if (off === undefined) {
    const starts = perZone(startOffsets, timeZone);
    const startOf = (d: number) => {
      let o = starts.get(d);
      if (o === undefined) {
        starts.set(d, (o = offsetMs(d * DAY_MS, timeZone)));
      }
      return o;
    };
    const start = startOf(day);
    off = start === startOf(day + 1) ? start : null;
    days.set(day, off);
  }
  return off;
}

function exactWallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** Minutes east of UTC in `timeZone` at `instant`. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60000);
}

/** The instant at which the wall clock in `timeZone` shows the given time. In a DST gap
 * the time is moved forward; in an overlap the earlier instant is taken. */
export function instantOf(
  w: Pick<WallTime, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'>,
  timeZone: string,
): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  let guess = asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60000;
  const second = asUtc - offsetMinutes(new Date(guess), timeZone) * 60000;
  if (second !== guess) {
    // Crossing a transition: prefer the candidate whose wall time matches.
    const matches = (t: number) => {
      const back = wallTime(new Date(t), timeZone);
      return back.hour === w.hour && back.minute === w.minute && back.day === w.day;
    };
    guess = matches(Math.min(guess, second))
      ? Math.min(guess, second)
      : matches(Math.max(guess, second))
        ? Math.max(guess, second)
        : Math.max(guess, second);
  }
  return new Date(guess);
}

const pad = (n: number, len = 2) => String(n).padStart(len, '0');
/** toISOString writes four-digit years up to 9999 */
const MAX_FOUR_DIGIT_YEAR = Date.UTC(9999, 0, 1);

/** ISO 8601 with the zone's offset, to the second: 2026-11-23T09:30:00+08:00. */
export function isoInZone(instant: Date, timeZone: string): string {
  const t = instant.getTime();
  const steady = steadyOffset(t, timeZone);
  if (steady !== null && t >= 0 && t < MAX_FOUR_DIGIT_YEAR) {
    // the common case, fast: the wall clock is UTC shifted by the day's one offset
    const off = Math.round(steady / 60000);
    const abs = Math.abs(off);
    return `${new Date(Math.floor(t / 1000) * 1000 + steady).toISOString().slice(0, 19)}${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
  const w = wallTime(instant, timeZone);
  const off = offsetMinutes(instant, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** "2026-11-23 09:30" in the zone: for tables and cards. */
export function shortInZone(instant: Date, timeZone: string): string {
  return isoInZone(instant, timeZone).slice(0, 16).replace('T', ' ');
}

/** "2026-11" in the zone, for `t` in ms: the month KPIs are grouped by. */
export function monthInZone(t: number, timeZone: string): string {
  if (!Number.isFinite(t)) return isoInZone(new Date(t), timeZone).slice(0, 7);
  // a report asks for tens of thousands of months over a few hundred days: one answer per
  // day, unless the month turns (or the offset changes) within it
  const day = Math.floor(t / DAY_MS);
  const months = perZone(dayMonths, timeZone);
  let month = months.get(day);
  if (month === undefined) {
    const first = exactMonth(day * DAY_MS, timeZone);
    month = first === exactMonth((day + 1) * DAY_MS - 1, timeZone) && steadyOffset(t, timeZone) !== null ? first : null;
    months.set(day, month);
  }
  return month ?? exactMonth(t, timeZone);
}

function exactMonth(t: number, timeZone: string): string {
  const steady = steadyOffset(t, timeZone);
  if (steady === null || t < 0 || t >= MAX_FOUR_DIGIT_YEAR) return isoInZone(new Date(t), timeZone).slice(0, 7);
  const d = new Date(t + steady);
  const m = d.getUTCMonth() + 1;
  return `${d.getUTCFullYear()}-${m < 10 ? '0' : ''}${m}`;
}

/** "2026-11-23" in the zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  const t = instant.getTime();
  const steady = steadyOffset(t, timeZone);
  if (steady === null || t < 0 || t >= MAX_FOUR_DIGIT_YEAR) return isoInZone(instant, timeZone).slice(0, 10);
  // formatted once per local day: toISOString at every call was most of `list`'s rendering
  const day = Math.floor((t + steady) / DAY_MS);
  const dates = perZone(localDates, timeZone);
  let date = dates.get(day);
  if (date === undefined) dates.set(day, (date = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  return date;
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Strict: the form stored in issue files and accepted from AFTERSALES_NOW. */
export function parseIsoWithOffset(text: string): Date | null {
  const m = ISO_WITH_OFFSET.exec(text.trim());
  if (!m) return null;
  const d = new Date(text.trim());
  if (Number.isNaN(d.getTime())) return null;
  const [, _y, mo, da, h, mi] = m;
  if (Number(mo) > 12 || Number(da) > 31 || Number(h) > 23 || Number(mi) > 59) return null;
  return d;
}

/**
 * Lenient: what people type in a flag or a prompt. ISO with offset is taken as is;
 * a date and time without offset is wall time in the store's zone; a bare date is the
 * start of that day, or its last second with `endOfDay` (for deadlines: "by the 30th").
 */
export function parseDateInput(text: string, timeZone: string, opts: { endOfDay?: boolean } = {}): Date | null {
  const withOffset = parseIsoWithOffset(text);
  // years outside 1970–9999 are typos (0001, or 0099 which Date reads as 1999), not events
  if (withOffset) return inRange(withOffset) ? withOffset : null;
  const m = LOCAL_DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const year = Number(y);
  if (year < 1970 || year > 9999) return null;
  const month = Number(mo);
  const day = Number(d);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const bare = h === undefined;
  const hour = bare ? (opts.endOfDay ? 23 : 0) : Number(h);
  const minute = bare ? (opts.endOfDay ? 59 : 0) : Number(mi);
  const second = bare ? (opts.endOfDay ? 59 : 0) : Number(s ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  return instantOf({ year, month, day, hour, minute, second }, timeZone);
}

const inRange = (d: Date) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999;

export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 3_600_000;
}
