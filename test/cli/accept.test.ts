import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  commits,
  FIXTURES,
  newIssue,
  ok,
  plantStore,
  read,
  run,
  setIdentity,
  tempDir,
  write,
  x100ReadyForAcceptance,
  asChen,
} from '../helpers.js';

const PLAN = join(FIXTURES, 'plans', 'x100-noise.yaml');
const FAIL = join(FIXTURES, 'answers', 'x100-round1-fail.yaml');
const PASS = join(FIXTURES, 'answers', 'x100-round2-pass.yaml');
const at = (day: string, hhmm = '10:00') => ({ env: { AFTERSALES_NOW: `2026-${day}T${hhmm}:00+08:00` } });
const show = async (dir: string, id: string) => JSON.parse(await ok(dir, ['show', id, '--json']));

const verifying = x100ReadyForAcceptance;

describe('aftersales accept', () => {
  it('a failed round goes back to in-progress with its failed items (exit 1); the next round passes and closes', async () => {
    const { dir, id } = await verifying();
    const r1 = await run(dir, ['accept', id, '--answers', FAIL], asChen(at('11-28')));
    expect(r1.code).toBe(1);
    expect(r1.stdout).toBe(
      'The customer gate fails: the customer is not satisfied enough (below 4/5).\n' +
        `${id} not accepted: round 1, score 0.67 (needs 0.8 and every mandatory item); failed: The customer was told at each key point · Formal follow-up done; the customer said 'satisfied' or 'accepted' · The solution went beyond the customer's basic expectation · A cross-department review meeting was held and minuted · Preventive action is in the SOP or the product backlog with a named owner. Back to in-progress for rework.\n`,
    );
    let issue = await show(dir, id);
    expect(issue.status).toBe('in-progress');
    expect(issue.acceptance).toMatchObject({
      template: 'three-dimension',
      result: 'fail',
      score: 12 / 18,
      satisfaction: 2,
    });
    // the answers file's customer block is a confirmation, and the customer's 2/5 fails the round
    expect(issue.history.at(-2)).toMatchObject({
      action: 'confirm',
      satisfaction: 2,
      note: '还是不太满意，噪音偶尔还有',
    });
    expect(issue.acceptance.rounds[0]).toMatchObject({
      round: 1,
      by: 'chen.qi',
      result: 'fail',
      customer_gate: 'satisfaction-low',
      failed_items: [
        'customer-informed',
        'customer-confirmed',
        'beyond-expectation',
        'review-held',
        'prevention-in-sop',
      ],
    });
    expect(issue.history.at(-1)).toMatchObject({ action: 'accept-failed', from: 'verifying', to: 'in-progress' });
    // rework stays in in-progress until the next acceptance, which may run from there
    const r2 = await run(dir, ['accept', id, '--answers', PASS], asChen(at('12-01')));
    expect(r2.code).toBe(0);
    expect(r2.stdout).toBe(`${id} accepted: round 2, score 1.00 (three-dimension).\n`);
    issue = await show(dir, id);
    expect(issue.status).toBe('accepted');
    expect(issue.acceptance).toMatchObject({ result: 'pass', score: 1, satisfaction: 5 });
    expect(issue.acceptance.rounds[1].customer).toEqual({
      satisfaction: 5,
      said: '问题已彻底解决，设备运行安静',
      channel: 'phone',
    });
    expect(issue.acceptance.rounds[1].compensation).toEqual({
      kind: 'service',
      amount: 1200,
      currency: 'CNY',
      note: '赠送一次保养',
    });
    expect(issue.history.at(-1)).toMatchObject({ action: 'accept', from: 'in-progress', to: 'accepted' });
    expect(commits(dir)[0]).toBe(`${id}: accept — X100 主轴低速异响`);
  });

  it('keeps the knowledge: root cause, fix and evidence', async () => {
    const { dir, id } = await verifying();
    await ok(dir, ['accept', id, '--answers', PASS], asChen(at('12-01')));
    expect((await show(dir, id)).knowledge).toEqual({
      summary:
        '作业指导书缺少润滑量要求 → 作业指导书第3.2节规定润滑脂用量为5g；出厂检测增加低速工况（300 rpm）噪音测试项',
      root_cause: '作业指导书缺少润滑量要求',
      fix: '作业指导书第3.2节规定润滑脂用量为5g；出厂检测增加低速工况（300 rpm）噪音测试项',
      evidence: expect.stringContaining('P1: WI-3.2 rev B；rca-done: 5-why 分析记录 RCA-2026-031'),
      tags: ['hardware', 'X100', 'A'],
    });
    // Chinese answers survive the round trip through the file byte for byte
    expect(read(dir, `issues/${id}.yaml`)).toContain('evidence: 24h 运行噪音 41 dB，测试报告 TR-2026-088');
  });

  it('refuses while a permanent action is not done, from the wrong status, and bad answers', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100' }, at('11-23'));
    expect((await run(dir, ['accept', id, '--answers', PASS], asChen())).stderr).toMatch(
      /is assigned, so 'accept' is not possible; allowed now: dispatch, plan, cancel, comment/,
    );
    await ok(dir, ['plan', id, '--file', PLAN], at('11-23', '11:00'));
    const early = await run(dir, ['accept', id, '--answers', PASS], asChen());
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/still has permanent actions not done \(P1\)/);
    await ok(dir, ['action', id, 'P1', '--done'], at('11-26'));
    await ok(dir, ['review', id, '--minutes', '复盘'], at('11-27')); // manufacturing checks that one
    await ok(dir, ['confirm', id, '--plan', '--said', '同意方案', '--channel', 'phone'], at('11-23', '12:00')); // and this
    const file = join(tempDir(), 'answers.yaml');
    const cases: [string, RegExp][] = [
      [
        read(FIXTURES, 'answers/x100-round2-pass.yaml').replace('fix-verified:', 'fix-verifed:'),
        /item 'fix-verifed', which template three-dimension does not have/,
      ],
      [
        read(FIXTURES, 'answers/x100-round2-pass.yaml').replace(
          'customer-confirmed: { result: pass',
          'customer-confirmed: { result: na',
        ),
        /Item customer-confirmed is mandatory, so it cannot be answered na/,
      ],
      [
        read(FIXTURES, 'answers/x100-round2-pass.yaml').replace('satisfaction: 5', 'satisfaction: 6'),
        /answers\.yaml:\d+:\d+ {2}customer\.satisfaction {2}found 6, expected at most 5/,
      ],
      [
        read(FIXTURES, 'answers/x100-round2-pass.yaml').replace('{ result: pass }', '{ result: ok }'),
        /items\.problem-described\.result {2}found "ok", expected one of pass, fail, na/,
      ],
    ];
    for (const [text, message] of cases) {
      write(file, '', text);
      const r = await run(dir, ['accept', id, '--answers', file], asChen());
      expect(r.code, text).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect((await run(dir, ['accept', id], asChen())).stderr).toMatch(/Missing --answers answers\.yaml/);
    expect((await show(dir, id)).acceptance.rounds).toEqual([]);
  });

  it('uses the template the config picks by type, and a store-local override', async () => {
    const dir = await plantStore();
    write(
      dir,
      '.aftersales/config.yaml',
      read(dir, '.aftersales/config.yaml').replace(
        'template: three-dimension',
        'template: three-dimension\n  by_type: { hardware: manufacturing }',
      ),
    );
    const id = await newIssue(dir, { product: 'X100' }, at('11-23'));
    await ok(dir, ['plan', id, '--file', PLAN], at('11-23', '11:00'));
    await ok(dir, ['action', id, 'P1', '--done'], at('11-26'));
    await ok(dir, ['review', id, '--minutes', '复盘'], at('11-27')); // manufacturing checks that one
    await ok(dir, ['confirm', id, '--plan', '--said', '同意方案', '--channel', 'phone'], at('11-23', '12:00')); // and this
    const file = join(tempDir(), 'answers.yaml');
    write(
      file,
      '',
      'items:\n  noise-verified: { result: pass }\n  yield-verified: { result: pass }\n  customer-confirmed: { result: pass }\n  sop-updated: { result: pass }\n  stock-handled: { result: na }\n  derived-harm: { result: na }\n  beyond-expectation: { result: pass }\n  inspection-updated: { result: fail }\ncustomer: { satisfaction: 5, said: 噪音已消除, channel: phone }\n',
    );
    const r = await run(dir, ['accept', id, '--answers', file, '--no-commit'], asChen(at('11-28')));
    expect(r.stdout).toMatch(/accepted: round 1, score 0\.91 \(manufacturing\)/);
    // a local template with the same name wins
    write(
      dir,
      '.aftersales/checklists/manufacturing.yaml',
      'name: manufacturing\npass_score: 1\nitems:\n  - { id: only, dimension: problem, text: 唯一, criterion: 唯一, method: 唯一, mandatory: true }\n',
    );
    const id2 = await newIssue(dir, { product: 'X100' }, at('11-23'));
    await ok(dir, ['plan', id2, '--file', PLAN], at('11-23', '11:00'));
    await ok(dir, ['action', id2, 'P1', '--done'], at('11-26'));
    const again = await run(dir, ['accept', id2, '--answers', file], asChen(at('11-28')));
    expect(again.stderr).toMatch(/item 'noise-verified', which template manufacturing does not have \(only\)/);
  });

  it('needs the acceptance role when the config sets one', async () => {
    const { dir, id } = await verifying();
    write(
      dir,
      '.aftersales/config.yaml',
      read(dir, '.aftersales/config.yaml').replace(
        'template: three-dimension',
        'template: three-dimension\n  role: tech-director',
      ),
    );
    const r = await run(dir, ['accept', id, '--answers', PASS], asChen());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('aftersales: Acceptance needs the role tech-director; chen.qi does not hold it.\n');
    setIdentity(dir, 'wang.wu');
    expect((await run(dir, ['accept', id, '--answers', PASS], at('12-01'))).code).toBe(0);
  });

  it('reopen takes an accepted issue back to in-progress with a reason; it then needs a new acceptance', async () => {
    const { dir, id } = await verifying();
    await ok(dir, ['accept', id, '--answers', PASS], asChen(at('12-01')));
    expect((await run(dir, ['reopen', id])).stderr).toMatch(/reopen needs --reason/);
    await ok(dir, ['reopen', id, '--reason', '客户反馈异响复现'], at('12-10'));
    let issue = await show(dir, id);
    expect(issue.status).toBe('in-progress');
    expect(issue.history.at(-1)).toMatchObject({
      action: 'reopen',
      from: 'accepted',
      to: 'in-progress',
      note: '客户反馈异响复现',
    });
    expect((await run(dir, ['reopen', id, '--reason', 'x'])).stderr).toMatch(
      /is in progress, so 'reopen' is not possible/,
    );
    await ok(dir, ['accept', id, '--answers', PASS], asChen(at('12-15')));
    issue = await show(dir, id);
    expect(issue.acceptance.rounds.map((r: { round: number }) => r.round)).toEqual([1, 2]);
    expect(issue.status).toBe('accepted');
  });
});

