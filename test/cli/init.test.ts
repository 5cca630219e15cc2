import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commits, git, gitRepo, ok, read, run, tempDir, testEnv } from '../helpers.js';

describe('aftersales init', () => {
  it('creates the config, issues/, the schema and .gitattributes, in one commit', async () => {
    const dir = gitRepo();
    const r = await run(dir, ['init', '--prefix', 'svc', '--timezone', 'Asia/Shanghai']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const config = read(dir, '.aftersales/config.yaml');
    expect(config).toContain('prefix: SVC');
    expect(config).toContain('timezone: Asia/Shanghai');
    expect(config).toMatch(/^# /); // a commented example
    expect(JSON.parse(read(dir, '.aftersales/issue.schema.json')).properties.customer).toBeTruthy();
    expect(existsSync(join(dir, 'issues'))).toBe(true);
    expect(read(dir, '.gitattributes')).toContain('issues/*.yaml merge=aftersales');
    expect(commits(dir)).toEqual(['aftersales: init store (prefix SVC)']);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    // the store works at once
    expect((await run(dir, ['validate'])).code).toBe(0);
  });

  it('--lang zh-CN writes an active locale, so every later command speaks Chinese', async () => {
    for (const args of [
      ['init', '--lang', 'zh-CN'],
      ['--lang', 'zh-CN', 'init'],
    ]) {
      const dir = gitRepo();
      expect((await run(dir, args)).code).toBe(0);
      expect(read(dir, '.aftersales/config.yaml')).toMatch(/^locale: zh-CN /m);
      expect((await run(dir, ['validate'])).stderr).not.toMatch(/valid\./); // said in Chinese
    }
    const plain = gitRepo();
    await run(plain, ['init']);
    expect(read(plain, '.aftersales/config.yaml')).toMatch(/^# locale: zh-CN/m);
  });

  it('a fresh store names what its config lacks in words, never as an empty list', async () => {
    const dir = gitRepo();
    await ok(dir, ['init', '--prefix', 'AS']);
    const r = await run(dir, ['inbox']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as PERSON (none defined yet)');
    expect(r.stderr).not.toContain('()');
  });

  it('runs git init where there is no repository', async () => {
    const dir = tempDir();
    const env = {
      GIT_AUTHOR_NAME: 'Li Si',
      GIT_AUTHOR_EMAIL: 'li.si@example.com',
      GIT_COMMITTER_NAME: 'Li Si',
      GIT_COMMITTER_EMAIL: 'li.si@example.com',
    };
    const r = await run(dir, ['init'], { env });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, '.git'))).toBe(true);
    expect(r.stderr).toMatch(/Initialised a git repository/);
    expect(git(dir, ['log', '--format=%ae'], testEnv(env)).trim()).toBe('li.si@example.com');
  });

  it('without a git identity says so before writing anything, not after a success line', async () => {
    const dir = tempDir();
    git(dir, ['init', '-q', '-b', 'main']);
    const r = await run(dir, ['init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^aftersales: git has no user\.email here, so the store's first commit would fail: run git config user\.email/,
    );
    expect(r.stderr).not.toMatch(/Created|创建/);
    expect(existsSync(join(dir, '.aftersales'))).toBe(false);
    // --no-commit needs no identity
    expect((await run(dir, ['init', '--no-commit'])).code).toBe(0);
  });

  it('in a clone of an existing store changes no tracked file', async () => {
    const origin = gitRepo();
    await ok(origin, ['init']);
    const clone = tempDir();
    git(clone, ['clone', '-q', origin, '.']);
    const before = read(clone, '.aftersales/config.yaml');
    const r = await run(clone, ['init', '--prefix', 'ZZ']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/already holds a store/);
    expect(read(clone, '.aftersales/config.yaml')).toBe(before);
    expect(git(clone, ['status', '--porcelain'])).toBe('');
  });

  it('keeps an existing .gitattributes and refuses a bad prefix or timezone', async () => {
    const dir = gitRepo();
    git(dir, ['commit', '-q', '--allow-empty', '-m', 'start']);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, '.gitattributes'), '*.png binary');
    expect((await run(dir, ['init', '--prefix', '1x'])).stderr).toMatch(/Prefix '1x'/);
    expect((await run(dir, ['init', '--timezone', 'Mars/Olympus'])).code).toBe(2);
    expect(existsSync(join(dir, '.aftersales'))).toBe(false);
    await ok(dir, ['init']);
    expect(read(dir, '.gitattributes')).toBe('*.png binary\nissues/*.yaml merge=aftersales\n');
  });
});
