// The report's scalar figures in one flat list: what tables, CSV, the page's cards and
// --compare show.
import type { Period, Report } from './kpi.js';
import { instantOf, wallTime, type WallTime } from './time.js';

/** The scalar KPIs, flat, for tables, CSV and --compare. */
export function headlineFigures(
  r: Report,
): { name: string; value: number | null; unit: 'count' | 'hours' | 'rate' | 'score' }[] {
  return [
    { name: 'total', value: r.total, unit: 'count' },
    { name: 'open', value: r.open, unit: 'count' },
    { name: 'accepted', value: r.accepted, unit: 'count' },
    { name: 'mttr_hours.mean', value: r.mttr_hours.mean, unit: 'hours' },
    { name: 'mttr_hours.median', value: r.mttr_hours.median, unit: 'hours' },
    { name: 'mttr_hours.p90', value: r.mttr_hours.p90, unit: 'hours' },
    { name: 'mttr_hours.net_mean', value: r.mttr_hours.net_mean, unit: 'hours' },
    { name: 'first_time_fix_rate', value: r.first_time_fix_rate, unit: 'rate' },
    { name: 'reopen_rate', value: r.reopen_rate, unit: 'rate' },
    { name: 'sla.response_met_rate', value: r.sla.response_met_rate, unit: 'rate' },
    { name: 'sla.resolution_met_rate', value: r.sla.resolution_met_rate, unit: 'rate' },
    { name: 'sla.overdue_now', value: r.sla.overdue_now, unit: 'count' },
    { name: 'satisfaction.mean', value: r.satisfaction.mean, unit: 'score' },
    { name: 'satisfaction.csat', value: r.satisfaction.csat, unit: 'rate' },
    { name: 'promise.met_rate', value: r.promise.met_rate, unit: 'rate' },
    { name: 'compensation.count', value: r.compensation.count, unit: 'count' },
    { name: 'recurrence.count', value: r.recurrence.count, unit: 'count' },
    { name: 'effectiveness.due', value: r.effectiveness.due, unit: 'count' },
    { name: 'effectiveness.rate', value: r.effectiveness.rate, unit: 'rate' },
  ];
}

/** The period a report's figures are compared with: the same calendar months just before
 * when the period is whole months in the store's zone (November → October, a quarter → the
 * quarter before), else the same length just before. None without a start. */
export function previousPeriod(period: Period, now: Date, timeZone: string): Period | null {
  if (!period.since) return null;
  const until = period.until ?? now;
  const start = wallTime(period.since, timeZone);
  // the period's last second is 23:59:59 of its last day (a bare --until date)
  const next = wallTime(new Date(until.getTime() + 1000), timeZone);
  const firstOfMonth = (w: WallTime) => w.day === 1 && w.hour === 0 && w.minute === 0 && w.second === 0;
  const months = (next.year - start.year) * 12 + next.month - start.month;
  if (period.until && firstOfMonth(start) && firstOfMonth(next) && months > 0) {
    const back = start.year * 12 + start.month - 1 - months;
    const since = instantOf(
      { year: Math.floor(back / 12), month: (back % 12) + 1, day: 1, hour: 0, minute: 0, second: 0 },
      timeZone,
    );
    return { since, until: new Date(period.since.getTime() - 1) };
  }
  const length = until.getTime() - period.since.getTime();
  return { since: new Date(period.since.getTime() - length - 1), until: new Date(period.since.getTime() - 1) };
}

/** How many issues a figure is over, where it is a mean or a rate of some of them (a change
 * of 20 points over 4 issues says less than over 40); null for the counts. */
export function sampleSize(r: Report, name: string): number | null {
  if (name.startsWith('mttr_hours.') || name === 'first_time_fix_rate' || name === 'reopen_rate') return r.accepted;
  if (name.startsWith('satisfaction.')) return r.satisfaction.trend.reduce((n, m) => n + m.n, 0);
  if (name === 'promise.met_rate') return r.promise.n;
  return null;
}
