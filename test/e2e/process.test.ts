// The built CLI as a user's shell runs it: bin/aftersales.js as a process of its own, for
// what only a process shows — the start-up path, exit codes, output cut short, no stack trace.
// This folder is also the subset CI runs under the newest Node.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, NOW, ROOT, plantStore, read, runProcess, tempDir, testEnv } from '../helpers.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const at = { env: { AFTERSALES_NOW: NOW } };

/** `n` copies of the issue `new` printed the ID of, under IDs of their own: output to cut short. */
function copies(dir: string, printed: string, n: number): void {
  const id = printed.trim().split('\n').pop() as string;
  const text = read(dir, `issues/${id}.yaml`);
  for (let i = 0; i < n; i++) {
    const other = `AS-${id.slice(3, 7)}-${String(i).padStart(6, '0')}`;
    writeFileSync(join(dir, 'issues', `${other}.yaml`), text.replace(id, other));
  }
}

describe('the built CLI as a process', () => {
  it('answers --version on the fast path and through commander alike', async () => {
    const dir = tempDir();
    for (const args of [['--version'], ['-V'], ['--lang', 'zh-CN', '--version']]) {
      const r = await runProcess(dir, args);
      expect(r, args.join(' ')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('runs a small loop: init, new, list, show, comment; a bad ID is exit 2 in one sentence', async () => {
    const dir = await plantStore();
    const made = await runProcess(
      dir,
      ['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'high', '--customer', '华东机械厂'],
      at,
    );
    expect(made.code, made.stderr).toBe(0);
    const id = made.stdout.trim().split('\n').pop() as string;
    expect(id).toMatch(/^AS-[0-9A-Z]{4}-[0-9A-Z]{6}$/);
    const list = await runProcess(dir, ['list'], at);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(id);
    expect((await runProcess(dir, ['comment', id, '客户来电'], at)).code).toBe(0);
    const shown = await runProcess(dir, ['show', id, '--json'], at);
    expect(JSON.parse(shown.stdout).history.map((e: { action: string }) => e.action)).toContain('comment');
    expect(read(dir, `issues/${id}.yaml`)).toContain('客户来电');
    const bad = await runProcess(dir, ['show', 'QQQQ'], at);
    expect(bad).toEqual({
      code: 2,
      stdout: '',
      stderr: "aftersales: No issue matches 'QQQQ'; run `aftersales list` to see the IDs.\n",
    });
  });

  it('fails without waiting when a required flag is missing and stdin is not a terminal', async () => {
    const dir = await plantStore();
    const r = await runProcess(dir, ['new', '--title', '主轴异响'], at);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^aftersales: .*--type/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops quietly when its output is cut short (list | head -1)', async () => {
    const dir = await plantStore();
    const made = await runProcess(
      dir,
      [
        'new',
        '--title',
        '很长的标题'.repeat(20),
        '--type',
        'hardware',
        '--severity',
        'high',
        '--customer',
        '华东机械厂',
      ],
      at,
    );
    copies(dir, made.stdout, 1500);
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" ${BIN} list | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`],
      {
        cwd: dir,
        env: testEnv(at.env),
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toMatch(/^ID\s+STATUS[^\n]*\n$/);
    expect(r.stderr).toBe('exit=0\n');
  });

  it('keeps its exit code when the output is cut short (check | head -1 exits 1 with items overdue)', async () => {
    const dir = await plantStore();
    const made = await runProcess(
      dir,
      ['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'critical', '--customer', '华东'],
      at,
    );
    copies(dir, made.stdout, 3000);
    const late = { ...at.env, AFTERSALES_NOW: '2027-01-01T10:00:00+08:00' };
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" ${BIN} check | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`],
      {
        cwd: dir,
        env: testEnv(late),
        encoding: 'utf8',
      },
    );
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/overdue.*\nexit=1\n$/);
  });

  it('says so, exit 2, when its output cannot be written (a full disk)', async () => {
    const dir = await plantStore();
    await runProcess(
      dir,
      ['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'high', '--customer', '华东'],
      at,
    );
    const r = spawnSync('bash', ['-c', `"${process.execPath}" ${BIN} list > /dev/full; echo "exit=$?" >&2`], {
      cwd: dir,
      env: testEnv(at.env),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe(
      'aftersales: The output could not be written (ENOSPC); nothing was lost in the store.\nexit=2\n',
    );
  });
});
