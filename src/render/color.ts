// Colour only where a person is looking: a TTY, no NO_COLOR. chalk 5 does not read
// NO_COLOR by itself, so the level is decided here.
import { Chalk, type ChalkInstance } from 'chalk';

export function colorFor(isTTY: boolean, env: NodeJS.ProcessEnv): ChalkInstance {
  let level: 0 | 1 | 2 | 3 = isTTY && env.TERM !== 'dumb' ? 1 : 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') level = 0;
  else if (env.FORCE_COLOR !== undefined) level = env.FORCE_COLOR === '0' ? 0 : 1;
  return new Chalk({ level });
}
