import { describe, expect, it } from 'vitest';
import { Config } from '../../src/domain/config.js';
import { addDuration, dueDates } from '../../src/domain/sla.js';
import { isoInZone } from '../../src/domain/time.js';

const cal = {
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: '09:00-18:00',
  holidays: ['2026-10-01', '2026-10-02'],
  workdays_extra: ['2026-10-10'],
};
const shanghai = Config.parse({
  timezone: 'Asia/Shanghai',
  sla: { calendar: cal, targets: { high: { response: '4h', resolution: '2d' } } },
});
const berlin = Config.parse({ timezone: 'Europe/Berlin', sla: { calendar: cal, targets: {} } });
const plain = Config.parse({
  timezone: 'Asia/Shanghai',
  sla: { targets: { high: { response: '4h', resolution: '2d' } } },
});
const at = (iso: string, d: string, config: Config) =>
  isoInZone(addDuration(new Date(iso), d, config), config.timezone);

describe('SLA due dates under a business calendar', () => {
  it('registered Friday 17:30: 4h of working time ends Monday 12:30', () => {
    expect(at('2026-11-20T17:30:00+08:00', '4h', shanghai)).toBe('2026-11-23T12:30:00+08:00');
  });
  it('outside hours the clock starts at the next opening', () => {
    expect(at('2026-11-23T20:00:00+08:00', '1h', shanghai)).toBe('2026-11-24T10:00:00+08:00');
    expect(at('2026-11-24T07:00:00+08:00', '30m', shanghai)).toBe('2026-11-24T09:30:00+08:00');
    expect(at('2026-11-22T12:00:00+08:00', '1h', shanghai)).toBe('2026-11-23T10:00:00+08:00'); // a Sunday
  });
  it('a day is the calendar hours per day; holidays are skipped, make-up workdays count', () => {
    expect(at('2026-11-23T10:00:00+08:00', '2d', shanghai)).toBe('2026-11-25T10:00:00+08:00');
    expect(at('2026-09-30T17:00:00+08:00', '2h', shanghai)).toBe('2026-10-05T10:00:00+08:00'); // Oct 1-2 holidays, then the weekend
    expect(at('2026-10-09T17:00:00+08:00', '2h', shanghai)).toBe('2026-10-10T10:00:00+08:00'); // Saturday the 10th is a make-up day
    expect(at('2026-10-01T10:00:00+08:00', '1h', shanghai)).toBe('2026-10-05T10:00:00+08:00'); // registered on a holiday
  });
  it('working hours hold across a DST change (Europe/Berlin)', () => {
    // Friday 2026-10-23 17:00 CEST + 3h: 1h Friday, then Monday 2026-10-26 (CET) 09:00 + 2h
    expect(at('2026-10-23T17:00:00+02:00', '3h', berlin)).toBe('2026-10-26T11:00:00+01:00');
    expect(at('2026-03-27T17:30:00+01:00', '1h', berlin)).toBe('2026-03-30T09:30:00+02:00');
  });
  it('without a calendar, durations are calendar time', () => {
    expect(at('2026-11-20T17:30:00+08:00', '4h', plain)).toBe('2026-11-20T21:30:00+08:00');
    expect(at('2026-11-20T17:30:00+08:00', '2d', plain)).toBe('2026-11-22T17:30:00+08:00');
  });
  it('are stored with the policy that produced them', () => {
    expect(dueDates(new Date('2026-11-20T09:30:00Z'), 'high', shanghai)).toEqual({
      response: '2026-11-23T12:30:00+08:00',
      resolution: '2026-11-24T17:30:00+08:00',
      policy: { severity: 'high', response: '4h', resolution: '2d', calendar: true },
    });
    expect(dueDates(new Date(), 'low', shanghai)).toEqual({ response: null, resolution: null, policy: null });
  });
});
