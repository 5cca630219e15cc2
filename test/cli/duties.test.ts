// The separation of duties: refused at the command (exit 2, the rule named, nothing written),
// relaxed only by the config's `duties:`, and found again by audit in a hand-made commit.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commits, FIXTURES, git, newIssue, ok, plantStore, read, run, setIdentity, write } from '../helpers.js';

const at = (hhmm: string) => ({ env: { AFTERSALES_NOW: `2026-11-23T${hhmm}:00+08:00` } });
const PLAN = join(FIXTURES, 'plans', 'x100-noise.yaml');

/** The refused command leaves the files and the commits as they were. */
async function refused(dir: string, args: string[], rule: RegExp) {
  const before = { status: git(dir, ['status', '--porcelain']), commits: commits(dir).length };
  const r = await run(dir, args, at('12:00'));
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(rule);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(git(dir, ['status', '--porcelain'])).toBe(before.status);
  expect(commits(dir)).toHaveLength(before.commits);
}

function relax(dir: string, duties: string) {
  write(dir, '.aftersales/config.yaml', `${read(dir, '.aftersales/config.yaml')}\nduties: { ${duties} }\n`);
  setIdentity(dir, 'wang.wu'); // the admin
  git(dir, ['commit', '-qam', `relax ${duties}`]);
}

describe('duties', () => {
  it('whoever submitted a plan does not approve it, unless self_approval: true', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100', severity: 'critical' }, at('09:00'));
    setIdentity(dir, 'wang.wu'); // the tech director plans this one himself
    await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
    await refused(dir, ['approve', id], /wang\.wu submitted the plan .* \(duties\.self_approval: false\)/);
    await refused(dir, ['reject', id, '--comment', '重做'], /duties\.self_approval/);
    relax(dir, 'self_approval: true');
    await ok(dir, ['approve', id], at('12:00'));
  });

  it('the assignee does not accept her own issue, unless owner_accepts: true', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100' }, at('09:00'));
    await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
    await ok(dir, ['action', id, 'P1', '--done'], at('11:00'));
    await ok(dir, ['confirm', id, '--satisfaction', '5', '--said', '好', '--channel', 'phone'], at('11:30'));
    const answers = join(FIXTURES, 'answers', 'x100-round2-pass.yaml');
    await refused(
      dir,
      ['accept', id, '--answers', answers],
      /li\.si is the assignee .* \(duties\.owner_accepts: false\)/,
    );
    relax(dir, 'owner_accepts: true');
    setIdentity(dir, 'li.si');
    expect((await run(dir, ['accept', id, '--answers', answers], at('12:00'))).code).not.toBe(2);
  });

  it("only the action's owner, the assignee or a lead marks it done", async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100' }, at('09:00'));
    await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
    setIdentity(dir, 'sun.ba'); // the service desk: "我替赵六点完成"
    await refused(
      dir,
      ['action', id, 'T1', '--done'],
      /sun\.ba is neither zhao\.liu .*duties\.others_complete_actions/,
    );
    await refused(dir, ['action', id, 'T1', '--withdrawn'], /duties\.others_complete_actions/);
    setIdentity(dir, 'zhao.liu');
    await ok(dir, ['action', id, 'T1', '--done'], at('12:00'));
    setIdentity(dir, 'li.si'); // the assignee may mark any of them
    await ok(dir, ['action', id, 'P1', '--done'], at('12:10'));
  });

  it('audit finds a duty broken in a commit made by hand', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100', severity: 'critical' }, at('09:00'));
    setIdentity(dir, 'wang.wu');
    await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
    const text = read(dir, `issues/${id}.yaml`)
      .replace('status: awaiting-approval', 'status: in-progress')
      .concat(
        "  - { at: '2026-11-23T11:00:00+08:00', by: wang.wu, action: approve, from: awaiting-approval, to: in-progress }\n",
      );
    write(dir, `issues/${id}.yaml`, text);
    git(dir, ['commit', '-qam', 'approved']);
    const r = await run(dir, ['audit', '--format', 'json']);
    expect(r.code).toBe(1);
    const kinds = JSON.parse(r.stdout).findings.map((f: { kind: string; detail: string }) => [f.kind, f.detail]);
    expect(kinds).toContainEqual(['duty', 'duties.self_approval: whoever submitted the plan does not decide it']);
  });
});
