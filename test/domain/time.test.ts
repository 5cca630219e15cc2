import { describe, expect, it } from 'vitest';
import {
  dateInZone,
  instantOf,
  isoInZone,
  monthInZone,
  parseDateInput,
  parseIsoWithOffset,
  wallTime,
} from '../../src/domain/time.js';

describe('time in the store zone', () => {
  it('formats an instant with the zone offset', () => {
    const t = new Date('2026-11-23T15:30:00Z');
    expect(isoInZone(t, 'Asia/Shanghai')).toBe('2026-11-23T23:30:00+08:00');
    expect(isoInZone(t, 'UTC')).toBe('2026-11-23T15:30:00+00:00');
    expect(isoInZone(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01T14:00:00+02:00');
    expect(isoInZone(new Date('2026-12-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-12-01T13:00:00+01:00');
  });

  it('reads what people type, in the store zone', () => {
    expect(parseDateInput('2026-11-30', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(parseDateInput('2026-11-30', 'Asia/Shanghai', { endOfDay: true })?.toISOString()).toBe(
      '2026-11-30T15:59:59.000Z',
    );
    expect(parseDateInput('2026-11-30 14:30', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-30T06:30:00.000Z');
    expect(parseDateInput('2026-11-30T14:30:00+01:00', 'Asia/Shanghai')?.toISOString()).toBe(
      '2026-11-30T13:30:00.000Z',
    );
    for (const bad of ['2026-02-30', '30/11/2026', 'tomorrow', '2026-11-30 25:00', '']) {
      expect(parseDateInput(bad, 'Asia/Shanghai')).toBeNull();
    }
  });

  it('is strict about the form stored in files and AFTERSALES_NOW', () => {
    expect(parseIsoWithOffset('2026-11-23T09:30:00+08:00')).not.toBeNull();
    expect(parseIsoWithOffset('2026-11-23T09:30:00')).toBeNull();
    expect(parseIsoWithOffset('2026-11-23')).toBeNull();
  });

  it('maps wall time to instants across a DST change (Europe/Berlin)', () => {
    // 2026-03-29 02:30 does not exist in Berlin; 03:30 CEST follows 01:59 CET.
    expect(
      instantOf({ year: 2026, month: 3, day: 29, hour: 1, minute: 30, second: 0 }, 'Europe/Berlin').toISOString(),
    ).toBe('2026-03-29T00:30:00.000Z');
    expect(
      instantOf({ year: 2026, month: 3, day: 29, hour: 3, minute: 30, second: 0 }, 'Europe/Berlin').toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z');
    expect(
      instantOf({ year: 2026, month: 10, day: 25, hour: 12, minute: 0, second: 0 }, 'Europe/Berlin').toISOString(),
    ).toBe('2026-10-25T11:00:00.000Z');
  });
});

describe('wallTime', () => {
  it('agrees with Intl at every quarter hour around DST changes and in odd zones', () => {
    const exact = (t: number, tz: string) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', {
          timeZone: tz,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        })
          .formatToParts(new Date(t))
          .map((p) => [p.type, Number(p.value)]),
      );
      return [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second];
    };
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Pacific/Chatham',
      'Asia/Shanghai',
      'UTC',
    ];
    // DST changes, and month ends (one with New York's change on Nov 1)
    const starts = [
      Date.UTC(2026, 2, 27),
      Date.UTC(2026, 9, 23),
      Date.UTC(2026, 3, 3),
      Date.UTC(2026, 10, 30),
      Date.UTC(2026, 9, 30),
      Date.UTC(1900, 11, 30),
    ]; // …and Shanghai leaving local mean time (+08:05:43)
    for (const tz of zones) {
      for (const start of starts) {
        for (let t = start; t < start + 4 * 86_400_000; t += 15 * 60_000 + 7_000) {
          const w = wallTime(new Date(t), tz);
          expect([w.year, w.month, w.day, w.hour, w.minute, w.second], `${tz} ${new Date(t).toISOString()}`).toEqual(
            exact(t, tz),
          );
          // the ISO form shows that wall time, and its offset leads back to the instant
          const iso = isoInZone(new Date(t), tz);
          expect(iso.slice(0, 19).split(/[-T:]/).map(Number), `${tz} ${iso}`).toEqual(exact(t, tz));
          if (t > 0) expect(Date.parse(iso), `${tz} ${iso}`).toBe(Math.floor(t / 1000) * 1000); // (offsets of old local mean times have seconds, ISO has none)
          expect(monthInZone(t, tz)).toBe(iso.slice(0, 7));
          expect(dateInZone(new Date(t), tz)).toBe(iso.slice(0, 10));
        }
      }
    }
  });
});
