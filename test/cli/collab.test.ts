import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  commits,
  FIXTURES,
  git,
  newIssue,
  ok,
  plantStore,
  read,
  run,
  runProcess,
  setIdentity,
  tempDir,
  write,
  tellAgreeReview,
  testEnv,
  asChen,
} from '../helpers.js';

const at = (hhmm: string, day = '23') => ({ env: { AFTERSALES_NOW: `2026-11-${day}T${hhmm}:00+08:00` } });
const show = async (dir: string, id: string) => JSON.parse(await ok(dir, ['show', id, '--json']));

/** A bare remote, clone A (li.si) holding one issue, and clone B (chen.qi) cloned from it. */
async function twoClones() {
  const remote = tempDir();
  git(remote, ['init', '-q', '--bare', '-b', 'main']);
  const a = await plantStore('li.si');
  git(a, ['remote', 'add', 'origin', remote]);
  const id = await newIssue(a, { product: 'X100' }, at('09:00'));
  git(a, ['push', '-q', 'origin', 'main']);
  const b = tempDir();
  git(b, ['clone', '-q', remote, '.']);
  setIdentity(b, 'chen.qi');
  await ok(b, ['init']); // registers the merge driver in this clone, touches nothing tracked
  expect(git(b, ['status', '--porcelain'])).toBe('');
  return { remote, a, b, id };
}

/** The issue ready for acceptance in both clones; chen.qi fails it in B at 10:00, wang.wu
 * passes it in A at 10:30, neither having seen the other's round. */
async function acceptedInBoth() {
  const clones = await twoClones();
  const { a, b, id } = clones;
  await ok(a, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('09:30'));
  await ok(a, ['action', id, 'P1', '--done'], at('09:40'));
  await tellAgreeReview(a, id, '11-22', '11-23');
  git(a, ['push', '-q', 'origin', 'main']);
  git(b, ['pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main']);
  await run(b, ['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round1-fail.yaml')], at('10:00'));
  setIdentity(a, 'wang.wu');
  await ok(a, ['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round2-pass.yaml')], at('10:30'));
  return clones;
}

/** Each clone pushes its own branch, then merges the other's: both directions. */
function crossMerge(a: string, b: string) {
  git(a, ['push', '-q', 'origin', 'main:side-a']);
  git(b, ['push', '-q', 'origin', 'main:side-b']);
  git(a, ['fetch', '-q', 'origin']);
  git(b, ['fetch', '-q', 'origin']);
  git(a, ['merge', '-q', '--no-edit', 'origin/side-b']);
  git(b, ['merge', '-q', '--no-edit', 'origin/side-a']);
}

