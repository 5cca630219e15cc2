import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { isValidTimeZone, zoneOffset } from '../../src/domain/zone-rules.js';

const oracles = new Map<string, Intl.DateTimeFormat>();

/** The oracle: Intl's "GMT+05:45" for the zone at `t`, in ms. */
function intl(t: number, zone: string): number {
  let f = oracles.get(zone);
  if (!f) oracles.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const name = f.format(t);
  const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000;
}

const YEAR_MS = 365.2425 * 86_400_000;

describe('a zone offset without Intl formatting', () => {
  it('agrees with Intl in every zone ICU lists, 1973 to 2060', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    expect(zones.length).toBeGreaterThan(300);
    const wrong: string[] = [];
    for (const [n, zone] of zones.entries()) {
      // a spread of instants, different for each zone, at odd seconds
      for (let k = 0; k < 12; k++) {
        const t = Date.UTC(1973, 0, 1) + Math.floor(((n * 7 + k * 13) % 88) * YEAR_MS + k * 2_654_435_761) + 17_000;
        if (zoneOffset(t, zone) !== intl(t, zone)) wrong.push(`${zone} ${new Date(t).toISOString()}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('changes at the second of a transition', () => {
    const berlin = Date.UTC(2026, 2, 29, 1); // 02:00 CET becomes 03:00 CEST
    expect(zoneOffset(berlin - 1000, 'Europe/Berlin')).toBe(3_600_000);
    expect(zoneOffset(berlin, 'Europe/Berlin')).toBe(7_200_000);
    const lordHowe = Date.UTC(2026, 3, 4, 15); // 02:00 LHDT (+11) becomes 01:30 LHST (+10:30)
    expect(zoneOffset(lordHowe - 1000, 'Australia/Lord_Howe')).toBe(11 * 3_600_000);
    expect(zoneOffset(lordHowe, 'Australia/Lord_Howe')).toBe(10.5 * 3_600_000);
    // around every transition of a year in a zone with DST, both sides of the second
    for (let t = Date.UTC(2031, 0, 1); t < Date.UTC(2032, 0, 1); t += 3_600_000) {
      expect(zoneOffset(t, 'America/New_York'), new Date(t).toISOString()).toBe(intl(t, 'America/New_York'));
    }
  });

  it('leaves TZ as it was, set or not', () => {
    const before = process.env.TZ;
    try {
      delete process.env.TZ;
      zoneOffset(Date.UTC(2044, 5, 1), 'Asia/Tokyo');
      expect(process.env.TZ).toBeUndefined();
      expect('TZ' in process.env).toBe(false);
      process.env.TZ = 'America/Sao_Paulo';
      zoneOffset(Date.UTC(2045, 5, 1), 'Asia/Tokyo');
      expect(process.env.TZ).toBe('America/Sao_Paulo');
      expect(new Date(Date.UTC(2045, 5, 1)).getTimezoneOffset()).toBe(180);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('asks Intl for names TZ would misread, and for local mean times', () => {
    const t = Date.UTC(2026, 6, 1);
    for (const zone of ['Asia/Kolkata', 'US/Eastern', 'Etc/GMT+5', 'Etc/GMT-14', 'EST', 'asia/shanghai']) {
      expect(zoneOffset(t, zone), zone).toBe(intl(t, zone));
    }
    // learned from Intl a year at a time, to the same answers at every hour of the year
    const years: [string, number][] = [
      ['US/Eastern', 2031],
      ['asia/shanghai', 1988],
      ['Europe/Berlin', 1945],
      ['Asia/Shanghai', 1900],
    ];
    for (const [zone, year] of years) {
      for (let at = Date.UTC(year, 0, 1); at < Date.UTC(year + 1, 0, 1); at += 3_600_000 + 1000) {
        expect(zoneOffset(at, zone), `${zone} ${new Date(at).toISOString()}`).toBe(intl(at, zone));
      }
    }
    const lmt = Date.UTC(1900, 0, 1);
    expect(zoneOffset(lmt, 'Asia/Shanghai')).toBe(intl(lmt, 'Asia/Shanghai'));
    expect(zoneOffset(lmt, 'Asia/Shanghai') % 60_000).not.toBe(0); // +08:05:43
  });

  it('asks Intl in a worker thread, where TZ does not move the clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zone-worker-'));
    const bundle = join(dir, 'zone-rules.mjs');
    await build({
      entryPoints: ['src/domain/zone-rules.ts'],
      bundle: true,
      format: 'esm',
      outfile: bundle,
      logLevel: 'error',
    });
    const script = join(dir, 'worker.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
       import { zoneOffset } from ${JSON.stringify(bundle)};
       parentPort.postMessage([Date.UTC(2026, 6, 1), Date.UTC(2026, 0, 1)].map((t) => zoneOffset(t, 'Europe/Berlin')));`,
    );
    const answer = await new Promise((resolve, reject) => {
      const worker = new Worker(script);
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(answer).toEqual([7_200_000, 3_600_000]);
    // and the same bundle on a main thread takes the quick way, to the same answer
    const main = join(dir, 'main.mjs');
    writeFileSync(
      main,
      `import { zoneOffset } from ${JSON.stringify(bundle)}; console.log(zoneOffset(Date.UTC(2026, 6, 1), 'Europe/Berlin'));`,
    );
    expect(execFileSync(process.execPath, [main], { encoding: 'utf8' }).trim()).toBe('7200000');
  });

  it('knows valid zones, aliases and spellings as Intl does', () => {
    for (const zone of ['Asia/Shanghai', 'UTC', 'Asia/Kolkata', 'asia/shanghai', 'Etc/GMT+5']) {
      expect(isValidTimeZone(zone), zone).toBe(true);
    }
    for (const zone of ['Mars/Olympus', 'Asia/Shangai', '', '+08:00x']) expect(isValidTimeZone(zone), zone).toBe(false);
  });
});
