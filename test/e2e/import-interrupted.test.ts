// An import is all-or-nothing, even when it is interrupted: Ctrl-C leaves no file and no commit.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, commits, git, NOW, plantStore, testEnv } from '../helpers.js';

const rows = (n: number, prefix = '问题') =>
  `title,type,severity,customer\n${Array.from({ length: n }, (_, i) => `${prefix} ${i},hardware,high,客户${i}`).join('\n')}\n`;

describe('import, interrupted', () => {
  it('Ctrl-C part way leaves no new file, no staged file, no commit and a clean index', async () => {
    const dir = await plantStore();
    const before = commits(dir);
    // rows enough that writing them takes a while on a fast machine: the signal must come then
    writeFileSync(join(dir, 'calls.csv'), rows(15000));
    const child = spawn(process.execPath, [BIN, 'import', 'calls.csv'], {
      cwd: dir,
      env: testEnv({ AFTERSALES_NOW: NOW }),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // stop it while it writes the files (the staging folder exists from then on)
    const runtime = join(dir, '.git', 'aftersales');
    for (
      let n = 0;
      n < 16000 && !(existsSync(runtime) && readdirSync(runtime).some((f) => f.startsWith('staged-')));
      n++
    ) {
      await new Promise((r) => setTimeout(r, 5));
    }
    // a loaded machine may take long to reach the writing; a signal before it proves nothing
    expect(
      readdirSync(runtime).some((f) => f.startsWith('staged-')),
      'the import never began writing',
    ).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, stderr).toBe(130);
    expect(readdirSync(join(dir, 'issues')).filter((f) => f.endsWith('.yaml'))).toEqual([]);
    expect(readdirSync(runtime).filter((f) => f.startsWith('staged-'))).toEqual([]);
    expect(commits(dir)).toEqual(before);
    expect(git(dir, ['status', '--porcelain', '--', 'issues'])).toBe('');
  }, 120_000);

  it('a kill while git commits: the import lands whole or not at all, and the lock is released', async () => {
    const dir = await plantStore();
    const before = commits(dir);
    writeFileSync(join(dir, 'calls.csv'), rows(4000));
    const child = spawn(process.execPath, [BIN, 'import', 'calls.csv'], {
      cwd: dir,
      env: testEnv({ AFTERSALES_NOW: NOW }),
    });
    const issues = join(dir, 'issues');
    const landed = () => readdirSync(issues).filter((f) => f.endsWith('.yaml')).length;
    // every file moved in: git is adding and committing them now
    for (let n = 0; n < 2400 && landed() < 4000; n++) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
    const made = commits(dir).length - before.length;
    expect([0, 1]).toContain(made);
    expect(landed()).toBe(made ? 4000 : 0);
    expect(git(dir, ['status', '--porcelain', '--', 'issues'])).toBe('');
    expect(existsSync(join(dir, '.git', 'aftersales', 'write.lock'))).toBe(false);
  }, 120_000);
});
