// A newcomer's first ten minutes: help with examples, the hint outside a store, the demo,
// shell completion and the doctor.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  demoRunner,
  git,
  newIssue,
  ok,
  plantStore,
  read,
  ROOT,
  run,
  tempDir,
  testEnv,
  write,
} from '../helpers.js';

describe('help', () => {
  it('every command has a purpose and real examples under --help', async () => {
    const dir = tempDir();
    const top = await ok(dir, ['--help']);
    const commands = [...top.matchAll(/^ {2}([a-z][a-z-]*)(?:\|[a-z]+)? /gm)]
      .map((m) => m[1] as string)
      .filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThan(25);
    for (const name of commands) {
      const help = await ok(dir, [name, '--help']);
      expect(help, name).toMatch(/^Usage: aftersales /);
      if (name !== 'kb') {
        expect(help, name).toMatch(/\nExamples:\n {2}\$ aftersales /);
        expect(help.match(/^ {2}\$ aftersales /gm)?.length ?? 0, name).toBeGreaterThanOrEqual(2);
      }
    }
    expect(await ok(dir, ['--lang', 'zh-CN', 'report', '--help'])).toContain('示例：');
  });

  it('aftersales alone outside a store shows the help and says how to start', async () => {
    const r = await run(tempDir(), []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: aftersales');
    expect(r.stderr).toContain('aftersales init');
    expect(r.stderr).toContain('npm run demo');
    const inside = await run(await plantStore(), []);
    expect(inside.stderr).not.toContain('npm run demo');
  });
});

describe('npm run demo', () => {
  it('builds a sample store and runs a month of the loop through the real commands', () => {
    const dir = join(tempDir(), 'demo');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'demo.js'), dir], {
      env: testEnv(),
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('$ aftersales approve');
    expect(r.stdout).toMatch(/not accepted: round 1/);
    expect(r.stdout).toContain('reopened');
    expect(r.stdout).toContain('KPI report');
    expect(r.stdout).toContain(join(dir, 'report.html'));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg');
    const log = execFileSync('git', ['log', '--format=%an %s'], { cwd: dir, encoding: 'utf8' });
    expect(log).toMatch(/Wang Wu AS-\w+-\w+: approve/);
    expect(log).toMatch(/Chen Qi AS-\w+-\w+: accept/);
    expect(log).toMatch(/: reopen/);
    const again = spawnSync(process.execPath, [join(ROOT, 'scripts', 'demo.js'), dir], {
      env: testEnv(),
      encoding: 'utf8',
    });
    expect(again.status).toBe(2); // never over an existing folder
    expect(again.stderr).toContain('not empty');
  });
});

describe('the README tour', () => {
  it('is the demo’s real output today, in English and in Chinese (npm run readme refreshes it)', async () => {
    const tour = (await import(pathToFileURL(join(ROOT, 'scripts', 'readme-tour.js')).href)) as {
      readmeChanges: (runner: typeof demoRunner) => Promise<{ file: string; stale: boolean }[]>;
    };
    const changes = await tour.readmeChanges(demoRunner);
    expect(changes.filter((c) => c.stale).map((c) => c.file)).toEqual([]);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const command of [
      'init',
      'new',
      'import',
      'list',
      'dispatch',
      'sla',
      'inbox',
      'plan',
      'reject',
      'approve',
      'action',
      'comment',
      'show',
      'accept',
      'log',
      'kb search',
      'similar',
      'kb export',
      'check',
      'validate',
      'cancel',
      'reopen',
      'audit',
      'report',
      'export',
      'notify',
      'completion',
      'doctor',
    ]) {
      expect(readme, command).toContain(`$ aftersales ${command}`);
    }
    expect(readFileSync(join(ROOT, 'README.zh-CN.md'), 'utf8')).toContain('已登记');
  }, 240_000);
});

