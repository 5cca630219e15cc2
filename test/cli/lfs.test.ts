// Attachments in Git LFS: `init --lfs`, a clone without LFS's filter, `doctor` and `validate`
// saying so, and `aftersales init` + `git lfs pull` mending it. Real git-lfs (Debian's
// package, which .ci/run installs) against a local bare remote.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, gitRepo, NOW, ok, read, run, setIdentity, tempDir, testEnv, write } from '../helpers.js';

const hasLfs = (() => {
  try {
    execFileSync('git', ['lfs', 'version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const env = { env: { AFTERSALES_NOW: NOW } };
const REPORT = '噪音测试报告 TR-2026-088：24h 运行 41 dB\n';

describe.skipIf(!hasLfs)('attachments in Git LFS', () => {
  it('init --lfs keeps attachments as LFS objects; a clone without the filter is told, then mended', async () => {
    const dir = gitRepo();
    await ok(dir, ['init', '--lfs', '--prefix', 'AS', '--timezone', 'Asia/Shanghai'], env);
    expect(read(dir, '.gitattributes')).toContain('attachments/** filter=lfs diff=lfs merge=lfs -text');
    write(dir, '../TR-088.txt', REPORT);
    const id = (
      await ok(dir, ['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'high', '--customer', 'c'], {
        env: { AFTERSALES_NOW: NOW },
      })
    ).trim();
    await ok(dir, ['comment', id, '测试报告', '--attach', '../TR-088.txt'], env);
    const path = JSON.parse(await ok(dir, ['show', id, '--json'])).history.at(-1).attachments[0].path;
    // git holds the pointer; the work tree, the file
    expect(git(dir, ['cat-file', '-p', `HEAD:${path}`])).toMatch(/^version https:\/\/git-lfs\.github\.com\/spec\/v1/);
    expect(read(dir, path)).toBe(REPORT);
    expect(git(dir, ['lfs', 'ls-files', '--name-only']).trim()).toBe(path);
    expect(await ok(dir, ['doctor'])).toMatch(/attachments: kept in Git LFS/);

    const remote = join(tempDir(), 'plant.git');
    git(dir, ['init', '-q', '--bare', remote]);
    git(dir, ['remote', 'add', 'origin', remote]);
    git(dir, ['push', '-q', 'origin', 'main']);

    // a clone on a machine where LFS was never set up: the attachment is a pointer
    const clone = join(tempDir(), 'clone');
    git(dir, ['clone', '-q', remote, clone]);
    setIdentity(clone, 'chen.qi');
    expect(read(clone, path)).toMatch(/^version https:\/\/git-lfs/);
    const invalid = await run(clone, ['validate']);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout + invalid.stderr).toMatch(/a Git LFS pointer, not the file/);
    const doctor = await run(clone, ['doctor']);
    expect(doctor.stdout).toMatch(/this clone has no LFS filter/);
    expect(doctor.stdout).not.toMatch(/All set/);

    await ok(clone, ['init'], env); // registers the merge driver and LFS's filter for this clone
    git(clone, ['lfs', 'pull']);
    expect(read(clone, path)).toBe(REPORT);
    expect((await run(clone, ['validate'])).code).toBe(0);
    expect(await ok(clone, ['doctor'])).toMatch(/attachments: kept in Git LFS/);
  });

  it('an existing store moves new attachments to LFS with one commit; without git-lfs, --lfs writes nothing', async () => {
    const dir = gitRepo();
    await ok(dir, ['init'], env);
    // git finds git-lfs on PATH: a PATH holding git alone
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), join(bin, 'git'));
    const before = git(dir, ['log', '--oneline']);
    const refused = await run(dir, ['init', '--lfs'], { env: { PATH: bin } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/git-lfs is not installed/);
    expect(read(dir, '.gitattributes')).not.toContain('filter=lfs');
    expect(git(dir, ['log', '--oneline'])).toBe(before);

    await ok(dir, ['init', '--lfs'], env);
    expect(read(dir, '.gitattributes')).toContain('attachments/** filter=lfs');
    expect(git(dir, ['log', '-1', '--format=%s'])).toBe('aftersales: keep attachments in Git LFS\n');
    expect(git(dir, ['status', '--porcelain'], testEnv())).toBe('');
  });
});
