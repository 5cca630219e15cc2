// `aftersales sync`: pull (merging issue files with the driver), then push; with a clear
// word when the remote is ahead, unreachable or refuses.
import { say, type Globals, type Io } from '../context.js';
import { AftersalesError } from '../errors.js';
import { firstLine as first, git } from '../git/git.js';
import { t } from '../i18n/index.js';
import { locateStore } from '../store/locate.js';

export interface SyncOptions {
  remote?: string;
  push?: boolean;
}

export async function run(opts: SyncOptions, globals: Globals, io: Io): Promise<number> {
  const { root } = locateStore(globals.cwd);
  const remote = opts.remote ?? 'origin';
  const driver = await git(root, ['config', '--get', 'merge.aftersales.driver']);
  if (driver.code !== 0) say(io, t('syncNoDriver'));
  const branch = (await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).stdout.trim();
  if (!branch) throw new AftersalesError('syncDetached');
  const status = await git(root, ['status', '--porcelain', '--untracked-files=no']);
  if (status.stdout.trim()) throw new AftersalesError('syncDirty');
  if ((await git(root, ['remote', 'get-url', remote])).code !== 0)
    throw new AftersalesError('syncNoRemote', { remote });
  const pull = await git(root, ['pull', '--no-rebase', '--no-edit', remote, branch]);
  if (pull.code !== 0) {
    const why = `${pull.stderr}\n${pull.stdout}`;
    if (/CONFLICT|Automatic merge failed/.test(why)) throw new AftersalesError('syncConflict');
    if (/couldn't find remote ref/i.test(why)) say(io, t('syncNewBranch', { branch, remote }));
    else if (
      /Could not read from remote|unable to access|does not appear to be a git repository|Could not resolve host/i.test(
        why,
      )
    ) {
      throw new AftersalesError('syncUnreachable', { remote, reason: first(pull.stderr) });
    } else throw new AftersalesError('gitFailed', { command: 'pull', reason: first(pull.stderr) });
  } else {
    say(io, /Already up to date/i.test(pull.stdout) ? t('syncUpToDate', { remote }) : t('syncPulled', { remote }));
  }
  if (opts.push === false) return 0;
  const push = await git(root, ['push', remote, `HEAD:${branch}`]);
  if (push.code !== 0) {
    if (/rejected|fetch first|non-fast-forward/i.test(push.stderr))
      throw new AftersalesError('syncRejected', { remote });
    throw new AftersalesError('syncUnreachable', { remote, reason: first(push.stderr) });
  }
  say(io, t('syncPushed', { remote, branch }));
  return 0;
}
