// The merge driver as this clone registers it (`init`), and the checks that keep a merge from
// going wrong in silence: a driver registered by an install since moved or removed, and a
// merge git has not finished, which a command's commit would otherwise complete.
import { existsSync } from 'node:fs';
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
  const missing = `echo "aftersales merge driver: neither ${script.replaceAll("'", '')} nor aftersales on PATH; conflict markers left in $4 (install aftersales, then run aftersales init)" >&2`;
  return [
    'f() {',
    `if [ -x ${node} ] && [ -f ${script} ]; then exec ${node} ${script} merge-file "$@";`,
    'elif command -v aftersales >/dev/null 2>&1; then exec aftersales merge-file "$@";',
    `else ${missing}; git merge-file -L ours -L base -L theirs "$2" "$1" "$3"; exit 1; fi;`,
    '}; f %O %A %B %P',
  ].join(' ');
}

/** Whether this clone's registered driver is this install's: null when it is, else why not. */
export async function driverProblem(root: string): Promise<'missing' | 'moved' | null> {
  const driver = (await git(root, ['config', '--get', 'merge.aftersales.driver'])).stdout.trim();
  if (!driver) return 'missing';
  return driver === mergeDriverCommand() ? null : 'moved';
}

/** A merge git has not finished: a command's commit would complete it with whatever the files
 * hold, so commands that write refuse until it is finished. */
export function refuseDuringMerge(paths: StorePaths): void {
  if (paths.gitDir && existsSync(join(paths.gitDir, 'MERGE_HEAD'))) throw new AftersalesError('mergeInProgress');
}
