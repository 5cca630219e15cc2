import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AftersalesError } from '../../src/errors.js';
import { Store } from '../../src/store/store.js';
import { ROOT, newIssue, NOW, ok, plantStore, read, run, tempDir, write } from '../helpers.js';

describe('every command', () => {
  it('outside a store says how to start; -C runs elsewhere', async () => {
    const empty = tempDir();
    const r = await run(empty, ['list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `aftersales: No aftersales store in ${empty} or any folder above it; run \`aftersales init\` to create one, or pass -C DIR.\n`,
    );
    const dir = await plantStore();
    const id = await newIssue(dir);
    expect(await ok(empty, ['-C', dir, 'list', '--json'])).toContain(id);
    expect(await ok(join(dir, 'issues'), ['show', id, '--json'])).toContain(id); // found by walking up
    const missing = await run(empty, ['-C', join(empty, 'nope'), 'list']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/-C does not exist/);
  });

  it('takes all time from AFTERSALES_NOW and refuses a bad one', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, {}, { env: { AFTERSALES_NOW: '2026-01-02T03:04:05-05:00' } });
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).reported_at).toBe('2026-01-02T16:04:05+08:00');
    const r = await run(dir, ['list'], { env: { AFTERSALES_NOW: 'yesterday' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/AFTERSALES_NOW='yesterday' is not an ISO 8601 date-time with offset/);
  });

  it('speaks Simplified Chinese by --lang, AFTERSALES_LANG, the config, or LANG', async () => {
    const dir = await plantStore();
    const zh = /没有与 'QQQQ' 匹配的问题/;
    expect((await run(dir, ['show', 'QQQQ', '--lang', 'zh-CN'])).stderr).toMatch(zh);
    expect((await run(dir, ['--lang', 'zh-CN', 'show', 'QQQQ'])).stderr).toMatch(zh);
    expect((await run(dir, ['show', 'QQQQ'], { env: { AFTERSALES_LANG: 'zh-CN' } })).stderr).toMatch(zh);
    expect((await run(dir, ['show', 'QQQQ'], { env: { LANG: 'zh_CN.UTF-8' } })).stderr).toMatch(zh);
    expect((await run(dir, ['show', 'QQQQ'])).stderr).toMatch(/No issue matches/);
    write(dir, '.aftersales/config.yaml', `locale: zh-CN\n${read(dir, '.aftersales/config.yaml')}`);
    expect((await run(dir, ['show', 'QQQQ'])).stderr).toMatch(zh);
    // the flag still wins over the config
    expect((await run(dir, ['show', 'QQQQ', '--lang', 'en'])).stderr).toMatch(/No issue matches/);
  });

  it('colours only when asked or at a terminal, and never with NO_COLOR', async () => {
    const dir = await plantStore();
    await newIssue(dir, { severity: 'critical' });
    expect(await ok(dir, ['list'])).not.toMatch(/\x1b\[/);
    expect(await ok(dir, ['list'], { env: { FORCE_COLOR: '1' } })).toMatch(/\x1b\[/);
    expect(await ok(dir, ['list'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).not.toMatch(/\x1b\[/);
  });

  it('prints no stack trace unless AFTERSALES_DEBUG=1', async () => {
    const dir = await plantStore();
    expect((await run(dir, ['show', 'QQQQ'])).stderr).not.toMatch(/\n\s+at /);
    expect((await run(dir, ['show', 'QQQQ'], { env: { AFTERSALES_DEBUG: '1' } })).stderr).toMatch(/\n\s+at /);
  });

  it('answers --help and --version, and suggests the nearest command for a typo', async () => {
    const dir = tempDir();
    expect(await ok(dir, ['--help'])).toMatch(/Usage: aftersales/);
    expect(await ok(dir, ['--version'])).toBe(
      `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`,
    );
    // Chinese help wraps by display width: no line wider than the 80 columns of a pipe
    const { default: stringWidth } = await import('string-width');
    const zh = await ok(dir, ['--lang', 'zh-CN', '--help']);
    expect(zh).toContain('登记一个问题');
    for (const line of zh.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    const typo = await run(dir, ['lsit']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean list\?/);
  });
});

describe('the store', () => {
  it('refuses to write over a file that changed on disk since it was read, and keeps the hand edit', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir);
    const store = await Store.open(dir);
    const loaded = store.read(id);
    const handEdited = read(dir, `issues/${id}.yaml`).replace('title: 主轴异响', 'title: 主轴异响（已电话确认）');
    write(dir, `issues/${id}.yaml`, handEdited);
    let error: unknown;
    try {
      store.update(loaded, { ...loaded.issue, severity: 'critical' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AftersalesError);
    expect((error as AftersalesError).key).toBe('fileChanged');
    expect(read(dir, `issues/${id}.yaml`)).toBe(handEdited);
    // read again, the same change goes through and touches one line
    const fresh = store.read(id);
    store.update(fresh, { ...fresh.issue, severity: 'critical' });
    const after = read(dir, `issues/${id}.yaml`);
    expect(after).toBe(handEdited.replace('severity: high', 'severity: critical'));
  });

  it('recovers a stale lock left by a process that died', async () => {
    const dir = await plantStore();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, '.git', 'aftersales'), { recursive: true });
    writeFileSync(
      join(dir, '.git', 'aftersales', 'write.lock'),
      JSON.stringify({ pid: 999_999, host: (await import('node:os')).hostname(), at: Date.now() }),
    );
    await newIssue(dir, {}, { env: { AFTERSALES_NOW: NOW } });
    expect(existsSync(join(dir, '.git', 'aftersales', 'write.lock'))).toBe(false);
  });

  it('a live lock makes the next writer wait, then fail cleanly naming the holder', async () => {
    const dir = await plantStore();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, '.git', 'aftersales'), { recursive: true });
    writeFileSync(
      join(dir, '.git', 'aftersales', 'write.lock'),
      JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: Date.now() }),
    );
    const r = await run(dir, ['new', '--title', 't', '--type', 'hardware', '--severity', 'low', '--customer', 'c'], {
      env: { AFTERSALES_LOCK_WAIT_MS: '300' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `aftersales: Another aftersales process (pid ${process.pid}) is changing this store; try again in a moment.\n`,
    );
  });
});
