// The report's scalar figures in one flat list: what tables, CSV, the page's cards and
// --compare show.
import type { Report } from './kpi.js';

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
