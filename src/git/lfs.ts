// Attachments in Git LFS (`init --lfs`): test reports, photos and videos stay out of the
// history every clone downloads; git keeps a pointer, LFS the bytes. Only the `.gitattributes`
// line is shared; each clone installs LFS's hooks itself (`git lfs install --local`).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './git.js';

export const LFS_LINE = 'attachments/** filter=lfs diff=lfs merge=lfs -text';

export async function lfsInstalled(root: string): Promise<boolean> {
  return (await git(root, ['lfs', 'version']).catch(() => null))?.code === 0;
}

/** Whether the store's .gitattributes keeps attachments in LFS. */
export function usesLfs(root: string): boolean {
  const file = join(root, '.gitattributes');
  return (
    existsSync(file) &&
    readFileSync(file, 'utf8')
      .split('\n')
      .some((l) => l.trim() === LFS_LINE)
  );
}

/** The line added to .gitattributes (false: it was there already). */
export function trackAttachments(root: string): boolean {
  if (usesLfs(root)) return false;
  const file = join(root, '.gitattributes');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, `${before}${before && !before.endsWith('\n') ? '\n' : ''}${LFS_LINE}\n`);
  return true;
}

/** LFS's filters and hooks for this clone only. */
export async function installLfs(root: string): Promise<boolean> {
  return (await git(root, ['lfs', 'install', '--local'])).code === 0;
}

/** This clone has LFS's filter set (by `git lfs install`, local or global). */
export async function lfsFilterSet(root: string): Promise<boolean> {
  return Boolean((await git(root, ['config', '--get', 'filter.lfs.process'])).stdout.trim());
}

/** A file as git keeps it in LFS: the pointer, not the bytes (git-lfs missing, or not fetched). */
export const isLfsPointer = (bytes: Buffer): boolean =>
  bytes.length < 1024 && bytes.toString('latin1', 0, 40).startsWith('version https://git-lfs.github.com/spec/');
