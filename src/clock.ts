// The one clock. AFTERSALES_NOW replaces "now" for every command, so runs are repeatable.
import { parseIsoWithOffset } from './domain/time.js';
import { AftersalesError } from './errors.js';

export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.AFTERSALES_NOW;
  if (fixed === undefined || fixed === '') return new Date();
  const parsed = parseIsoWithOffset(fixed);
  if (!parsed) throw new AftersalesError('badNow', { value: fixed });
  return parsed;
}
