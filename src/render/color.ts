// Colour only where a person is looking: a TTY, no NO_COLOR. chalk 5 does not read
// NO_COLOR by itself, so the level is decided here. chalk takes ~15 ms to load: it is
// loaded (loadColor) only when some output may be coloured; otherwise painting is plain.
import type { Chalk as ChalkClass } from 'chalk';

export type Paint = (text: string) => string;
/** What commands paint with: the styles they use (chalk's instances are such painters). */
export interface Painter {
  bold: Paint & { yellow: Paint };
  red: Paint;
  yellow: Paint;
  green: Paint;
  cyan: Paint;
  dim: Paint;
}

const same: Paint = (text) => text;
const PLAIN: Painter = {
  bold: Object.assign((text: string) => text, { yellow: same }),
  red: same,
  yellow: same,
  green: same,
  cyan: same,
  dim: same,
};

let Chalk: typeof ChalkClass | null = null;

export function colorLevel(isTTY: boolean, env: NodeJS.ProcessEnv): 0 | 1 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR === '0' ? 0 : 1;
  return isTTY && env.TERM !== 'dumb' ? 1 : 0;
}

/** Loads chalk; the entry point calls it before a command whose output may be coloured. */
export async function loadColor(): Promise<void> {
  Chalk ??= (await import('chalk')).Chalk;
}

export function colorFor(isTTY: boolean, env: NodeJS.ProcessEnv): Painter {
  const level = colorLevel(isTTY, env);
  return level && Chalk ? new Chalk({ level }) : PLAIN;
}
