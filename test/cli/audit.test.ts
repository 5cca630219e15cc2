import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXTURES,
  git,
  newIssue,
  ok,
  plantStore,
  read,
  run,
  setIdentity,
  write,
  x100ReadyForAcceptance,
  asChen,
} from '../helpers.js';

const at = (hhmm: string) => ({ env: { AFTERSALES_NOW: `2026-11-23T${hhmm}:00+08:00` } });
const audit = async (dir: string, args: string[] = []) => {
  const r = await run(dir, ['audit', '--format', 'json', ...args]);
  return {
    code: r.code,
    findings: JSON.parse(r.stdout).findings as {
      issue: string;
      kind: string;
      commit: string;
      field?: string;
      event: { by: string; action: string } | null;
      detail: string;
    }[],
  };
};

async function approvedByTheDirector() {
  const dir = await plantStore();
  const id = await newIssue(dir, { product: 'X100', severity: 'critical' }, at('09:00'));
  await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('10:00'));
  setIdentity(dir, 'wang.wu');
  await ok(dir, ['approve', id], at('11:00'));
  setIdentity(dir, 'li.si');
  return { dir, id };
}

describe('aftersales audit', () => {
  it('a trail made by the commands holds', async () => {
    const { dir } = await approvedByTheDirector();
    const r = await run(dir, ['audit']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/The trail of 1 issue\(s\) holds/);
  });

  it('catches a hand-edited history entry', async () => {
    const { dir, id } = await approvedByTheDirector();
    write(
      dir,
      `issues/${id}.yaml`,
      read(dir, `issues/${id}.yaml`).replace(
        /note_params:\n\s+role: tech-director/,
        'note_params:\n      role: nobody',
      ),
    );
    git(dir, ['commit', '-qam', 'tidy']);
    const { code, findings } = await audit(dir);
    expect(code).toBe(1);
    expect(findings).toEqual([
      expect.objectContaining({
        issue: id,
        kind: 'edited',
        event: expect.objectContaining({ action: 'request-approval' }),
      }),
    ]);
  });

  it('catches an approval by someone without the role, and one committed by someone else', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100', severity: 'critical' }, at('09:00'));
    await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('10:00'));
    // li.si (quality-engineer) writes the approval in by hand and commits it
    const text = read(dir, `issues/${id}.yaml`)
      .replace('status: awaiting-approval', 'status: in-progress')
      .concat(
        "  - { at: '2026-11-23T11:00:00+08:00', by: li.si, action: approve, from: awaiting-approval, to: in-progress }\n",
      );
    write(dir, `issues/${id}.yaml`, text);
    git(dir, ['commit', '-qam', 'approved']);
    let { findings } = await audit(dir);
    expect(findings.map((f) => [f.kind, f.event?.by, f.detail])).toEqual([
      ['duty', 'li.si', 'duties.self_approval: whoever submitted the plan does not decide it'],
      ['role', 'li.si', 'li.si did not hold tech-director'],
    ]);

    // wang.wu approves another issue, but li.si commits it
    const other = await newIssue(dir, { product: 'X100', severity: 'critical' }, at('12:00'));
    await ok(dir, ['plan', other, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('12:10'));
    setIdentity(dir, 'wang.wu');
    await ok(dir, ['approve', other, '--no-commit'], at('12:20'));
    setIdentity(dir, 'li.si');
    git(dir, ['commit', '-qam', 'approval']);
    ({ findings } = await audit(dir, [other]));
    expect(findings.map((f) => [f.kind, f.event?.by, f.detail])).toEqual([
      ['author', 'wang.wu', 'committed by li.si@example.com'],
    ]);
  });

  it('--require-signed lists commits that add events without a signature; junit and github formats', async () => {
    const { dir, id } = await approvedByTheDirector();
    const { findings } = await audit(dir, ['--require-signed']);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.kind))).toEqual(new Set(['unsigned']));
    const j = await run(dir, ['audit', '--require-signed', '--format', 'junit']);
    expect(j.code).toBe(1);
    expect(j.stdout).toMatch(
      /<testcase name="AS-[^"]+" classname="aftersales\.audit" file="issues\/[^"]+" time="0">\s*<failure type="unsigned"/,
    );
    const g = await run(dir, ['audit', '--require-signed', '--format', 'github']);
    expect(g.stdout.split('\n')[0]).toMatch(
      new RegExp(`^::error file=issues/${id}\\.yaml,line=1,title=aftersales audit%3A unsigned::`),
    );
  });
});

