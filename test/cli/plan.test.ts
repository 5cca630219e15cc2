import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  commits,
  FIXTURES,
  git,
  newIssue,
  ok,
  plantStore,
  read,
  run,
  setIdentity,
  tempDir,
  write,
} from '../helpers.js';

const PLAN = join(FIXTURES, 'plans', 'x100-noise.yaml');
const at = (hhmm: string, day = '23') => ({ env: { AFTERSALES_NOW: `2026-11-${day}T${hhmm}:00+08:00` } });
const show = async (dir: string, id: string) => JSON.parse(await ok(dir, ['show', id, '--json']));

async function planned(severity = 'critical') {
  const dir = await plantStore();
  const id = await newIssue(dir, { product: 'X100', severity }, at('09:00'));
  return { dir, id };
}

describe('aftersales plan', () => {
  it('attaches the RCA and every action field from plan.yaml; a critical plan waits for approval', async () => {
    const { dir, id } = await planned();
    const r = await run(dir, ['plan', id, '--file', PLAN], at('10:00'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${id} planned: 3 action(s); waiting for approval by tech-director (wang.wu).\n`);
    const issue = await show(dir, id);
    expect(issue.status).toBe('awaiting-approval');
    expect(issue.rca).toEqual({
      direct_cause: '轴承润滑不足',
      indirect_causes: ['装配工艺未规定润滑量'],
      root_cause: '作业指导书缺少润滑量要求',
      escape_point: '出厂噪音检测未覆盖低速工况',
      method: '5-why',
    });
    expect(issue.actions.map((a: { id: string; kind: string; who: string }) => [a.id, a.kind, a.who])).toEqual([
      ['T1', 'temporary', 'zhao.liu'],
      ['P1', 'permanent', 'wang.wu'],
      ['C1', 'preventive', 'li.si'],
    ]);
    expect(issue.actions[0]).toMatchObject({
      when: '2026-11-25T18:00:00+08:00',
      remove_by: '2026-12-20T18:00:00+08:00',
      verify: '全检噪音 < 45 dB',
      done_at: null,
    });
    expect(issue.actions[2].target).toEqual({ kind: 'sop', ref: 'QP-7.1.2 出厂检验规程' });
    expect(issue.approval).toMatchObject({
      required: true,
      role: 'tech-director',
      requested_at: '2026-11-23T10:00:00+08:00',
      decision: null,
    });
    expect(
      issue.history.slice(-2).map((h: { action: string; to: string; notify: string[] }) => [h.action, h.to, h.notify]),
    ).toEqual([
      ['plan', 'planned', ['zhao.liu', 'wang.wu', 'li.si']],
      ['request-approval', 'awaiting-approval', ['wang.wu']],
    ]);
    // critical: resolution due in 2 days; T1 and P1 fall after it
    expect(r.stderr).toContain('warning: T1, P1, C1 fall(s) after the resolution due date 2026-11-25 09:00.');
    expect(commits(dir)[0]).toBe(`${id}: plan — 主轴异响`);
  });

  it('a plan that needs no approval goes straight to in-progress', async () => {
    const { dir, id } = await planned('high');
    await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
    expect((await show(dir, id)).status).toBe('in-progress');
  });

  it('refuses an action without what, one known who, when or verify, at the line in the plan file', async () => {
    const { dir, id } = await planned();
    const plan = read(FIXTURES, 'plans/x100-noise.yaml');
    const cases: [string, RegExp][] = [
      [
        plan.replace('    verify: 全检噪音 < 45 dB\n', ''),
        /plan\.yaml:9:5 {2}actions\[0\]\.verify {2}found nothing, expected a text/,
      ],
      [
        plan.replace('who: zhao.liu', 'who: [zhao.liu, li.si]'),
        /actions\[0\]\.who {2}found a list of 2, expected exactly one person id/,
      ],
      [plan.replace('who: zhao.liu', 'who: zhao.l'), /Unknown person 'zhao.l'/],
      [
        plan.replace('when: "2026-11-25T18:00:00+08:00"', 'when: 下周'),
        /actions\[0\]\.when {2}found "下周", expected a date/,
      ],
      [plan.replace('    remove_by: "2026-12-20T18:00:00+08:00"\n', ''), /Temporary action T1 needs remove_by/],
      [
        plan.replace('    target: { kind: sop, ref: QP-7.1.2 出厂检验规程 }\n', ''),
        /Preventive action C1 needs a target/,
      ],
      [
        plan.replace('kind: permanent', 'kind: temporary\n    remove_by: 2026-12-20'),
        /no permanent action; a temporary fix is not a root fix/,
      ],
      [
        plan.replace('what: 作业指导书第3.2节规定润滑脂用量为5g', 'what: 加强装配管理'),
        /Action P1 what uses vague wording \(加强\)/,
      ],
      [
        plan.replace('verify: 连续抽检3批各20台，噪音 < 45 dB', 'verify: 客户满意'),
        /Action P1 verify names no number or observable result/,
      ],
      [
        plan.replace(/root_cause: .*/, 'root_cause: 管理不到位，员工责任心不强'),
        /The root cause names no cause \(.*管理不到位/,
      ],
      [
        plan.replace('what: 作业指导书第3.2节规定润滑脂用量为5g', 'what: 对员工进行培训'),
        /Action P1 what uses vague wording/,
      ],
      [
        plan.replace('rca:', 'rca:\n  rca: ['),
        /plan\.yaml:\d+:\d+ {2}YAML syntax error|plan\.yaml:\d+:\d+ {2}\(file\)/,
      ],
    ];
    const file = join(tempDir(), 'plan.yaml');
    for (const [text, message] of cases) {
      write(file, '', text);
      const r = await run(dir, ['plan', id, '--file', file], at('10:00'));
      expect(r.code, text).toBe(2);
      expect(r.stderr, text).toMatch(message);
    }
    expect((await show(dir, id)).status).toBe('assigned');
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect((await run(dir, ['plan', id])).stderr).toMatch(/Missing --file plan\.yaml/);
  });

  it("a store's own vague words join the shipped ones; exact compounds are not vague", async () => {
    const { dir, id } = await planned('high');
    const plan = readFileSync(join(FIXTURES, 'plans', 'x100-noise.yaml'), 'utf8');
    const file = join(tempDir(), 'plan.yaml');
    write(dir, '.aftersales/vague-words.yaml', 'vague: [差不多]\n');
    write(file, '', plan.replace('what: 作业指导书第3.2节规定润滑脂用量为5g', 'what: 润滑脂差不多加满'));
    const r = await run(dir, ['plan', id, '--file', file], at('10:00'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vague wording \(差不多\)/);
    write(
      file,
      '',
      plan.replace('what: 作业指导书第3.2节规定润滑脂用量为5g', 'what: 更换左右导轨防护罩为304不锈钢材质'),
    );
    expect((await run(dir, ['plan', id, '--file', file], at('10:00'))).code).toBe(0);
  });

  it('--allow-vague accepts vague wording and records the allowance', async () => {
    const { dir, id } = await planned('high');
    const file = join(tempDir(), 'plan.yaml');
    write(
      file,
      '',
      read(FIXTURES, 'plans/x100-noise.yaml').replace(
        'what: 作业指导书第3.2节规定润滑脂用量为5g',
        'what: 加强装配管理',
      ),
    );
    const r = await run(dir, ['plan', id, '--file', file, '--allow-vague'], at('10:00'));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('vague wording allowed for P1');
    const issue = await show(dir, id);
    expect(issue.actions.find((a: { id: string }) => a.id === 'P1').vague_allowed).toBe(true);
    // stored as a code and its parameters, worded when shown
    expect(issue.history.find((h: { action: string }) => h.action === 'plan')).toMatchObject({
      note: null,
      note_code: 'plan-actions',
      note_params: { vague: 'P1' },
    });
    expect(await ok(dir, ['show', id])).toContain('vague wording allowed: P1');
  });

  it('re-planning replaces actions by id and adds new ones; the history keeps the old', async () => {
    const { dir, id } = await planned('high');
    await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
    const file = join(tempDir(), 'plan.yaml');
    const again = read(FIXTURES, 'plans/x100-noise.yaml')
      .replace(/ {2}- id: T1[\s\S]*?(?= {2}- id: P1)/, '')
      .replace(/ {2}- id: C1[\s\S]*$/, '')
      .replace('作业指导书第3.2节规定润滑脂用量为5g', '作业指导书第3.2节规定润滑脂用量为5g±0.5g')
      .concat(
        '  - id: P2\n    kind: permanent\n    what: 润滑脂加注改用定量枪\n    who: sun.ba\n    when: 2026-11-24\n    verify: 定量枪出脂量 5g±0.2g，连续10次\n',
      );
    write(file, '', again);
    await ok(dir, ['plan', id, '--file', file], at('11:00'));
    const issue = await show(dir, id);
    expect(issue.actions.map((a: { id: string }) => a.id)).toEqual(['T1', 'P1', 'C1', 'P2']);
    expect(issue.actions[1].what).toBe('作业指导书第3.2节规定润滑脂用量为5g±0.5g');
    expect(issue.actions[3].when).toBe('2026-11-24T23:59:59+08:00');
    const replan = issue.history.filter((h: { action: string }) => h.action === 'plan')[1];
    expect(replan.replaced.map((a: { id: string; what: string }) => [a.id, a.what])).toEqual([
      ['P1', '作业指导书第3.2节规定润滑脂用量为5g'],
    ]);
    expect(replan.from).toBe('in-progress');
  });
});

describe('approval, execution and the audit log', () => {
  it('approve and reject need the role; reject needs a comment and returns to assigned', async () => {
    const { dir, id } = await planned();
    await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
    const wrong = await run(dir, ['approve', id], at('10:30'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('aftersales: approve needs the role tech-director; li.si holds quality-engineer.\n');
    setIdentity(dir, 'wang.wu');
    expect((await run(dir, ['reject', id])).stderr).toMatch(/reject needs --comment/);
    await ok(dir, ['reject', id, '--comment', 'T1 需先确认库存数量'], at('11:00'));
    let issue = await show(dir, id);
    expect(issue.status).toBe('assigned');
    expect(issue.approval).toMatchObject({
      decision: 'rejected',
      decided_by: 'wang.wu',
      comment: 'T1 需先确认库存数量',
    });
    setIdentity(dir, 'li.si');
    await ok(dir, ['plan', id, '--file', PLAN], at('12:00'));
    setIdentity(dir, 'wang.wu');
    const r = await run(dir, ['approve', id, '--comment', '同意'], at('13:00'));
    expect(r.stdout).toBe(`${id} approved by wang.wu; in progress.\n`);
    issue = await show(dir, id);
    expect(issue.status).toBe('in-progress');
    expect(issue.approval).toMatchObject({
      decision: 'approved',
      decided_by: 'wang.wu',
      decided_at: '2026-11-23T13:00:00+08:00',
    });
    expect(git(dir, ['log', '-1', '--format=%ae %s'])).toBe(`wang.wu@example.com ${id}: approve — 主轴异响\n`);
    expect((await run(dir, ['approve', id])).stderr).toMatch(
      /is in progress, so 'approve' is not possible; allowed now: dispatch --to, plan, accept, cancel, action --done, action --withdrawn, comment, contact, confirm, review, compensate, cost, reclassify, wait\.$/m,
    );
  });

  it('actions are done with evidence; when every permanent one is, the issue is verifying; only temporary fixes are withdrawn', async () => {
    const { dir, id } = await planned('high');
    await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
    expect((await run(dir, ['action', id, 'X9', '--done'])).stderr).toMatch(
      /has no action 'X9'; its actions are T1, P1, C1/,
    );
    expect((await run(dir, ['action', id, 'P1'])).stderr).toMatch(/--done or --withdrawn/);
    await ok(dir, ['action', id, 'T1', '--done', '--evidence', '100台已补脂，全检合格'], at('11:00'));
    expect((await show(dir, id)).status).toBe('in-progress');
    const r = await run(dir, ['action', id, 'p1', '--done', '--evidence', 'WI-3.2 rev B'], at('12:00'));
    expect(r.stderr).toContain('every permanent action is done; ready for acceptance');
    const issue = await show(dir, id);
    expect(issue.status).toBe('verifying');
    expect(issue.actions[1]).toMatchObject({ done_at: '2026-11-23T12:00:00+08:00', evidence: 'WI-3.2 rev B' });
    expect(
      issue.history.slice(-2).map((h: { action: string; action_id?: string }) => [h.action, h.action_id ?? null]),
    ).toEqual([
      ['action-done', 'P1'],
      ['verify', null],
    ]);
    expect((await run(dir, ['action', id, 'P1', '--done'])).stderr).toMatch(/already recorded as done/);
    expect((await run(dir, ['action', id, 'C1', '--withdrawn'])).stderr).toMatch(
      /C1 is preventive; only temporary fixes are withdrawn/,
    );
    await ok(dir, ['action', id, 'T1', '--withdrawn', '--evidence', '库存设备已按新规程复检'], at('13:00'));
    expect((await show(dir, id)).actions[0].withdrawn_at).toBe('2026-11-23T13:00:00+08:00');
  });

  it('comment and cancel are history events; cancel needs a reason and ends only open issues', async () => {
    const { dir, id } = await planned('high');
    await ok(dir, ['comment', id, '客户已电话确认', '方案'], at('10:00'));
    expect((await show(dir, id)).history.at(-1)).toMatchObject({
      action: 'comment',
      note: '客户已电话确认 方案',
      from: null,
      to: null,
    });
    expect((await run(dir, ['cancel', id])).stderr).toMatch(/cancel needs --reason/);
    await ok(dir, ['cancel', id, '--reason', '客户撤回投诉'], at('11:00'));
    expect((await show(dir, id)).status).toBe('cancelled');
    expect((await run(dir, ['cancel', id, '--reason', 'again'])).stderr).toMatch(
      /is cancelled, so 'cancel' is not possible; allowed now: comment/,
    );
  });

  it('log puts each event beside the commit that made it, and flags a commit by someone else', async () => {
    const { dir, id } = await planned();
    await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
    // wang.wu approves but does not commit; li.si commits it
    setIdentity(dir, 'wang.wu');
    await ok(dir, ['approve', id, '--no-commit'], at('11:00'));
    setIdentity(dir, 'li.si');
    git(dir, ['commit', '-qam', 'approval']);
    await ok(dir, ['comment', id, 'pending', '--no-commit'], at('12:00'));
    const trail = JSON.parse(await ok(dir, ['log', id, '--json']));
    expect(
      trail.map((e: { event: { action: string; by: string }; commit: { email: string } | null; mismatch: boolean }) => [
        e.event.action,
        e.event.by,
        e.commit?.email ?? null,
        e.mismatch,
      ]),
    ).toEqual([
      ['register', 'li.si', 'li.si@example.com', false],
      ['dispatch', 'li.si', 'li.si@example.com', false],
      ['plan', 'li.si', 'li.si@example.com', false],
      ['request-approval', 'li.si', 'li.si@example.com', false],
      ['approve', 'wang.wu', 'li.si@example.com', true],
      ['comment', 'li.si', null, false],
    ]);
    const text = await ok(dir, ['log', id]);
    expect(text).toContain('⚠ committed by someone other than the actor');
    expect(text).toContain('⚠ not in any commit yet');
  });
});
