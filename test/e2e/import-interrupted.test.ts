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
    writeFileSync(join(dir, 'calls.csv'), rows(6000));
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
      n < 400 && !(existsSync(runtime) && readdirSync(runtime).some((f) => f.startsWith('staged-')));
      n++
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, stderr).toBe(130);
    expect(readdirSync(join(dir, 'issues')).filter((f) => f.endsWith('.yaml'))).toEqual([]);
    expect(readdirSync(runtime).filter((f) => f.startsWith('staged-'))).toEqual([]);
    expect(commits(dir)).toEqual(before);
    expect(git(dir, ['status', '--porcelain', '--', 'issues'])).toBe('');
  }, 120_000);
});
