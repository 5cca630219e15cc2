// Instants and wall-clock times in the store's timezone. Pure: every function takes
// the timezone explicitly, so a UTC CI runner and a Shanghai laptop agree.

import { zoneOffset } from './zone-rules.js';

export { isValidTimeZone } from './zone-rules.js';

export interface WallTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const DAY_MS = 86_400_000;
/** zone → local day (days since 1970-01-01 on the zone's calendar) → its date, YYYY-MM-DD */
const localDates = new Map<string, Map<number, string>>();

/** An instant that is not one (an Invalid Date) fails as Date's own toISOString does. */
function finite(t: number): number {
  if (!Number.isFinite(t)) throw new RangeError('Invalid time value');
  return t;
}

/** The wall clock at `instant`: UTC shifted by the zone's offset then, to the second. */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const t = finite(instant.getTime());
  const d = new Date(Math.floor(t / 1000) * 1000 + zoneOffset(t, timeZone));
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

/** Minutes east of UTC in `timeZone` at `instant`. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const t = finite(instant.getTime());
  return Math.round(zoneOffset(t, timeZone) / 60000);
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
  const t = finite(instant.getTime());
  const offset = zoneOffset(t, timeZone);
  const off = Math.round(offset / 60000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const zone = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  if (t >= 0 && t < MAX_FOUR_DIGIT_YEAR && offset % 60000 === 0) {
    // the common case, fast: the wall clock is UTC shifted by the offset
    return `${new Date(Math.floor(t / 1000) * 1000 + offset).toISOString().slice(0, 19)}${zone}`;
  }
  const w = wallTime(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${zone}`;
}

/** "2026-11-23 09:30" in the zone: for tables and cards. */
export function shortInZone(instant: Date, timeZone: string): string {
  return isoInZone(instant, timeZone).slice(0, 16).replace('T', ' ');
}

/** "2026-11" in the zone, for `t` in ms: the month KPIs are grouped by. */
export function monthInZone(t: number, timeZone: string): string {
  return dateInZone(new Date(t), timeZone).slice(0, 7);
}

/** "2026-11-23" in the zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  const t = finite(instant.getTime());
  if (t < 0 || t >= MAX_FOUR_DIGIT_YEAR) return isoInZone(instant, timeZone).slice(0, 10);
  // formatted once per local day: toISOString at every call was most of `list`'s rendering
  const day = Math.floor((Math.floor(t / 1000) * 1000 + zoneOffset(t, timeZone)) / DAY_MS);
  let dates = localDates.get(timeZone);
  if (!dates) localDates.set(timeZone, (dates = new Map()));
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
