// Finding the store: walk up from the working folder to `.aftersales/config.yaml`, like
// git finds `.git`; and the git folder that holds what is never committed (lock, index).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AftersalesError } from '../errors.js';

export interface StorePaths {
  root: string;
  configFile: string;
  issuesDir: string;
  /** the repository's git dir, or null outside git */
  gitDir: string | null;
  /** where runtime files live: <gitdir>/aftersales, else .aftersales/.runtime */
  runtimeDir: string;
}

export const CONFIG_REL = '.aftersales/config.yaml';

export function findStoreRoot(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, CONFIG_REL))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The git dir of the repository containing `dir` (handles `.git` files of worktrees). */
export function findGitDir(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      if (statSync(dotGit).isDirectory()) return dotGit;
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      if (m?.[1]) return resolve(dir, m[1].trim());
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** A store file's path from the repository's top (what CI annotations need). */
export function repoRelative(paths: StorePaths, fileInStore: string): string {
  const top = paths.gitDir && basename(paths.gitDir) === '.git' ? dirname(paths.gitDir) : paths.root;
  return relative(top, join(paths.root, fileInStore)).split(sep).join('/');
}

export function storePaths(root: string): StorePaths {
  const gitDir = findGitDir(root);
  return {
    root,
    configFile: join(root, CONFIG_REL),
    issuesDir: join(root, 'issues'),
    gitDir,
    runtimeDir: gitDir ? join(gitDir, 'aftersales') : join(root, '.aftersales', '.runtime'),
  };
}

export function locateStore(cwd: string): StorePaths {
  if (!existsSync(cwd)) throw new AftersalesError('noSuchDir', { dir: cwd });
  const root = findStoreRoot(cwd);
  if (!root) throw new AftersalesError('notInStore', { cwd });
  return storePaths(root);
}