describe('audit: every change made by its event, by whom the config allowed', () => {
  const findingsOf = async (dir: string) => (await audit(dir)).findings;
  const head = (dir: string) => git(dir, ['rev-parse', 'HEAD']).trim();

  it('flags a status set by hand, and a recorded round rewritten by a later commit', async () => {
    const { dir, id } = await x100ReadyForAcceptance();
    const file = `issues/${id}.yaml`;
    write(dir, file, read(dir, file).replace(/^status: verifying$/m, 'status: accepted'));
    git(dir, ['commit', '-qam', 'tidy']);
    const tidy = head(dir);
    let findings = await findingsOf(dir);
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'unexplained', commit: tidy, field: 'status', issue: id }),
    ]);
    const text = await run(dir, ['audit']);
    expect(text.stdout).toContain(`${tidy.slice(0, 8)}  ${file}  status  field changed without its event`);
    git(dir, ['revert', '--no-edit', 'HEAD']);

    // a real round, then an outsider turns its satisfaction 2 into 5
    const round = await run(
      dir,
      ['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round1-fail.yaml')],
      asChen({ env: { AFTERSALES_NOW: '2026-11-28T10:00:00+08:00' } }),
    );
    expect(round.code).toBe(1); // failed, the customer at 2/5
    setIdentity(dir, 'zhao.liu');
    write(dir, file, read(dir, file).replaceAll('satisfaction: 2', 'satisfaction: 5'));
    git(dir, ['commit', '-qam', 'fix typo']);
    findings = (await findingsOf(dir)).filter((f) => f.commit === head(dir));
    expect(findings.map((f) => [f.kind, f.field])).toEqual(
      expect.arrayContaining([
        ['unexplained', 'acceptance'],
        ['rewritten', 'acceptance.rounds[0]'],
      ]),
    );
    const github = await run(dir, ['audit', '--format', 'github']);
    expect(github.stdout).toMatch(
      new RegExp(`^::error file=issues/${id}\\.yaml,line=1,title=aftersales audit%3A rewritten::`, 'm'),
    );
  });

  it('a hand edit of the due date beside a real dispatch is still unexplained', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100' }, at('09:00'));
    await ok(dir, ['dispatch', id, '--to', 'chen.qi', '--reason', '换人', '--no-commit'], at('10:00'));
    const file = `issues/${id}.yaml`;
    write(
      dir,
      file,
      read(dir, file).replace(/resolution: "2026-11-28T09:00:00\+08:00"/, 'resolution: "2027-03-28T09:00:00+08:00"'),
    );
    git(dir, ['commit', '-qam', 'dispatch']);
    const { findings } = await audit(dir);
    expect(findings.map((f) => [f.kind, f.field])).toEqual([['unexplained', 'due']]);
  });

  it("a due date moved by a hand-written recompute event is not the SLA's; a real recompute is", async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100' }, at('09:00'));
    const file = `issues/${id}.yaml`;
    // the admin changes the SLA; sla --recompute applies it
    setIdentity(dir, 'wang.wu');
    write(
      dir,
      '.aftersales/config.yaml',
      read(dir, '.aftersales/config.yaml').replace('resolution: 5d }', 'resolution: 7d }'),
    );
    git(dir, ['commit', '-qam', 'SLA: high in 7 days']);
    setIdentity(dir, 'li.si');
    await ok(dir, ['sla', id, '--recompute'], at('10:00'));
    expect((await audit(dir)).findings).toEqual([]);
    // a recompute-due written by hand, pushing the date out
    const text = read(dir, file)
      .replace(/resolution: "2026-11-30T09:00:00\+08:00"/, 'resolution: "2027-01-30T09:00:00+08:00"')
      .concat("  - { at: '2026-11-23T11:00:00+08:00', by: li.si, action: recompute-due, note: 重算 }\n");
    write(dir, file, text);
    git(dir, ['commit', '-qam', 'recompute']);
    const { findings } = await audit(dir);
    expect(findings.map((f) => [f.kind, f.field, f.detail])).toEqual([
      ['unexplained', 'due', 'not the due dates the SLA of the config gives this issue'],
    ]);
  });

  it('an issue file deleted by hand is found, though it is gone from issues/', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100' }, at('09:00'));
    git(dir, ['rm', '-q', `issues/${id}.yaml`]);
    git(dir, ['commit', '-qm', 'tidy']);
    const { code, findings } = await audit(dir);
    expect(code).toBe(1);
    expect(findings).toEqual([
      expect.objectContaining({ issue: id, kind: 'edited', detail: 'the issue file was deleted' }),
    ]);
  });

  it('flags a role granted by someone who is not an admin, even when taken back after use', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100', severity: 'critical' }, at('09:00'));
    setIdentity(dir, 'chen.qi');
    await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('10:00'));
    setIdentity(dir, 'li.si');
    const config = read(dir, '.aftersales/config.yaml');
    write(
      dir,
      '.aftersales/config.yaml',
      config.replace('roles: [quality-engineer] }', 'roles: [quality-engineer, tech-director] }'),
    );
    git(dir, ['commit', '-qam', 'roles']);
    const grant = head(dir);
    await ok(dir, ['approve', id], at('11:00'));
    write(dir, '.aftersales/config.yaml', config);
    git(dir, ['commit', '-qam', 'roles back']);
    const findings = await findingsOf(dir);
    expect(findings.map((f) => [f.kind, f.commit, f.field])).toEqual([
      ['config', grant, 'people'],
      ['config', head(dir), 'people'],
    ]);
    const text = await run(dir, ['audit']);
    expect(text.stdout).toContain(
      `${grant.slice(0, 8)}  .aftersales/config.yaml  people  config changed without an admin`,
    );
    const junit = await run(dir, ['audit', '--format', 'junit']);
    expect(junit.stdout).toMatch(
      /<testcase name="\.aftersales\/config\.yaml"[^>]*file="\.aftersales\/config\.yaml"[^>]*>\s*<failure type="config"/,
    );
    // the admin (wang.wu) may
    setIdentity(dir, 'wang.wu');
    write(dir, '.aftersales/config.yaml', config.replace('roles: [engineer] }', 'roles: [engineer, lead] }'));
    git(dir, ['commit', '-qam', 'zhao.liu leads']);
    expect((await findingsOf(dir)).filter((f) => f.commit === head(dir))).toEqual([]);
  });
});
