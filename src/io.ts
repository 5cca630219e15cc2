// How a command talks to the user: the streams, whether they are terminals, the
// environment. Kept light: the entry point imports this and nothing heavier.
import { colorFor, type Painter } from './render/color.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** terminal width when stdout is a TTY */
  columns?: number;
}

export interface Globals {
  cwd: string;
  lang?: string;
  /** false for --no-index */
  index?: boolean;
}

export const out = (io: Io, text: string) => io.stdout.write(`${text}\n`);
export const say = (io: Io, text: string) => io.stderr.write(`${text}\n`);

export function paint(io: Io, stream: 'stdout' | 'stderr' = 'stdout'): Painter {
  return colorFor(stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY, io.env);
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}
