// The one clock. AFTERSALES_NOW replaces "now" for every command, so runs are repeatable.
import { createHash, randomBytes } from 'node:crypto';
import { parseIsoWithOffset } from './domain/time.js';
import { AftersalesError } from './errors.js';

export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.AFTERSALES_NOW;
  if (fixed === undefined || fixed === '') return new Date();
  const parsed = parseIsoWithOffset(fixed);
  if (!parsed) throw new AftersalesError('badNow', { value: fixed });
  return parsed;
}

/** Random bytes for new IDs. AFTERSALES_SEED makes them repeatable (with AFTERSALES_NOW, the
 * demo and the README's tour come out byte for byte the same); otherwise crypto-random. */
export function idRandom(env: NodeJS.ProcessEnv = process.env): () => Uint8Array {
  const seed = env.AFTERSALES_SEED;
  if (!seed) return () => randomBytes(4);
  let draw = 0;
  return () =>
    createHash('sha256')
      .update(`${seed}:${env.AFTERSALES_NOW ?? ''}:${draw++}`)
      .digest()
      .subarray(0, 4);
}
