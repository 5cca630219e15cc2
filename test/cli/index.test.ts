// The index of issue files under .git/aftersales: never stale, whatever git or a person
// does to the files, and never trusted when it is damaged.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/render/progress.js';
import type { Io } from '../../src/io.js';
import {
  git,
  newIssue,
  NOW,
  ok,
  plantStore,
  read,
  ROOT,
  run,
  runProcess,
  setIdentity,
  tempDir,
  write,
} from '../helpers.js';

const INDEX = '.git/aftersales/issues-v2.jsonl';
const FACTS = '.git/aftersales/facts-v2.jsonl';
const debug = { env: { AFTERSALES_NOW: NOW, AFTERSALES_DEBUG_INDEX: '1' } };

/** `args` through the index and read directly: the same output; and what the index did. */
async function both(dir: string, args: string[], view: 'full' | 'facts') {
  const r = await run(dir, args, debug);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toBe(await ok(dir, ['--no-index', ...args], debug));
  const m = new RegExp(`index \\(${view}\\): (\\d+) reused, (\\d+) parsed`).exec(r.stderr);
  const texts = /texts: (\d+) copied, (\d+) parsed/.exec(r.stderr);
  return {
    stdout: r.stdout,
    reused: Number(m?.[1]),
    parsed: Number(m?.[2]),
    texts: { copied: Number(texts?.[1]), parsed: Number(texts?.[2]) },
    stderr: r.stderr,
  };
}

/** list --json: chosen and ordered by the facts view, printed from the issues file. */
async function listBoth(dir: string, args: string[] = []) {
  const r = await both(dir, ['list', '--json', ...args], 'facts');
  return { ...r, issues: JSON.parse(r.stdout) as { id: string; title: string }[] };
}

/** export --format jsonl reads the whole-issue view. */
async function exportBoth(dir: string) {
  const r = await both(dir, ['export', '--format', 'jsonl'], 'full');
  return {
    ...r,
    issues: r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; title: string }),
  };
}

const retitle = (dir: string, id: string, title: string) =>
  write(dir, `issues/${id}.yaml`, read(dir, `issues/${id}.yaml`).replace(/^title: .*$/m, `title: ${title}`));

async function storeWithTwo() {
  const dir = await plantStore();
  const a = await newIssue(dir, { title: '主轴异响' });
  const b = await newIssue(dir, { title: '液压站漏油' });
  // `new` built the index (dispatch, similar issues): the tests start without one
  rmSync(join(dir, '.git', 'aftersales'), { recursive: true, force: true });
  return { dir, a, b };
}

