// How a command talks to the user: the streams, whether they are terminals, the
// environment. Kept light: the entry point imports this and nothing heavier.
import { isatty } from 'node:tty';
import { colorFor, colorLevel, type Painter } from './render/color.js';

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
  /** where the command was started (-C is taken from here) */
  cwd: string;
}

export interface Globals {
  cwd: string;
  lang?: string;
  /** false for --no-index */
  index?: boolean;
}

/** Text to a stream as it is, or as a terminal may show it (forTerminal) where it is one. */
export function write(io: Io, stream: 'stdout' | 'stderr', text: string): void {
  const tty = stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
  io[stream].write(tty ? forTerminal(text, colorLevel(true, io.env) > 0) : text);
}
export const out = (io: Io, text: string) => write(io, 'stdout', `${text}\n`);
export const say = (io: Io, text: string) => write(io, 'stderr', `${text}\n`);

// Control characters but newline and tab, and escape sequences other than our own colours.
const CONTROLS = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text as a terminal may show it: a customer's title cannot clear the screen, retitle the
 * window or fake a line of output. Each control character is shown as its picture (␛ for ESC,
 * ␀ for NUL); colour codes stay where colour is on (ours; a user's can only colour). */
export function forTerminal(text: string, colors: boolean): string {
  return text.replace(CONTROLS, (m) => {
    if (m.length > 1) return colors ? m : `␛${m.slice(1)}`; // a colour code
    const code = m.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code); // its picture: ␀ … ␟
    return code === 0x7f ? '␡' : `\\x${code.toString(16)}`;
  });
}

export function paint(io: Io, stream: 'stdout' | 'stderr' = 'stdout'): Painter {
  return colorFor(stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY, io.env);
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // process.stdin makes a stream (~4 ms) that few commands read: made when one does
    get stdin() {
      return process.stdin;
    },
    stdinIsTTY: isatty(0),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    cwd: process.cwd(),
  };
}

/** The io of the command running now. main() sets it, so that what lies below the commands
 * (git's environment, the debug lines) follows the command's environment, not the process's:
 * tests run many commands in one process, each with its own. */
let running: Io | null = null;

export function setRunning(io: Io): void {
  running = io;
}

/** The environment of the running command. */
export function runEnv(): NodeJS.ProcessEnv {
  return running?.env ?? process.env;
}

/** A line for AFTERSALES_DEBUG_INDEX=1 (what the index reused, parsed and saved). */
export function debugIndex(line: string): void {
  if (runEnv().AFTERSALES_DEBUG_INDEX === '1') (running?.stderr ?? process.stderr).write(`${line}\n`);
}