describe('merging issue files through git', () => {
  it('init registers the driver; edits to different fields both apply, with no conflict', async () => {
    const { a, b, id } = await twoClones();
    expect(git(b, ['config', 'merge.aftersales.driver'])).toMatch(/merge-file "\$@";.* f %O %A %B %P\n$/);
    await ok(a, ['dispatch', id, '--to', 'chen.qi', '--reason', '李四出差'], at('10:00'));
    await ok(b, ['comment', id, '客户来电催促'], at('10:05'));
    crossMerge(a, b);
    const merged = await show(a, id);
    expect(merged.assignee.person).toBe('chen.qi');
    expect(merged.history.map((h: { action: string }) => h.action)).toEqual([
      'register',
      'dispatch',
      'dispatch',
      'comment',
    ]);
    expect(read(a, `issues/${id}.yaml`)).toBe(read(b, `issues/${id}.yaml`)); // both directions, same bytes
    expect((await run(a, ['validate'])).code).toBe(0);
  });

  it('the same field changed on both sides: the later event wins, both events stay in the history', async () => {
    const { a, b, id } = await twoClones();
    await ok(b, ['dispatch', id, '--to', 'sun.ba', '--reason', '现场服务组就近处理'], at('10:20'));
    await ok(a, ['dispatch', id, '--to', 'chen.qi', '--reason', '质量组跟进'], at('10:10'));
    crossMerge(a, b);
    for (const dir of [a, b]) {
      const issue = await show(dir, id);
      expect(issue.assignee.person).toBe('sun.ba');
      expect(
        issue.history
          .filter((h: { action: string }) => h.action === 'dispatch')
          .map((h: { note: string | null }) => h.note),
      ).toEqual([null, '质量组跟进', '现场服务组就近处理']);
    }
    expect(read(a, `issues/${id}.yaml`)).toBe(read(b, `issues/${id}.yaml`));
  });

  it('a reopen on one side and a comment on the other', async () => {
    const { a, b, id } = await twoClones();
    await ok(a, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('09:30'));
    await ok(a, ['action', id, 'P1', '--done'], at('09:40'));
    await tellAgreeReview(a, id, '11-22', '11-23');
    await ok(a, ['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round2-pass.yaml')], asChen(at('09:50')));
    git(a, ['push', '-q', 'origin', 'main']);
    git(b, ['pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main']);
    await ok(a, ['reopen', id, '--reason', '异响复现'], at('11:00'));
    await ok(b, ['comment', id, '回访已完成'], at('11:30'));
    crossMerge(a, b);
    const issue = await show(b, id);
    expect(issue.status).toBe('in-progress');
    expect(issue.history.slice(-2).map((h: { action: string }) => h.action)).toEqual(['reopen', 'comment']);
    expect(issue.acceptance.rounds).toHaveLength(1);
    expect(read(a, `issues/${id}.yaml`)).toBe(read(b, `issues/${id}.yaml`));
  });

  it('two clones accepting the same issue keep two whole rounds in time order, never a mix', async () => {
    const { a, b, id } = await acceptedInBoth();
    crossMerge(a, b);
    const issue = await show(b, id);
    expect(read(a, `issues/${id}.yaml`)).toBe(read(b, `issues/${id}.yaml`));
    const rounds = issue.acceptance.rounds;
    expect(rounds.map((r: { round: number; by: string; result: string }) => [r.round, r.by, r.result])).toEqual([
      [1, 'chen.qi', 'fail'],
      [2, 'wang.wu', 'pass'],
    ]);
    // each round whole: the failed one holds its own answers and the customer's 2/5 alone
    expect(rounds[0].customer.satisfaction).toBe(2);
    expect(rounds[0].answers['customer-confirmed'].result).toBe('fail');
    expect(rounds[1].customer.satisfaction).toBe(5);
    // B's failure moved it verifying → in-progress; A's pass was made from verifying, a status
    // B had left: the events' own order decides, the summary is the deciding round's, and
    // validate agrees with the merge
    expect(issue.status).toBe('in-progress');
    expect(issue.acceptance).toMatchObject({ result: 'fail', satisfaction: 2 });
    expect((await run(b, ['validate'])).code).toBe(0);
  });

  it('a pull --rebase that renumbers the rounds keeps both whole, and audit sees no rewrite', async () => {
    const { a, b, id } = await acceptedInBoth();
    git(a, ['push', '-q', 'origin', 'main']);
    // B's earlier round, replayed onto A's, becomes round 1 and A's round 2
    git(b, ['pull', '-q', '--rebase', 'origin', 'main']);
    const rounds = (await show(b, id)).acceptance.rounds;
    expect(rounds.map((r: { round: number; by: string }) => [r.round, r.by])).toEqual([
      [1, 'chen.qi'],
      [2, 'wang.wu'],
    ]);
    const r = await run(b, ['audit']);
    expect(r.code, r.stdout).toBe(0);
    // a round moved by hand is still a rewrite
    const file = `issues/${id}.yaml`;
    const text = read(b, file);
    write(b, file, text.replace('satisfaction: 2', 'satisfaction: 4'));
    git(b, ['commit', '-qam', 'tidy']);
    expect((await run(b, ['audit'])).stdout).toMatch(/acceptance\.rounds\[0\]/);
  });

  it('a pass merged with a later failure from a clone that had not seen it stays accepted', async () => {
    const { a, b, id } = await twoClones();
    await ok(a, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('09:30'));
    await ok(a, ['action', id, 'P1', '--done'], at('09:40'));
    await tellAgreeReview(a, id, '11-22', '11-23');
    git(a, ['push', '-q', 'origin', 'main']);
    git(b, ['pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main']);
    await ok(b, ['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round2-pass.yaml')], at('10:00'));
    setIdentity(a, 'wang.wu');
    await run(a, ['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round1-fail.yaml')], at('10:05'));
    crossMerge(a, b);
    const issue = await show(a, id);
    expect(read(a, `issues/${id}.yaml`)).toBe(read(b, `issues/${id}.yaml`));
    expect(issue.acceptance.rounds.map((r: { result: string }) => r.result)).toEqual(['pass', 'fail']);
    expect(issue.status).toBe('accepted');
    expect(issue.acceptance).toMatchObject({ result: 'pass', satisfaction: 5 });
    expect((await run(a, ['validate'])).code).toBe(0);
  });

  it('audit takes the merges the driver made, and finds a merge commit edited by hand', async () => {
    const { a, b, id } = await twoClones();
    await ok(a, ['comment', id, 'A 的记录'], at('10:00'));
    await ok(b, ['comment', id, 'B 的记录'], at('10:30'));
    crossMerge(a, b);
    expect((await run(a, ['audit'])).code, (await run(a, ['audit'])).stdout).toBe(0);
    // a merge stopped before its commit, and a severity no one set written into it
    await ok(a, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('11:00'));
    await ok(b, ['comment', id, 'B 又一条'], at('11:10'));
    git(a, ['push', '-q', 'origin', 'main:side-a2']);
    git(b, ['fetch', '-q', 'origin']);
    git(b, ['merge', '-q', '--no-commit', 'origin/side-a2']);
    const file = `issues/${id}.yaml`;
    write(b, file, read(b, file).replace(/^severity: .*$/m, 'severity: low'));
    git(b, ['commit', '-qam', 'merge']);
    const r = await run(b, ['audit', '--format', 'json']);
    expect(r.code).toBe(1);
    const merge = git(b, ['rev-parse', 'HEAD']).trim();
    expect(JSON.parse(r.stdout).findings).toContainEqual(
      expect.objectContaining({ kind: 'merge', commit: merge, field: 'severity' }),
    );
  });

  it('a cancel in one clone and a later plan in the other: the issue stays cancelled', async () => {
    const { a, b, id } = await twoClones();
    await ok(a, ['cancel', id, '--reason', '客户撤回'], at('10:00'));
    await ok(b, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('11:00'));
    crossMerge(a, b);
    const issue = await show(a, id);
    expect(read(a, `issues/${id}.yaml`)).toBe(read(b, `issues/${id}.yaml`));
    expect(issue.status).toBe('cancelled');
    expect(issue.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['cancel', 'plan']));
    expect((await run(a, ['validate'])).code).toBe(0);
  });

  it('a driver whose install moved: aftersales on PATH merges, else conflict markers; no command completes it', async () => {
    const { a, b, id } = await twoClones();
    const moved = git(b, ['config', 'merge.aftersales.driver']).trim().replaceAll(BIN, '/gone/bin/aftersales.js');
    git(b, ['config', 'merge.aftersales.driver', moved]);
    await ok(a, ['comment', id, 'A 的记录'], at('10:00'));
    git(a, ['push', '-q', 'origin', 'main']);
    const mine = await run(b, ['comment', id, 'B 的记录'], at('10:30'));
    expect(mine.stderr).toMatch(/merge driver is from another install of aftersales: run aftersales init/);
    const bare = { PATH: '/usr/bin:/bin' }; // git and sh, and no aftersales
    const pull = spawnSync('git', ['pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main'], {
      cwd: b,
      env: testEnv(bare),
      encoding: 'utf8',
    });
    expect(pull.status).not.toBe(0);
    expect(pull.stderr).toMatch(/aftersales merge driver: neither \/gone\/bin\/aftersales\.js nor aftersales on PATH/);
    expect(read(b, `issues/${id}.yaml`)).toMatch(/^<{7} ours$/m);
    const refused = await run(b, ['comment', id, '合并中'], at('11:00'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/A git merge is in progress in this clone: finish it first/);
    expect((await run(b, ['validate'])).code).toBe(1);
    git(b, ['merge', '--abort']);

    // an aftersales on PATH takes over from the moved one
    const shim = join(tempDir(), 'bin');
    write(shim, 'aftersales', `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
    chmodSync(join(shim, 'aftersales'), 0o755);
    const merged = spawnSync('git', ['pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main'], {
      cwd: b,
      env: testEnv({ PATH: `${shim}:/usr/bin:/bin` }),
      encoding: 'utf8',
    });
    expect(merged.status, merged.stderr).toBe(0);
    const notes = (await show(b, id)).history.map((h: { note: string | null }) => h.note);
    expect(notes).toEqual(expect.arrayContaining(['A 的记录', 'B 的记录']));
  });

  it('concurrent new in two clones: both issues arrive, no duplicate, no conflict', async () => {
    const { a, b } = await twoClones();
    const x = await newIssue(a, { title: 'A 侧登记' }, at('12:00'));
    const y = await newIssue(b, { title: 'B 侧登记' }, at('12:00'));
    expect(x).not.toBe(y);
    crossMerge(a, b);
    const ids = JSON.parse(await ok(a, ['list', '--json'])).map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([x, y]));
    expect((await run(b, ['validate'])).code).toBe(0);
  });

  it('what the driver cannot merge gets standard conflict markers, and validate names the file', async () => {
    const { a, b, id } = await twoClones();
    // both sides hand-edit the same line, and one of them breaks the YAML
    write(a, `issues/${id}.yaml`, read(a, `issues/${id}.yaml`).replace('title: 主轴异响', 'title: [主轴异响'));
    git(a, ['commit', '-qam', 'broken by hand']);
    write(b, `issues/${id}.yaml`, read(b, `issues/${id}.yaml`).replace('title: 主轴异响', 'title: 主轴异响（B 改）'));
    git(b, ['commit', '-qam', 'title by hand']);
    git(a, ['push', '-q', 'origin', 'main:side-a']);
    git(b, ['fetch', '-q', 'origin']);
    const merge = await import('node:child_process').then(({ spawnSync }) =>
      spawnSync('git', ['merge', '--no-edit', 'origin/side-a'], {
        cwd: b,
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
      }),
    );
    expect(merge.status).not.toBe(0);
    expect(read(b, `issues/${id}.yaml`)).toMatch(/^<<<<<<< ours$/m);
    const v = await run(b, ['validate']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(
      new RegExp(`issues/${id}\\.yaml:\\d+:1  \\(file\\)  found "<<<<<<< ours", expected a merged file`),
    );
  });
});

describe('two processes at once in one clone', () => {
  it('changes to the same issue wait for each other: nothing lost, the git index not left locked', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, {}, at('09:00'));
    const runs = await Promise.all(
      ['一', '二', '三', '四'].map((n) => runProcess(dir, ['comment', id, `并发评论${n}`], at('10:00'))),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const notes = (await show(dir, id)).history
      .filter((h: { action: string }) => h.action === 'comment')
      .map((h: { note: string }) => h.note)
      .sort();
    expect(notes).toEqual(['并发评论一', '并发评论三', '并发评论二', '并发评论四'].sort());
    expect(commits(dir).filter((c) => c.includes(': comment —'))).toHaveLength(4);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, '.git', 'index.lock'))).toBe(false);
    expect(existsSync(join(dir, '.git', 'aftersales', 'write.lock'))).toBe(false);
  });
});

describe('aftersales sync', () => {
  it('pulls with the driver, pushes, and says clearly when the remote is unreachable', async () => {
    const { remote, a, b, id } = await twoClones();
    await ok(a, ['comment', id, 'A 的评论'], at('10:00'));
    await ok(b, ['comment', id, 'B 的评论'], at('10:05'));
    expect((await run(a, ['sync'])).stderr).toMatch(/Pushed to origin\/main/);
    const r = await run(b, ['sync']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Merged the changes from origin\.\nPushed to origin\/main\./);
    expect(git(remote, ['log', '--format=%s', '-1'])).toMatch(/^Merge/);
    git(a, ['remote', 'set-url', 'origin', join(remote, 'gone')]);
    const off = await run(a, ['sync']);
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(/^aftersales: The remote origin cannot be reached \(.*\); your commits are safe here/);
  });
});
