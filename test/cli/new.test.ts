import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commits, git, newIssue, NOW, ok, plantStore, read, run, runProcess, write } from '../helpers.js';

const FLAGS = ['--title', 'X100 主轴低速异响', '--type', 'hardware', '--severity', 'high', '--customer', '华东机械厂'];

describe('aftersales new', () => {
  it('registers from flags: the ID is the last line of stdout, one commit names it', async () => {
    const dir = await plantStore();
    const r = await run(
      dir,
      [
        'new',
        ...FLAGS,
        '--contact',
        '张工 13800138000',
        '--product',
        'X100',
        '--component',
        '主轴',
        '--description',
        '低速运行时主轴异响\n客户要求现场检查',
        '--occurred-at',
        '2026-11-22 16:30',
        '--expected-by',
        '2026-11-30',
        '--source',
        'customer',
      ],
      { env: { AFTERSALES_NOW: NOW } },
    );
    expect(r.code).toBe(0);
    const id = r.stdout.trim();
    expect(id).toMatch(/^AS-[0-9A-Z]{4}-[0-9A-Z]{6}$/);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain(`Registered ${id}`);
    const text = read(dir, `issues/${id}.yaml`);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../.aftersales/issue.schema.json');
    expect(text).toContain('status: assigned'); // dispatched by the plant's rule at once
    expect(text).toContain('line: A'); // from the product catalogue
    expect(text).toContain('occurred_at: "2026-11-22T16:30:00+08:00"');
    expect(text).toContain('expected_by: "2026-11-30T23:59:59+08:00"');
    expect(text).toContain('reported_at: "2026-11-23T10:00:00+08:00"');
    expect(text).toContain('resolution: "2026-11-28T10:00:00+08:00"'); // high: 5d
    expect(text).toContain('by: li.si'); // the git identity, mapped to a person
    expect(commits(dir)[0]).toBe(`${id}: register — X100 主轴低速异响`);
    const body = git(dir, ['log', '-1', '--format=%an <%ae>%n%b']);
    expect(body).toContain('li.si <li.si@example.com>');
    expect(body).toContain(`Aftersales-Issue: ${id}`);
    expect(body).toContain('Aftersales-Action: register');
    expect(git(dir, ['show', '--stat', '--format=', 'HEAD']).trim().split('\n')).toHaveLength(2); // one file + summary
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });

  it('commits only its own files: what the user has staged stays staged, out of the commit', async () => {
    const dir = await plantStore();
    write(dir, 'NOTES.md', 'draft\n');
    git(dir, ['add', 'NOTES.md']);
    const r = await run(dir, ['new', ...FLAGS], { env: { AFTERSALES_NOW: NOW } });
    expect(r.code).toBe(0);
    const id = r.stdout.trim();
    expect(git(dir, ['show', '--name-only', '--format=', 'HEAD']).trim()).toBe(`issues/${id}.yaml`);
    expect(git(dir, ['status', '--porcelain'])).toBe('A  NOTES.md\n');
    // and with nothing else staged, the commit is the same one file
    git(dir, ['reset', '-q', 'NOTES.md']);
    const second = (await run(dir, ['new', ...FLAGS], { env: { AFTERSALES_NOW: NOW } })).stdout.trim();
    expect(git(dir, ['show', '--name-only', '--format=', 'HEAD']).trim()).toBe(`issues/${second}.yaml`);
    expect(git(dir, ['status', '--porcelain'])).toBe('?? NOTES.md\n');
  });

  it('--json prints the issue with every key scripts rely on', async () => {
    const dir = await plantStore();
    const r = await run(dir, ['new', ...FLAGS, '--json'], { env: { AFTERSALES_NOW: NOW } });
    const issue = JSON.parse(r.stdout);
    for (const key of [
      'id',
      'title',
      'status',
      'type',
      'severity',
      'customer',
      'product',
      'assignee',
      'cc',
      'reported_at',
      'expected_by',
      'due',
      'rca',
      'actions',
      'acceptance',
      'history',
    ]) {
      expect(issue).toHaveProperty(key);
    }
    expect(issue.customer).toEqual({ name: '华东机械厂', contact: null });
    expect(issue.assignee).toEqual({ team: null, person: null });
    expect(issue.due.response).toBe('2026-11-23T14:00:00+08:00');
    expect(issue.acceptance).toMatchObject({ rounds: [], result: null, score: null, satisfaction: null });
    expect(issue.history[0]).toMatchObject({
      at: NOW,
      by: 'li.si',
      action: 'register',
      from: null,
      to: 'new',
      note: null,
    });
  });

  it('copies attachments under attachments/<ID>/ with their sha256, in the same commit', async () => {
    const dir = await plantStore();
    write(dir, '../photo.jpg', 'not really a jpeg');
    const src = join(dir, '..', 'photo.jpg');
    const id = await newIssue(dir, { attach: src });
    expect(read(dir, `attachments/${id}/photo.jpg`)).toBe('not really a jpeg');
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update('not really a jpeg').digest('hex');
    expect(issue.attachments).toEqual([{ path: `attachments/${id}/photo.jpg`, sha256, size: 17 }]);
    expect(git(dir, ['show', '--name-only', '--format=', 'HEAD']).trim().split('\n').sort()).toEqual([
      `attachments/${id}/photo.jpg`,
      `issues/${id}.yaml`,
    ]);
  });

  it('refuses bad input with one sentence, exit 2, and writes nothing', async () => {
    const dir = await plantStore();
    const cases: [string[], RegExp][] = [
      [['--title', 'x', '--severity', 'high', '--customer', 'c'], /Missing --type: stdin is not a terminal/],
      [
        ['--title', 'x', '--type', 'firmware', '--severity', 'high', '--customer', 'c'],
        /Unknown type 'firmware'; use one of: software-bug, hardware/,
      ],
      [['--title', 'x', '--type', 'hardware', '--severity', 'urgent', '--customer', 'c'], /urgent/],
      [[...FLAGS, '--expected-by', '2026-13-45'], /--expected-by: '2026-13-45' is not a date/],
      [[...FLAGS, '--occurred-at', '2027-01-01'], /is in the future/],
      [[...FLAGS, '--attach', 'no-such-file.pdf'], /Attachment .*no-such-file\.pdf does not exist/],
      [[...FLAGS, '--source', 'twitter'], /Unknown source 'twitter'/],
    ];
    for (const [args, message] of cases) {
      const r = await run(dir, ['new', ...args], { env: { AFTERSALES_NOW: NOW } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).toBe('');
    }
    expect(readdirSync(join(dir, 'issues')).filter((f) => f.endsWith('.yaml'))).toEqual([]);
    expect(commits(dir)).toHaveLength(2);
  });

  it("--failure-mode takes one of the config's failure modes; the card and validate know them", async () => {
    const dir = await plantStore();
    const file = '.aftersales/config.yaml';
    const modes = 'failure_modes:\n  - { id: spindle-noise, label: { en: Spindle noise, zh-CN: 主轴异响 } }\n\n';
    write(dir, file, read(dir, file).replace('dispatch:\n', `${modes}dispatch:\n`));
    git(dir, ['commit', '-qam', 'failure modes']);
    const refused = await run(dir, ['new', ...FLAGS, '--failure-mode', 'spindle-nois'], {
      env: { AFTERSALES_NOW: NOW },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "aftersales: Unknown failure mode 'spindle-nois'; the config's failure_modes are: spindle-noise.\n",
    );
    expect(readdirSync(join(dir, 'issues'))).toEqual(['.gitkeep']);
    const id = (
      await ok(dir, ['new', ...FLAGS, '--failure-mode', 'spindle-noise'], { env: { AFTERSALES_NOW: NOW } })
    ).trim();
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).failure_mode).toBe('spindle-noise');
    expect(await ok(dir, ['show', id, '--lang', 'zh-CN'])).toMatch(/失效模式\s+主轴异响/);
    write(
      dir,
      `issues/${id}.yaml`,
      read(dir, `issues/${id}.yaml`).replace('failure_mode: spindle-noise', 'failure_mode: oil-leak'),
    );
    const bad = await run(dir, ['validate']);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/failure_mode.*oil-leak.*spindle-noise/);
  });

  it('--no-commit and git.autoCommit: false write the file and leave committing to the user', async () => {
    const dir = await plantStore();
    const r = await run(dir, ['new', ...FLAGS, '--no-commit'], { env: { AFTERSALES_NOW: NOW } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/not committed/);
    expect(existsSync(join(dir, `issues/${r.stdout.trim()}.yaml`))).toBe(true);
    expect(commits(dir)).toHaveLength(2);
    write(
      dir,
      '.aftersales/config.yaml',
      read(dir, '.aftersales/config.yaml').replace('acceptance:', 'git: { autoCommit: false }\nacceptance:'),
    );
    await newIssue(dir);
    expect(commits(dir)).toHaveLength(2);
  });

  it('a failed commit keeps the file and says exactly what to run', async () => {
    const dir = await plantStore();
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "policy: commits are frozen" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const r = await run(dir, ['new', ...FLAGS], { env: { AFTERSALES_NOW: NOW } });
    expect(r.code).toBe(2);
    const id = readdirSync(join(dir, 'issues'))
      .find((f) => f.endsWith('.yaml'))
      ?.slice(0, -5);
    expect(id).toBeTruthy();
    expect(r.stderr).toContain(`Saved issues/${id}.yaml, but the git commit failed: policy: commits are frozen.`);
    expect(r.stderr).toContain(
      `git add -- issues/${id}.yaml && git commit -m '${id}: register — X100 主轴低速异响' -- issues/${id}.yaml`,
    );
    expect(git(dir, ['status', '--porcelain'])).toBe(`?? issues/${id}.yaml\n`);
  });

  it('without a git identity the commit fails with how to set one', async () => {
    const dir = await plantStore();
    git(dir, ['config', '--unset', 'user.email']);
    git(dir, ['config', '--unset', 'user.name']);
    git(dir, ['config', 'user.useConfigOnly', 'true']);
    const r = await run(dir, ['new', ...FLAGS], { env: { AFTERSALES_NOW: NOW, EMAIL: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/git does not know who you are \(set it with git config user.name/);
  });

  it('two processes registering at once both land, each in its own commit', async () => {
    const dir = await plantStore();
    const runs = await Promise.all(
      [1, 2, 3].map((n) =>
        runProcess(dir, ['new', ...FLAGS.slice(0, 1), `并发 ${n}`, ...FLAGS.slice(2)], {
          env: { AFTERSALES_NOW: NOW },
        }),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(new Set(runs.map((r) => r.stdout.trim())).size).toBe(3);
    expect(commits(dir)).toHaveLength(5);
    expect(existsSync(join(dir, '.git', 'index.lock'))).toBe(false);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });
});
