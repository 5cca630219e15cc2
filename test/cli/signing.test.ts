// audit --require-signed with real SSH signing keys: a commit passes only when signed by a key
// the config gives its author, as the config stood before it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, newIssue, ok, plantStore, read, run, tempDir, write } from '../helpers.js';

const at = (hhmm: string) => ({ env: { AFTERSALES_NOW: `2026-11-23T${hhmm}:00+08:00` } });

function key(name: string): { file: string; pub: string } {
  const file = join(tempDir(), name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  return { file, pub: readFileSync(`${file}.pub`, 'utf8').trim() };
}

/** This clone signs as `person` with `k` (git's own SSH signing). */
function signAs(dir: string, person: string, k: { file: string }, email = `${person}@example.com`) {
  const settings: [string, string][] = [
    ['user.email', email],
    ['user.name', person],
    ['gpg.format', 'ssh'],
    ['user.signingkey', `${k.file}.pub`],
    ['commit.gpgsign', 'true'],
  ];
  for (const [name, value] of settings) git(dir, ['config', name, value]);
}

type Finding = { kind: string; commit: string; detail: string };

/** The machine has the program (ssh-keygen, gpg): the tests that sign need it. */
const has = (program: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!has('ssh-keygen'))('audit --require-signed', () => {
  it("passes commits signed with the author's own key; a colleague's key, an unknown key or none fail", async () => {
    const dir = await plantStore();
    const [li, wang, stray] = [key('li'), key('wang'), key('stray')];
    // the admin gives people their keys, signed by his own (checked against the keys it names)
    signAs(dir, 'wang.wu', wang);
    const config = read(dir, '.aftersales/config.yaml')
      .replace('roles: [quality-engineer] }', `roles: [quality-engineer], signing_keys: ["${li.pub}"] }`)
      .replace('roles: [tech-director, admin] }', `roles: [tech-director, admin], signing_keys: ["${wang.pub}"] }`);
    write(dir, '.aftersales/config.yaml', config);
    git(dir, ['commit', '-qam', 'signing keys']);
    const start = git(dir, ['rev-parse', 'HEAD']).trim();
    const since = () =>
      git(dir, ['rev-list', `${start}..HEAD`])
        .trim()
        .split('\n')
        .filter(Boolean);
    const findings = async () => {
      const r = await run(dir, ['audit', '--require-signed', '--format', 'json']);
      const mine = new Set([start, ...since()]);
      return (JSON.parse(r.stdout).findings as Finding[]).filter((f) => mine.has(f.commit));
    };

    signAs(dir, 'li.si', li);
    const id = await newIssue(dir, { product: 'X100' }, at('09:00'));
    await ok(dir, ['comment', id, '现场确认'], at('09:30'));
    expect(await findings()).toEqual([]);

    // li.si signs, with her own key, a commit made under the tech director's e-mail
    signAs(dir, 'li.si', li, 'wang.wu@example.com');
    await ok(dir, ['comment', id, '以王五名义'], at('10:00'));
    const forged = git(dir, ['rev-parse', 'HEAD']).trim();
    // a key no one in the config holds
    signAs(dir, 'li.si', stray);
    await ok(dir, ['comment', id, '换了密钥'], at('10:30'));
    const strayCommit = git(dir, ['rev-parse', 'HEAD']).trim();
    // no signature at all
    git(dir, ['config', 'commit.gpgsign', 'false']);
    await ok(dir, ['comment', id, '未签名'], at('11:00'));
    const unsigned = git(dir, ['rev-parse', 'HEAD']).trim();

    const got = (await findings()).map((f) => [f.kind, f.commit, f.detail]);
    expect(got).toContainEqual(['signer', forged, 'signed with a key of li.si, not of wang.wu']);
    expect(got).toContainEqual([
      'signer',
      strayCommit,
      expect.stringMatching(/^signed with a key \(SHA256:[^)]+\) that is not among li\.si's signing_keys$/),
    ]);
    expect(got).toContainEqual(['unsigned', unsigned, 'not signed']);
    expect(got).toHaveLength(3);
    const text = await run(dir, ['audit', '--require-signed']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `${forged.slice(0, 8)}  issues/${id}.yaml  signed, but not with the author's own key`,
    );
  });
});

describe.skipIf(!has('gpg'))('audit --require-signed with GPG', () => {
  it('takes a GPG signature by the fingerprint the config gives, and no other, whatever its name says', async () => {
    const home = tempDir();
    const gpg = (args: string[]) =>
      execFileSync('gpg', ['--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
        env: { ...process.env, GNUPGHOME: home },
        encoding: 'utf8',
      });
    const fingerprintOf = (uid: string) => {
      gpg(['--quick-gen-key', uid, 'ed25519', 'sign', 'never']);
      const lines = gpg(['--list-keys', '--with-colons', uid]).split('\n');
      return (lines.find((l) => l.startsWith('fpr')) as string).split(':')[9] as string;
    };
    const wang = fingerprintOf('Wang Wu <wang.wu@example.com>');
    const impostor = fingerprintOf('li.si'); // named like a person id, but not a key of the config
    const env = { GNUPGHOME: home };
    const dir = await plantStore();
    const config = read(dir, '.aftersales/config.yaml')
      .replace('roles: [tech-director, admin] }', `roles: [tech-director, admin], signing_keys: ["gpg:${wang}"] }`)
      .replace('roles: [quality-engineer] }', `roles: [quality-engineer], signing_keys: ["gpg:${'0'.repeat(40)}"] }`);
    write(dir, '.aftersales/config.yaml', config);
    git(dir, ['config', 'user.email', 'wang.wu@example.com']);
    git(dir, ['commit', '-qam', 'keys']);
    const sign = (person: string, fingerprint: string) => {
      git(dir, ['config', 'user.email', `${person}@example.com`]);
      git(dir, ['config', 'user.signingkey', fingerprint]);
      git(dir, ['config', 'commit.gpgsign', 'true']);
    };
    sign('wang.wu', wang);
    const id = await newIssue(dir, { product: 'X100' }, { env: { ...at('09:00').env, ...env } });
    const good = git(dir, ['rev-parse', 'HEAD']).trim();
    sign('li.si', impostor);
    await ok(dir, ['comment', id, '冒名'], { env: { ...at('10:00').env, ...env } });
    const bad = git(dir, ['rev-parse', 'HEAD']).trim();
    const r = await run(dir, ['audit', '--require-signed', '--format', 'json'], { env });
    const mine = (JSON.parse(r.stdout).findings as Finding[]).filter((f) => f.commit === good || f.commit === bad);
    expect(mine.map((f) => [f.kind, f.commit])).toEqual([['signer', bad]]);
  });
});
