// The store as it was at a git revision, read through git (nothing is checked out), so
// an auditor can re-derive last quarter's figures from the repository alone.
import { expandConfigEnv } from '../domain/config-env.js';
import { relative, sep } from 'node:path';
import { Config } from '../domain/config.js';
import { Issue } from '../domain/issue.js';
import { AftersalesError } from '../errors.js';
import { git } from '../git/git.js';
import type { StorePaths } from './locate.js';
import { loadYaml } from './yaml.js';
import { runEnv } from '../io.js';
import { safeParse } from '../domain/safe-parse.js';

export interface StoreAtRevision {
  commit: string;
  /** the commit's date: "now" for a report at that revision */
  date: Date;
  config: Config;
  issues: Issue[];
}

/** Split `git cat-file --batch` output into the blobs it holds, in request order. */
function splitBatch(out: Buffer): (string | null)[] {
  const blobs: (string | null)[] = [];
  let pos = 0;
  while (pos < out.length) {
    const eol = out.indexOf(0x0a, pos);
    const header = out.subarray(pos, eol).toString('utf8');
    pos = eol + 1;
    const m = /^\S+ blob (\d+)$/.exec(header);
    if (!m) {
      blobs.push(null); // "<name> missing"
      continue;
    }
    const size = Number(m[1]);
    blobs.push(out.subarray(pos, pos + size).toString('utf8'));
    pos += size + 1;
  }
  return blobs;
}

export async function storeAtRevision(paths: StorePaths, rev: string): Promise<StoreAtRevision> {
  const top = (await git(paths.root, ['rev-parse', '--show-toplevel'])).stdout.trim();
  const prefix = relative(top, paths.root).split(sep).filter(Boolean).join('/');
  const at = (p: string) => (prefix ? `${prefix}/${p}` : p);
  const resolved = await git(paths.root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (resolved.code !== 0) throw new AftersalesError('badRevision', { rev, reason: 'unknown revision' });
  const commit = resolved.stdout.trim();
  const date = new Date((await git(paths.root, ['show', '-s', '--format=%cI', commit])).stdout.trim());
  const configText = await git(top, ['show', `${commit}:${at('.aftersales/config.yaml')}`]);
  if (configText.code !== 0) throw new AftersalesError('revisionNoStore', { rev });
  const parsed = safeParse(Config, expandConfigEnv(loadYaml(configText.stdout).data ?? {}, runEnv()));
  if (!parsed.success) throw new AftersalesError('revisionBadConfig', { rev });
  const config = parsed.data;
  const listed = await git(top, ['ls-tree', '-r', '--name-only', commit, '--', at('issues/')]);
  const files = listed.stdout.split('\n').filter((f) => f.endsWith('.yaml'));
  const issues: Issue[] = [];
  if (files.length) {
    const batch = await catFileBatch(
      top,
      files.map((f) => `${commit}:${f}`),
    );
    for (const text of batch) {
      if (text === null) continue;
      const parsed = safeParse(Issue, loadYaml(text).data ?? {});
      if (parsed.success) issues.push(parsed.data);
    }
  }
  return { commit, date, config, issues };
}

export async function catFileBatch(cwd: string, objects: string[]): Promise<(string | null)[]> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'ignore'], env: runEnv() });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('error', reject);
    child.on('close', () => resolvePromise(splitBatch(Buffer.concat(chunks))));
    child.stdin.end(`${objects.join('\n')}\n`);
  });
}