describe('the index', () => {
  it('is built once and then reused; a hand edit is seen at once, committed or not', async () => {
    const { dir, a } = await storeWithTwo();
    let r = await exportBoth(dir);
    expect(r.parsed).toBe(2);
    expect(existsSync(join(dir, INDEX))).toBe(true);
    r = await exportBoth(dir);
    expect([r.reused, r.parsed]).toEqual([2, 0]);

    retitle(dir, a, '主轴异响（现场确认）');
    r = await exportBoth(dir);
    expect(r.issues.find((i) => i.id === a)?.title).toBe('主轴异响（现场确认）');
    expect(r.parsed).toBe(1);
    git(dir, ['commit', '-qam', 'hand edit']);
    r = await exportBoth(dir);
    expect([r.reused, r.parsed]).toEqual([2, 0]);
  });

  it('sees a hand edit in a store that lives in a folder of a larger repository', async () => {
    const { dir, a } = await storeWithTwo();
    await ok(dir, ['comment', a, '现场确认'], debug);
    const top = tempDir();
    renameSync(dir, join(top, 'service'));
    renameSync(join(top, 'service', '.git'), join(top, '.git'));
    git(top, ['add', '-A']);
    git(top, ['commit', '-qm', 'the store moves into a folder']);
    const store = join(top, 'service');
    expect((await exportBoth(store)).parsed).toBe(2);
    retitle(store, a, '主轴异响（子目录）');
    const r = await exportBoth(store);
    expect(r.issues.find((i) => i.id === a)?.title).toBe('主轴异响（子目录）');
    expect([r.reused, r.parsed]).toEqual([1, 1]);
    // log finds each event's commit, from before the move too (git names paths from the top)
    const trail = JSON.parse(await ok(store, ['log', a, '--json'], debug)) as { commit: { subject: string } }[];
    const subjects = trail.map((e) => e.commit?.subject);
    expect(subjects[0]).toMatch(/register/);
    expect(subjects.at(-1)).toMatch(/comment/);
  });

  it('follows a checkout of another branch, a rebase, a deleted file and an untracked one', async () => {
    const { dir, a, b } = await storeWithTwo();
    await listBoth(dir);
    git(dir, ['checkout', '-qb', 'side']);
    retitle(dir, a, '分支上的标题');
    git(dir, ['commit', '-qam', 'side: retitle']);
    expect((await listBoth(dir)).issues.find((i) => i.id === a)?.title).toBe('分支上的标题');
    git(dir, ['checkout', '-q', 'main']);
    expect((await listBoth(dir)).issues.find((i) => i.id === a)?.title).toBe('主轴异响');

    retitle(dir, b, '主线上的标题');
    git(dir, ['commit', '-qam', 'main: retitle b']);
    git(dir, ['checkout', '-q', 'side']);
    git(dir, ['rebase', '-q', 'main']);
    const rebased = (await listBoth(dir)).issues;
    expect(rebased.find((i) => i.id === a)?.title).toBe('分支上的标题');
    expect(rebased.find((i) => i.id === b)?.title).toBe('主线上的标题');

    rmSync(join(dir, 'issues', `${b}.yaml`));
    expect((await listBoth(dir)).issues.map((i) => i.id)).toEqual([a]);

    const copy = read(dir, `issues/${a}.yaml`).replaceAll(a, 'AS-0RE8-UNTRKD');
    write(dir, 'issues/AS-0RE8-UNTRKD.yaml', copy.replace(/^title: .*$/m, 'title: 未提交的问题'));
    const r = await listBoth(dir);
    expect(r.issues.map((i) => i.title)).toContain('未提交的问题');
  });

  it('follows a pull that brings another clone’s changes', async () => {
    const remote = tempDir();
    git(remote, ['init', '-q', '--bare', '-b', 'main']);
    const { dir: a, a: id } = await storeWithTwo();
    git(a, ['remote', 'add', 'origin', remote]);
    git(a, ['push', '-q', 'origin', 'main']);
    const b = tempDir();
    git(b, ['clone', '-q', remote, '.']);
    setIdentity(b, 'chen.qi');
    await exportBoth(a);
    await ok(b, ['comment', id, '客户来电催促'], { env: { AFTERSALES_NOW: NOW } });
    git(b, ['push', '-q', 'origin', 'main']);
    git(a, ['pull', '-q', '--no-rebase', 'origin', 'main']);
    const r = await exportBoth(a);
    expect(r.parsed).toBe(1);
    expect(JSON.stringify(r.issues)).toContain('客户来电催促');
  });

  it('a file that does not parse is skipped with its problem, and read once it is mended', async () => {
    const { dir, a } = await storeWithTwo();
    const good = read(dir, `issues/${a}.yaml`);
    write(dir, `issues/${a}.yaml`, good.replace(/^status: .*$/m, 'status: [oops'));
    const r = await listBoth(dir);
    expect(r.issues).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`warning: skipped issues/${a}\\.yaml:\\d+:\\d+`));
    write(dir, `issues/${a}.yaml`, good);
    expect((await listBoth(dir)).issues).toHaveLength(2);
  });

  it('a corrupted or truncated index is rebuilt, never trusted', async () => {
    const { dir, a } = await storeWithTwo();
    await exportBoth(dir);
    const index = join(dir, INDEX);
    const text = readFileSync(index, 'utf8');
    writeFileSync(index, text.slice(0, Math.floor(text.length * 0.7))); // a crash mid-write
    let r = await exportBoth(dir);
    expect(r.parsed).toBeGreaterThanOrEqual(1);
    writeFileSync(index, '\u0000garbage{{{\n'.repeat(50));
    r = await exportBoth(dir);
    expect([r.reused, r.parsed]).toEqual([0, 2]);
    // a line whose record is not an issue is dropped, not believed
    const lines = readFileSync(index, 'utf8').split('\n');
    writeFileSync(index, lines.map((l, n) => (n === 1 ? `${l.slice(0, 41)}{"issue":{}}` : l)).join('\n'));
    r = await exportBoth(dir);
    expect(r.parsed).toBe(1);
    // an index from another build is thrown away
    writeFileSync(index, text.replace(/"build":"[^"]*"/, '"build":"0:older"'));
    r = await exportBoth(dir);
    expect(r.stderr).toContain('(new index)');
    expect(r.issues.map((i) => i.id)).toContain(a);
  });

  it('the facts file (list, check, report) follows every change and is rebuilt when damaged', async () => {
    const { dir, a, b } = await storeWithTwo();
    rmSync(join(dir, FACTS), { force: true }); // `new` started one
    const listed = async () => {
      const r = await run(dir, ['list'], debug);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(await ok(dir, ['--no-index', 'list']));
      const m = /index \(facts\): (\d+) reused, (\d+) parsed( \(new index\))?/.exec(r.stderr);
      return { stdout: r.stdout, reused: Number(m?.[1]), parsed: Number(m?.[2]), rebuilt: Boolean(m?.[3]) };
    };
    expect(await listed()).toMatchObject({ reused: 0, parsed: 2, rebuilt: true });
    const built = statSync(join(dir, FACTS)).mtimeMs;
    expect(await listed()).toMatchObject({ reused: 2, parsed: 0 });
    expect(statSync(join(dir, FACTS)).mtimeMs).toBe(built); // warm: nothing rewritten

    retitle(dir, a, '主轴异响（复查）');
    let r = await listed();
    expect(r).toMatchObject({ reused: 1, parsed: 1 });
    expect(r.stdout).toContain('主轴异响（复查）');
    expect(await listed()).toMatchObject({ reused: 2, parsed: 0 }); // the change was saved
    rmSync(join(dir, 'issues', `${b}.yaml`));
    r = await listed();
    expect(r.stdout).not.toContain(b);
    expect(read(dir, FACTS)).toMatch(/^blobs\t"[0-9a-f]{40}"$/m); // one row: the deleted file's is gone

    const text = read(dir, FACTS);
    write(dir, FACTS, text.slice(0, Math.floor(text.length * 0.7))); // a crash mid-write
    expect(await listed()).toMatchObject({ reused: 0, parsed: 1, rebuilt: true });
    write(dir, FACTS, '\u0000garbage{{{\n'.repeat(50));
    expect(await listed()).toMatchObject({ reused: 0, parsed: 1, rebuilt: true });
    // a row that is not facts is parsed again, not believed (a column is a line `<name>\t<JSON>`)
    const damage = (name: string, column: (json: string) => string) => {
      const text = read(dir, FACTS);
      const line = new RegExp(`^${name}\t(.*)$`, 'm');
      expect(text).toMatch(line);
      write(
        dir,
        FACTS,
        text.replace(line, (_, json: string) => `${name}\t${column(json)}`),
      );
    };
    damage('id', (ids) => JSON.stringify([42, ...JSON.parse(ids).slice(1)]));
    expect(await listed()).toMatchObject({ reused: 0, parsed: 1, rebuilt: false });
    // check and report read the same file
    const check = await run(dir, ['check', '--format', 'json'], debug);
    expect(check.stdout).toBe((await run(dir, ['--no-index', 'check', '--format', 'json'], debug)).stdout);
    expect(check.stderr).toMatch(/index \(facts\): 1 reused, 0 parsed/);
    // report reads neither the titles nor the deadlines: damage there costs it nothing; list parses the file again
    damage('deadlines', (deadlines) => '#'.repeat(deadlines.length));
    const report = await run(dir, ['report', '--format', 'json'], debug);
    expect(report.stdout).toBe(
      (await run(dir, ['--no-index', 'report', '--format', 'json'], { env: { AFTERSALES_NOW: NOW } })).stdout,
    );
    expect(report.stderr).toMatch(/index \(facts\): 1 reused, 0 parsed/);
    // nor does list --json when it filters nothing: it reads the IDs and times alone
    const json = await run(dir, ['list', '--json'], debug);
    expect(json.stdout).toBe(await ok(dir, ['--no-index', 'list', '--json']));
    expect(json.stderr).toMatch(/index \(facts\): 1 reused, 0 parsed/);
    expect(await listed()).toMatchObject({ reused: 0, parsed: 1, rebuilt: false });
    expect(await listed()).toMatchObject({ reused: 1, parsed: 0 }); // and saved it whole
    // list reads neither the status changes nor what only report counts
    damage('changes', (changes) => '#'.repeat(changes.length));
    expect(await listed()).toMatchObject({ reused: 1, parsed: 0 });
    expect((await run(dir, ['report', '--format', 'json'], debug)).stderr).toMatch(
      /index \(facts\): 0 reused, 1 parsed/,
    );
  });

  it('keeps the config, and every command follows an edit of its zone', async () => {
    const dir = await plantStore();
    const line = () => JSON.parse(read(dir, FACTS).split('\n')[1]?.slice('config\t'.length) ?? '{}');
    await ok(dir, ['list'], debug);
    expect(Object.keys(line())).toEqual(['key', 'config']);
    expect(line().config.timezone).toBe('Asia/Shanghai');
    const config = '.aftersales/config.yaml';
    write(dir, config, read(dir, config).replace('timezone: Asia/Shanghai', 'timezone: Europe/Berlin'));
    const id = await newIssue(dir);
    expect(await ok(dir, ['log', id], debug)).toMatch(/^2026-11-23 03:00 /);
    expect(line().config.timezone).toBe('Europe/Berlin');
    write(dir, config, read(dir, config).replace('timezone: Europe/Berlin', 'timezone: Asia/Shanghai'));
    expect(await ok(dir, ['log', id], debug)).toMatch(/^2026-11-23 10:00 /);
  });

  it('list --json copies the issues file, follows every change, and rebuilds it when damaged', async () => {
    const { dir, a, b } = await storeWithTwo();
    let r = await listBoth(dir);
    expect(r.texts).toEqual({ copied: 2, parsed: 0 }); // the facts view's build made the issues file
    rmSync(join(dir, INDEX));
    r = await listBoth(dir);
    expect(r.texts).toEqual({ copied: 0, parsed: 2 });
    const built = statSync(join(dir, INDEX)).mtimeMs;
    r = await listBoth(dir);
    expect(r.texts).toEqual({ copied: 2, parsed: 0 });
    expect(statSync(join(dir, INDEX)).mtimeMs).toBe(built); // warm: nothing written
    // an issue a line, each exactly its JSON (what export --format jsonl prints too)
    expect(r.stdout.split('\n').slice(1, -2)).toEqual(r.issues.map((i, n) => JSON.stringify(i) + (n ? '' : ',')));

    retitle(dir, a, '主轴异响（复查）');
    r = await listBoth(dir);
    expect([r.parsed, r.texts.parsed]).toEqual([1, 0]); // what the facts view parsed went into the issues file
    expect(r.issues.find((i) => i.id === a)?.title).toBe('主轴异响（复查）');
    expect((await listBoth(dir)).texts).toEqual({ copied: 2, parsed: 0 }); // appended and kept
    expect((await listBoth(dir, ['--status', 'accepted'])).issues).toEqual([]);

    const text = readFileSync(join(dir, INDEX));
    writeFileSync(join(dir, INDEX), text.subarray(0, Math.floor(text.length * 0.7))); // a crash mid-write
    expect((await listBoth(dir)).texts.parsed).toBeGreaterThanOrEqual(1);
    writeFileSync(join(dir, INDEX), '\u0000garbage{{{\n'.repeat(50));
    expect((await listBoth(dir)).texts).toEqual({ copied: 0, parsed: 2 });
    // a line that does not frame as an issue is not copied
    write(
      dir,
      INDEX,
      read(dir, INDEX).replace(/^([0-9a-f]{40})\t\{"id":/m, (_, blob: string) => `${blob}\t{"xd":`),
    );
    expect((await listBoth(dir)).texts).toEqual({ copied: 1, parsed: 1 });
    // lines of another build are thrown away
    write(dir, INDEX, read(dir, INDEX).replace(/"build":"[^"]*"/, '"build":"0:older"'));
    expect((await listBoth(dir)).texts).toEqual({ copied: 0, parsed: 2 });
    rmSync(join(dir, 'issues', `${b}.yaml`));
    expect((await listBoth(dir)).issues.map((i) => i.id)).toEqual([a]);
  });

  it('two processes building it at once both answer right and leave a sound index', async () => {
    const { dir } = await storeWithTwo();
    for (let n = 0; n < 3; n++) await newIssue(dir, { title: `批量问题 ${n}` });
    const truth = await ok(dir, ['--no-index', 'list', '--json'], debug);
    rmSync(join(dir, INDEX), { force: true });
    // two builders of the same view, and one of the other view, at once
    const runs = await Promise.all([
      runProcess(dir, ['list', '--json'], debug),
      runProcess(dir, ['list', '--json'], debug),
      runProcess(dir, ['report', '--format', 'json'], debug),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[0].stdout).toBe(truth);
    expect(runs[1].stdout).toBe(truth);
    const facts = await run(dir, ['list'], debug);
    expect(facts.stdout).toBe(await ok(dir, ['--no-index', 'list']));
    expect(facts.stderr).toMatch(/index \(facts\): 5 reused, 0 parsed/);
    const after = await run(dir, ['list', '--json'], debug);
    expect(after.stdout).toBe(truth);
    expect(after.stderr).toMatch(/texts: 5 copied, 0 parsed/);
    expect((await exportBoth(dir)).stderr).toMatch(/index \(full\): 5 reused, 0 parsed/);
  });

  it('works outside git and with --no-index or AFTERSALES_NO_INDEX=1 (no index file written)', async () => {
    const { dir } = await storeWithTwo();
    const truth = await ok(dir, ['--no-index', 'list', '--json']);
    expect(existsSync(join(dir, INDEX))).toBe(false);
    expect(await ok(dir, ['list', '--json'], { env: { AFTERSALES_NO_INDEX: '1' } })).toBe(truth);
    expect(existsSync(join(dir, INDEX))).toBe(false);
    expect(existsSync(join(dir, FACTS))).toBe(false);
    rmSync(join(dir, '.git'), { recursive: true, force: true });
    expect(await ok(dir, ['list', '--json'])).toBe(truth);
  });

  it('a cold build of a realistic store (worker threads) reads what the careful loader reads', async () => {
    const dir = tempDir();
    execFileSync(process.execPath, [join(ROOT, 'fixtures', 'generate-store.js'), dir, '450'], { stdio: 'ignore' });
    const r = await listBoth(dir);
    expect(r.parsed).toBe(450);
    // the facts view (list, check, report, inbox) and the issues view (sla, export) answer
    // as the files read directly do
    const same = async (args: string[]) => {
      const through = await run(dir, args, debug);
      const direct = await run(dir, ['--no-index', ...args], debug);
      expect(through.stdout, args.join(' ')).toBe(direct.stdout);
      expect(through.code).toBe(direct.code);
      expect(through.stderr).toMatch(/index \((full|facts)\): \d+ reused, 0 parsed/); // both files made by one build
    };
    await same(['report', '--format', 'json', '--since', '2024-01-01']);
    await same(['report', '--by', 'owner', '--since', '2024-01-01']);
    await same(['list']);
    await same(['list', '--status', 'open', '--owner', 'li.si']);
    await same(['check', '--format', 'json', '--warn-within', '2d']);
    await same(['inbox', '--as', 'wang.wu', '--json']);
    await same(['sla', '--all', '--json']);
    const before = statSync(join(dir, INDEX)).mtimeMs;
    await listBoth(dir);
    expect(statSync(join(dir, INDEX)).mtimeMs).toBe(before); // warm: nothing rewritten

    // after an upgrade every view is stale: one whole build serves them all, and the files
    // of earlier versions go
    const old = ['index-v1.jsonl', 'texts-v1.txt', 'config-cache.json', 'kb-pool-index.txt', 'zone-offsets.json'];
    for (const name of old) write(dir, `.git/aftersales/${name}`, 'left by an earlier version');
    for (const file of [INDEX, FACTS]) {
      writeFileSync(
        join(dir, file),
        readFileSync(join(dir, file), 'utf8').replace(/"build":"[^"]*"/, '"build":"0:older"'),
      );
    }
    expect((await run(dir, ['report', '--format', 'json'], debug)).stderr).toMatch(
      /index \(facts\): 0 reused, 450 parsed \(new index\)/,
    );
    expect(readdirSync(join(dir, '.git', 'aftersales')).filter((name) => !name.endsWith('.lock'))).toEqual([
      'facts-v2.jsonl',
      'issues-v2.jsonl',
    ]);
    expect((await listBoth(dir)).parsed).toBe(0);
    expect((await run(dir, ['export', '--format', 'jsonl'], debug)).stderr).toMatch(
      /index \(full\): 450 reused, 0 parsed/,
    );
  });
});

describe('the progress bar', () => {
  const io = (tty: boolean) => {
    let written = '';
    const stream = {
      write: (s: string) => {
        written += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    return { io: { stderr: stream, stderrIsTTY: tty } as Io, text: () => written };
  };
  it('draws on a terminal once the work has run a moment, and clears its line', () => {
    let clock = 0;
    const t = io(true);
    const bar = progressBar(t.io, 'Reading issues', () => clock);
    bar.update(10, 100);
    expect(t.text()).toBe(''); // a quick job stays silent
    clock = 500;
    bar.update(50, 100);
    expect(t.text()).toContain(`Reading issues [${'█'.repeat(15)}`);
    expect(t.text()).toContain('50/100');
    bar.done();
    expect(t.text().endsWith('\r\x1b[K')).toBe(true);
  });
  it('is silent when stderr is not a terminal', () => {
    let clock = 0;
    const t = io(false);
    const bar = progressBar(t.io, 'Reading issues', () => clock);
    clock = 5000;
    bar.update(50, 100);
    bar.done();
    expect(t.text()).toBe('');
  });
});
