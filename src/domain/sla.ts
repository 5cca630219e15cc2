// SLA durations and due dates. Without a calendar a duration is calendar time; with one
// it counts working time only, and a day ("2d") is the calendar's working hours per day.
import type { Config } from './config.js';
import type { Severity } from './issue.js';
import { instantOf, isoInZone, wallTime } from './time.js';

export type Calendar = NonNullable<Config['sla']['calendar']>;

export interface ParsedDuration {
  amount: number;
  unit: 'm' | 'h' | 'd' | 'w';
}

export function parseDuration(text: string): ParsedDuration | null {
  const m = /^(\d+(?:\.\d+)?)\s*(m|h|d|w)$/.exec(text.trim());
  if (!m) return null;
  return { amount: Number(m[1]), unit: m[2] as ParsedDuration['unit'] };
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function workingMinutesPerDay(calendar: Calendar): number {
  const [open, close] = calendar.hours.split('-').map(toMinutes) as [number, number];
  return close - open;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Length of a duration in minutes: calendar minutes, or working minutes under a calendar. */
export function durationMinutes(d: ParsedDuration, calendar?: Calendar): number {
  const perDay = calendar ? workingMinutesPerDay(calendar) : 24 * 60;
  const perWeek = calendar ? perDay * calendar.workdays.length : 7 * 24 * 60;
  const factor = { m: 1, h: 60, d: perDay, w: perWeek }[d.unit];
  return d.amount * factor;
}

function isWorkingDay(date: string, weekday: number, calendar: Calendar): boolean {
  if (calendar.workdays_extra.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  return calendar.workdays.includes(DAY_NAMES[weekday] as Calendar['workdays'][number]);
}

/** `start` plus `minutes` of working time under `calendar`, in `timeZone`. */
export function addWorkingMinutes(start: Date, minutes: number, calendar: Calendar, timeZone: string): Date {
  const [openMin, closeMin] = calendar.hours.split('-').map(toMinutes) as [number, number];
  let cursor = start;
  let left = minutes;
  // A year of days is far more than any SLA needs; the bound keeps a holiday-only
  // calendar from looping for ever.
  for (let i = 0; i < 3660; i++) {
    const w = wallTime(cursor, timeZone);
    const date = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    const day = { year: w.year, month: w.month, day: w.day };
    if (isWorkingDay(date, w.weekday, calendar)) {
      const open = instantOf({ ...day, hour: Math.floor(openMin / 60), minute: openMin % 60, second: 0 }, timeZone);
      const close =
        closeMin >= 24 * 60
          ? instantOf({ ...nextDay(day), hour: 0, minute: 0, second: 0 }, timeZone)
          : instantOf({ ...day, hour: Math.floor(closeMin / 60), minute: closeMin % 60, second: 0 }, timeZone);
      if (cursor < open) cursor = open;
      if (cursor < close) {
        const available = (close.getTime() - cursor.getTime()) / 60000;
        if (left <= available) return new Date(cursor.getTime() + left * 60000);
        left -= available;
      }
    }
    cursor = instantOf({ ...nextDay(day), hour: 0, minute: 0, second: 0 }, timeZone);
  }
  throw new Error('the SLA calendar has no working time in the next ten years');
}

/** Working minutes from `start` to `end` under `calendar`: the inverse of addWorkingMinutes. */
export function workingMinutesBetween(start: Date, end: Date, calendar: Calendar, timeZone: string): number {
  const [openMin, closeMin] = calendar.hours.split('-').map(toMinutes) as [number, number];
  let total = 0;
  let cursor = start;
  while (cursor < end) {
    const w = wallTime(cursor, timeZone);
    const day = { year: w.year, month: w.month, day: w.day };
    const date = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    const next = instantOf({ ...nextDay(day), hour: 0, minute: 0, second: 0 }, timeZone);
    if (isWorkingDay(date, w.weekday, calendar)) {
      const at = (min: number) =>
        min >= 24 * 60
          ? next
          : instantOf({ ...day, hour: Math.floor(min / 60), minute: min % 60, second: 0 }, timeZone);
      const from = Math.max(cursor.getTime(), at(openMin).getTime());
      const to = Math.min(end.getTime(), at(closeMin).getTime());
      if (to > from) total += (to - from) / 60000;
    }
    cursor = next;
  }
  return total;
}

/** A due date moved later by the time an issue waited from `from` to `to` (working time
 * under a calendar): waiting on the customer or a supplier is not the team's time. */
export function dueAfterWait(due: string, from: Date, to: Date, config: Config): string {
  const calendar = config.sla.calendar;
  if (!calendar) return isoInZone(new Date(Date.parse(due) + (to.getTime() - from.getTime())), config.timezone);
  const tz = calendar.timezone ?? config.timezone;
  const waited = workingMinutesBetween(from, to, calendar, tz);
  return isoInZone(addWorkingMinutes(new Date(due), waited, calendar, tz), config.timezone);
}

function nextDay(d: { year: number; month: number; day: number }) {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

export function addDuration(start: Date, duration: string, config: Config): Date {
  const parsed = parseDuration(duration);
  if (!parsed) throw new Error(`not a duration: ${duration}`);
  const calendar = config.sla.calendar;
  if (!calendar) return new Date(start.getTime() + durationMinutes(parsed) * 60000);
  const tz = calendar.timezone ?? config.timezone;
  return addWorkingMinutes(start, durationMinutes(parsed, calendar), calendar, tz);
}

/** Due dates for a newly registered issue, stored with the policy that produced them. */
export function dueDates(reportedAt: Date, severity: Severity, config: Config) {
  const target = config.sla.targets[severity];
  const at = (d?: string) => (d ? isoInZone(addDuration(reportedAt, d, config), config.timezone) : null);
  return {
    response: at(target?.response),
    resolution: at(target?.resolution),
    policy: target
      ? {
          severity,
          response: target.response ?? null,
          resolution: target.resolution ?? null,
          calendar: Boolean(config.sla.calendar),
        }
      : null,
  };
}
