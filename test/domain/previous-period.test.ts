import { describe, expect, it } from 'vitest';
import { previousPeriod } from '../../src/domain/kpi.js';
import { isoInZone, parseDateInput } from '../../src/domain/time.js';

const ZONE = 'Asia/Shanghai';
const NOW = new Date('2026-12-02T09:00:00+08:00');
const prior = (since: string, until: string | null, zone = ZONE) => {
  const p = previousPeriod(
    {
      since: parseDateInput(since, zone),
      until: until === null ? null : parseDateInput(until, zone, { endOfDay: true }),
    },
    NOW,
    zone,
  );
  return p && [isoInZone(p.since as Date, zone), isoInZone(p.until as Date, zone)];
};

describe('the period a report is compared with', () => {
  it('is the calendar months just before, when the period is whole months', () => {
    // November has 30 days, October 31: the same length would start on 2 October
    expect(prior('2026-11-01', '2026-11-30')).toEqual(['2026-10-01T00:00:00+08:00', '2026-10-31T23:59:59+08:00']);
    expect(prior('2026-03-01', '2026-03-31')).toEqual(['2026-02-01T00:00:00+08:00', '2026-02-28T23:59:59+08:00']);
    expect(prior('2026-01-01', '2026-03-31')).toEqual(['2025-10-01T00:00:00+08:00', '2025-12-31T23:59:59+08:00']);
    // in a zone with summer time, the month boundaries are its own midnights
    expect(prior('2026-11-01', '2026-11-30', 'Europe/Berlin')).toEqual([
      '2026-10-01T00:00:00+02:00',
      '2026-10-31T23:59:59+01:00',
    ]);
  });

  it('is the same length just before otherwise, and none without a start', () => {
    expect(prior('2026-11-10', '2026-11-19')).toEqual(['2026-10-31T00:00:00+08:00', '2026-11-09T23:59:59+08:00']);
    expect(prior('2026-11-01', null)).toEqual(['2026-09-30T14:59:59+08:00', '2026-10-31T23:59:59+08:00']);
    expect(previousPeriod({ since: null, until: null }, NOW, ZONE)).toBeNull();
  });
});