describe('the acceptance record', () => {
  it('show --format markdown renders problem, RCA, actions with evidence, every round and the confirmation', async () => {
    const { dir, id } = await verifying();
    await run(dir, ['accept', id, '--answers', FAIL], asChen(at('11-28')));
    await ok(dir, ['accept', id, '--answers', PASS], asChen(at('12-01')));
    const md = await ok(dir, ['show', id, '--format', 'markdown']);
    expect(md).toMatch(new RegExp(`^# After-sales corrective action and acceptance record: ${id} X100 主轴低速异响`));
    expect(md).toContain('- **root cause**: 作业指导书缺少润滑量要求');
    expect(md).toContain('| P1 | permanent | 作业指导书第3.2节规定润滑脂用量为5g | 王五 (wang.wu) |');
    expect(md).toContain('WI-3.2 rev B');
    expect(md).toMatch(/### round 1 — 2026-11-28 10:00 · 陈七 \(chen\.qi\) · fail · score 0\.67/);
    expect(md).toMatch(/### round 2 — 2026-12-01 10:00 · 陈七 \(chen\.qi\) · pass · score 1\.00/);
    expect(md).toContain(
      '| customer trust | The customer was told at each key point | Notices at registration, plan and completion are on record | fail | 方案阶段未通知客户 |',
    );
    expect(md).toContain(
      "**The customer's confirmation**: 5/5 very satisfied · phone · “问题已彻底解决，设备运行安静”",
    );
    expect(md).toContain('## History');
    const zh = await ok(dir, ['show', id, '--format', 'markdown', '--lang', 'zh-CN']);
    expect(zh).toContain('# 售后问题整改验收记录');
    expect(zh).toContain('| 客户信任 | 整改过程关键节点已及时主动同步给客户 |');
    const customer = await ok(dir, ['show', id, '--format', 'markdown', '--customer']);
    expect(customer).not.toContain('## History');
    expect(customer).not.toContain('internal process');
    expect(customer).not.toContain('assignee');
    expect(customer).toContain('customer trust');
  });

  it('validate checks store-local templates and the template names in the config', async () => {
    const dir = await plantStore();
    write(
      dir,
      '.aftersales/checklists/mine.yaml',
      'name: mine\nitems:\n  - { id: a, dimension: quality, text: t, criterion: c, method: m, weight: 0 }\n',
    );
    write(
      dir,
      '.aftersales/config.yaml',
      read(dir, '.aftersales/config.yaml').replace('template: three-dimension', 'template: three-dimensions'),
    );
    const r = await run(dir, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /\.aftersales\/checklists\/mine\.yaml:3:\d+ {2}items\[0\]\.dimension {2}found "quality", expected one of problem, trust, process/,
    );
    expect(r.stdout).toMatch(
      /\.aftersales\/checklists\/mine\.yaml:3:\d+ {2}items\[0\]\.weight {2}found 0, expected a weight above 0/,
    );
    expect(r.stdout).toMatch(
      /\.aftersales\/config\.yaml:\d+:\d+ {2}acceptance\.template {2}found "three-dimensions", expected a checklist template/,
    );
  });
});