/** What bash completes for the words typed so far (the last one being completed). */
function bashComplete(dir: string, words: string[]): string[] {
  const script = execFileSync(process.execPath, [BIN, 'completion', 'bash'], {
    cwd: dir,
    env: testEnv(),
    encoding: 'utf8',
  });
  const shim = `aftersales() { ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"; }`;
  const body = `${shim}\n${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _aftersales; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', body], { cwd: dir, env: testEnv(), encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('shell completion', () => {
  it('bash completes commands, flags, issue IDs, people, teams and types', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir);
    expect(bashComplete(dir, ['aftersales', 're'])).toEqual(expect.arrayContaining(['report', 'reopen', 'reject']));
    expect(bashComplete(dir, ['aftersales', 'list', '--st'])).toEqual(['--status']);
    expect(bashComplete(dir, ['aftersales', 'show', ''])).toContain(id);
    expect(bashComplete(dir, ['aftersales', 'list', '--owner', 'ch'])).toEqual(['chen.qi']);
    expect(bashComplete(dir, ['aftersales', 'check', '--team', ''])).toEqual(
      expect.arrayContaining(['a-line-qe', 'rd-support', 'field']),
    );
    expect(bashComplete(dir, ['aftersales', 'new', '--type', 'hard'])).toEqual(['hardware']);
    expect(bashComplete(dir, ['aftersales', 'kb', ''])).toEqual(['search', 'export']);
  });

  it('bash completes files after file options, folders after -C and --store, and products', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir);
    write(dir, 'plan-x.yaml', 'actions: []\n');
    write(dir, 'answers-x.yaml', 'answers: {}\n');
    write(dir, 'sub/keep.txt', 'x');
    // a file option of an ID-taking command offers files, not issue IDs
    expect(bashComplete(dir, ['aftersales', 'plan', id, '--file', 'plan-'])).toEqual(['plan-x.yaml']);
    expect(bashComplete(dir, ['aftersales', 'accept', id, '--answers', 'ans'])).toEqual(['answers-x.yaml']);
    expect(bashComplete(dir, ['aftersales', 'report', '--out', 'pla'])).toEqual(['plan-x.yaml']);
    // folders only: kb export --out, -C, --store
    expect(bashComplete(dir, ['aftersales', 'kb', 'export', '--out', 's'])).toEqual(['sub']);
    expect(bashComplete(dir, ['aftersales', '-C', 's'])).toEqual(['sub']);
    expect(bashComplete(dir, ['aftersales', 'report', '--store', ''])).toEqual(
      expect.arrayContaining(['sub', 'issues']),
    );
    expect(bashComplete(dir, ['aftersales', 'report', '--store', ''])).not.toContain('plan-x.yaml');
    // after -C DIR the command, its flags and the store's IDs are still completed
    const other = tempDir();
    expect(bashComplete(other, ['aftersales', '-C', dir, 'li'])).toEqual(['list']);
    expect(bashComplete(other, ['aftersales', '-C', dir, 'show', ''])).toContain(id);
    expect(bashComplete(other, ['aftersales', '-C', dir, 'list', '--owner', 'ch'])).toEqual(['chen.qi']);
    // the config's products, lines and components after their flags
    expect(bashComplete(dir, ['aftersales', 'report', '--product', 'X'])).toEqual(expect.arrayContaining(['X100']));
    expect(bashComplete(dir, ['aftersales', 'new', '--component', '主'])).toEqual(expect.arrayContaining(['主轴']));
  });

  it('bash never runs what a store names, and keeps names with spaces whole', async () => {
    const dir = await plantStore();
    const trap = join(tempDir(), 'ran');
    const file = '.aftersales/config.yaml';
    const odd = `  - { name: X100 Pro, line: A, components: ['$(touch ${trap})', 主轴] }\n`;
    write(dir, file, read(dir, file).replace('products:\n', `products:\n${odd}`));
    expect(bashComplete(dir, ['aftersales', 'report', '--product', 'X100'])).toEqual(
      expect.arrayContaining(['X100', 'X100\\ Pro']),
    );
    expect(bashComplete(dir, ['aftersales', 'new', '--component', ''])).toContain(`\\$\\(touch\\ ${trap}\\)`);
    expect(existsSync(trap)).toBe(false);
    write(dir, 'two words.txt', 'x');
    expect(bashComplete(dir, ['aftersales', 'report', '--out', 'two'])).toEqual(['two words.txt']);
  });

  it('prints zsh and fish scripts, and refuses an unknown shell', async () => {
    const dir = tempDir();
    expect(await ok(dir, ['completion', 'zsh'])).toMatch(
      /^#compdef aftersales\n[\s\S]*bashcompinit[\s\S]*complete -F _aftersales aftersales/,
    );
    const fish = await ok(dir, ['completion', 'fish']);
    expect(fish).toContain('complete -c aftersales -n __fish_use_subcommand -a report');
    expect(fish).toContain('-l owner -r -a "(aftersales __complete people 2>/dev/null)"');
    expect(fish).toMatch(/__fish_seen_subcommand_from plan" -l file -r -F$/m);
    expect(fish).toMatch(/__fish_seen_subcommand_from export" -l out -r -a "\(__fish_complete_directories\)"$/m);
    expect(fish).toMatch(/__fish_seen_subcommand_from new" -l title -r$/m); // a text: no files offered
    expect(fish).toContain('complete -c aftersales -s C -r -a "(__fish_complete_directories)"');
    if (spawnSync('zsh', ['--version']).status === 0) {
      expect(spawnSync('zsh', ['-n'], { input: await ok(dir, ['completion', 'zsh']) }).status).toBe(0);
    }
    if (spawnSync('fish', ['--version']).status === 0)
      expect(spawnSync('fish', ['-n'], { input: fish }).status).toBe(0);
    const bad = await run(dir, ['completion', 'powershell']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bash, zsh, fish');
  });
});

describe('doctor', () => {
  it('a healthy clone: every check passes, exit 0', async () => {
    const dir = await plantStore();
    await newIssue(dir);
    await run(dir, ['list']); // builds the index
    const r = await run(dir, ['doctor']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/✓ identity: you are li\.si@example\.com \(li\.si\)/);
    expect(r.stdout).toContain('✓ merge driver');
    expect(r.stdout).toMatch(/✓ index: 1 issue\(s\), index current/);
    expect(r.stdout).toContain('All set.');
  });

  it('names each problem with its fix: no identity, no driver, shared e-mails, unreadable files', async () => {
    const dir = await plantStore();
    git(dir, ['config', '--unset', 'merge.aftersales.driver']);
    git(dir, ['config', '--unset', 'user.email']);
    write(dir, 'issues/AS-0RE8-BROKEN.yaml', 'id: [oops\n');
    const r = await run(dir, ['doctor'], { env: { GIT_AUTHOR_EMAIL: undefined } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ identity: git has no user\.email[^\n]*\n {4}fix: git config user\.email/);
    expect(r.stdout).toMatch(/! merge driver: [^\n]*\n {4}fix: aftersales init/);
    expect(r.stdout).toMatch(/! issues: 1 issue file\(s\) cannot be read\n {4}fix: aftersales validate/);
    const json = JSON.parse((await run(dir, ['doctor', '--json'], { env: { GIT_AUTHOR_EMAIL: undefined } })).stdout);
    expect(json.ok).toBe(false);
    expect(json.findings.find((f: { check: string }) => f.check === 'merge driver').level).toBe('warn');

    const config = readFileSync(join(dir, '.aftersales', 'config.yaml'), 'utf8');
    write(dir, '.aftersales/config.yaml', config.replace('chen.qi@example.com', 'li.si@example.com'));
    const clash = await run(dir, ['doctor']);
    expect(clash.code).toBe(1);
    expect(clash.stdout).toMatch(
      /✗ config: \.aftersales\/config\.yaml:\d+:\d+ {2}people\[1\]\.email .*already used by li\.si[^\n]*\n {4}fix: edit \.aftersales\/config\.yaml/,
    );
  });

  it('with warnings only, it is usable but not "All set"', async () => {
    const dir = await plantStore();
    git(dir, ['config', '--unset', 'merge.aftersales.driver']); // a fresh clone that never ran init
    const r = await run(dir, ['doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/! merge driver/);
    expect(r.stdout).not.toContain('All set');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('Usable, with 1 warning(s) to look at (! above).');
  });

  it('outside a store says how to start', async () => {
    const r = await run(tempDir(), ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ store: no store in .*\n {4}fix: aftersales init/);
  });

  it('a damaged index is reported rebuilt', async () => {
    const dir = await plantStore();
    await newIssue(dir);
    write(dir, '.git/aftersales/issues-v2.jsonl', 'garbage');
    expect(await ok(dir, ['doctor'])).toMatch(/✓ index: 1 issue\(s\), index out of date or damaged, rebuilt/);
    rmSync(join(dir, '.git', 'aftersales'), { recursive: true });
    expect(existsSync(join(dir, '.git', 'aftersales'))).toBe(false);
    expect(await ok(dir, ['doctor'])).toMatch(/✓ index: 1 issue\(s\), index built now/);
  });
});
