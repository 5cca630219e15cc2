// A guard against tests that pass only near the day they were written: `new Date()` in this
// process reads 900 days ahead (AFTERSALES_TEST_SKEW_DAYS to change it), so a command run
// in-process without AFTERSALES_NOW sees another day than the one its expectation was written
// for (the one clock, src/clock.ts, reads `new Date()`). Date.now() stays true: it measures
// waits, timeouts and the age of lock files against the file system's times.
const days = Number(process.env.AFTERSALES_TEST_SKEW_DAYS ?? 900);
const skew = days * 86_400_000;
const RealDate = Date;

class SkewedDate extends RealDate {
  constructor(...args: [] | [string | number | Date] | [number, number, ...number[]]) {
    if (args.length === 0) super(RealDate.now() + skew);
    else if (args.length === 1) super(args[0]);
    else super(...(args as [number, number, number?, number?, number?, number?, number?]));
  }
}

globalThis.Date = SkewedDate as DateConstructor;
