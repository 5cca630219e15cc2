// The merge driver as this clone registers it (`init`), and the checks that keep a merge from
// going wrong in silence: a driver registered by an install since moved or removed, and a
// merge git has not finished, which a command's commit would otherwise complete.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AftersalesError } from '../errors.js';
import { packagePath } from '../package-root.js';
import type { StorePaths } from '../store/locate.js';
import { git, shellQuote } from './git.js';

/** What git runs for an issue file: this install (node and script by absolute path), else the
 * `aftersales` on PATH; with neither, git's own conflict markers and a sentence saying why, so a
 * pull never "conflicts" silently with one side's file left as it was. */
export function mergeDriverCommand(): string {
  const [node, script] = [shellQuote(process.execPath), shellQuote(packagePath('bin', 'aftersales.js'))];
  // single quotes only: an install path may hold any character
  const missing = `echo 'aftersales merge driver: neither '${script}' nor aftersales on PATH; conflict markers left (install aftersales, then run aftersales init)' >&2`;
  return [
    'f() {',
    `if [ -x ${node} ] && [ -f ${script} ]; then exec ${node} ${script} merge-file "$@";`,
    'elif command -v aftersales >/dev/null 2>&1; then exec aftersales merge-file "$@";',
    `else ${missing}; git merge-file -L ours -L base -L theirs "$2" "$1" "$3"; exit 1; fi;`,
    '}; f %O %A %B %P',
  ].join(' ');
}

/** Whether this clone's registered driver is this install's: null when it is, else why not. The
 * clone's own config file is read where it holds the setting (a git process costs every command
 * that writes a few milliseconds); git is asked otherwise (worktrees, includes). */
export async function driverProblem(root: string, gitDir: string | null): Promise<'missing' | 'moved' | null> {
  const driver =
    (gitDir && registeredDriver(gitDir)) ??
    (await git(root, ['config', '--get', 'merge.aftersales.driver'])).stdout.trim();
  if (!driver) return 'missing';
  return driver === mergeDriverCommand() ? null : 'moved';
}

/** `driver` of `[merge "aftersales"]` in <gitdir>/config, unquoted as git wrote it; null if absent. */
export function registeredDriver(gitDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(gitDir, 'config'), 'utf8');
  } catch {
    return null;
  }
  const section = /^\s*\[merge "aftersales"\]\s*$([\s\S]*?)(?=^\s*\[|(?![\s\S]))/m.exec(text)?.[1];
  const raw = section && /^\s*driver\s*=\s*(.*)$/m.exec(section)?.[1];
  if (!raw) return null;
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\') {
      const n = raw[++i];
      out += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ';' || c === '#')) break;
    else out += c;
  }
  return out.trim();
}

/** A merge git has not finished: a command's commit would complete it with whatever the files
 * hold, so commands that write refuse until it is finished. */
export function refuseDuringMerge(paths: StorePaths): void {
  if (paths.gitDir && existsSync(join(paths.gitDir, 'MERGE_HEAD'))) throw new AftersalesError('mergeInProgress');
}
