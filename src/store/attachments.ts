// Files attached to a history event (`--attach` on contact, confirm, review, action, comment,
// accept) or to an acceptance answer (the answers file's `attach:`):
// kept in the repository under attachments/<ID>/, named by their content, and named in the
// event with their sha256, so `validate` can tell a file changed or lost since.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Issue } from '../domain/issue.js';
import { AftersalesError } from '../errors.js';
import { sha256 } from './files.js';

export interface Attached {
  source: string;
  record: { path: string; sha256: string; size: number };
}

/** The files to attach, each read and hashed now; a missing one is refused before anything is written. */
export function readAttachments(cwd: string, id: string, paths: readonly string[]): Attached[] {
  return paths.map((p) => {
    const source = resolve(cwd, p);
    let isFile = false;
    try {
      isFile = statSync(source).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) throw new AftersalesError('attachmentMissing', { path: source });
    const bytes = readFileSync(source);
    const hash = sha256(bytes);
    const path = `attachments/${id}/${hash.slice(0, 12)}-${basename(source)}`;
    return { source, record: { path, sha256: hash, size: bytes.length } };
  });
}

/** The issue with its latest event naming the files; the files copied in. Returns their paths. */
export function attachToLastEvent(
  root: string,
  issue: Issue,
  files: readonly Attached[],
): { issue: Issue; paths: string[] } {
  if (!files.length) return { issue, paths: [] };
  const history = [...issue.history];
  const last = history.length - 1;
  history[last] = { ...(history[last] as Issue['history'][number]), attachments: files.map((f) => f.record) };
  return { issue: { ...issue, history }, paths: copyIn(root, issue.id, files) };
}

/** The files copied under attachments/<ID>/ (a file already there is the same content). */
export function copyIn(root: string, id: string, files: readonly Attached[]): string[] {
  for (const f of files) {
    mkdirSync(join(root, 'attachments', id), { recursive: true });
    if (!existsSync(join(root, f.record.path))) copyFileSync(f.source, join(root, f.record.path));
  }
  return files.map((f) => f.record.path);
}
