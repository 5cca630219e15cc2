// Checklist items decided from the issue (`check:`) and items that need evidence.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, newIssue, ok, plantStore, read, run, tempDir, write, asChen } from '../helpers.js';

const PLAN = join(FIXTURES, 'plans', 'x100-noise.yaml');
const at = (day: string, hhmm = '10:00') => ({ env: { AFTERSALES_NOW: `2026-${day}T${hhmm}:00+08:00` } });
const show = async (dir: string, id: string) => JSON.parse(await ok(dir, ['show', id, '--json']));

const CHECKED = `name: checked
pass_score: 1
items:
${[
  'review-held',
  'plan-agreed',
  'customer-informed',
  'actions-verified',
  'rca-complete',
  'preventive-targeted',
  'temporary-handled',
]
  .map(
    (c) =>
      `  - { id: ${c}, check: ${c}, dimension: process, text: ${c}, criterion: ${c}, method: ${c}, mandatory: true }`,
  )
  .join('\n')}
  - { id: report-filed, evidence: required, dimension: problem, text: 报告, criterion: 报告, method: 报告 }
`;

/** Every item answered pass, with or without evidence for report-filed. */
function answers(evidence: boolean, extra = ''): string {
  const file = join(tempDir(), 'answers.yaml');
  const items = CHECKED.split('\n')
    .filter((l) => l.startsWith('  - { id: '))
    .map((l) => `  ${(/id: ([\w-]+)/.exec(l) as RegExpExecArray)[1]}: { result: pass }`);
  const body = items
    .join('\n')
    .replace('report-filed: { result: pass }', `report-filed: { result: pass${evidence ? ', evidence: R-1' : ''} }`);
  write(file, '', `items:\n${body}\n${extra}`);
  return file;
}

async function store() {
  const dir = await plantStore();
  write(dir, '.aftersales/checklists/checked.yaml', CHECKED);
  const config = read(dir, '.aftersales/config.yaml');
  write(dir, '.aftersales/config.yaml', config.replace('template: three-dimension', 'template: checked'));
  const id = await newIssue(dir, { product: 'X100', title: 'X100 主轴低速异响' }, at('11-23'));
  await ok(dir, ['plan', id, '--file', PLAN], at('11-23', '11:00'));
  return { dir, id };
}

const confirm = ['--satisfaction', '5', '--said', '问题已解决', '--channel', 'phone'];

describe('computed checklist items', () => {
  it('fail from the issue however they are answered, and pass once the issue shows them', async () => {
    const { dir, id } = await store();
    await ok(dir, ['action', id, 'P1', '--done'], at('11-26'));
    await ok(dir, ['confirm', id, ...confirm], at('11-27'));
    const r = await run(dir, ['accept', id, '--answers', answers(true)], asChen(at('11-28')));
    expect(r.code).toBe(1);
    const round = (await show(dir, id)).acceptance.rounds[0];
    // no review, no agreement to the plan, no contact after it, P1 done without a measured result,
    // T1 still live after its remove_by (12-20 is ahead, so it is handled); C1 has a target
    expect(round.failed_items).toEqual(['review-held', 'plan-agreed', 'customer-informed', 'actions-verified']);
    // the record shows what was decided, not what was ticked
    const md = await ok(dir, ['show', id, '--format', 'markdown']);
    expect(md).toMatch(/\| review-held \| review-held \| fail \| decided from the record \|/);
    expect(md).toMatch(/\| temporary-handled \| temporary-handled \| pass \| decided from the record \|/);
  });

  it('an answer turns a computed pass into a fail, never a fail into a pass; evidence: required', async () => {
    const { dir, id } = await store();
    await ok(dir, ['contact', id, '--channel', 'phone', '--note', '告知方案'], at('11-23', '12:00'));
    await ok(dir, ['confirm', id, '--plan', '--said', '同意', '--channel', 'phone'], at('11-23', '13:00'));
    await ok(dir, ['action', id, 'P1', '--done', '--measured', '连续抽检3批各20台，噪音 41 dB'], at('11-26'));
    await ok(dir, ['review', id, '--minutes', '根因确认'], at('11-27'));
    await ok(dir, ['confirm', id, ...confirm], at('11-27', '11:00'));
    expect((await show(dir, id)).actions.find((a: { id: string }) => a.id === 'P1').measured).toBe(
      '连续抽检3批各20台，噪音 41 dB',
    );
    // report-filed passed without evidence: failed
    let r = await run(dir, ['accept', id, '--answers', answers(false)], asChen(at('11-28')));
    expect(r.code).toBe(1);
    expect((await show(dir, id)).acceptance.rounds[0].failed_items).toEqual(['report-filed']);
    // a computed pass answered fail is a fail
    const failing = answers(true);
    write(failing, '', read(failing, '').replace('review-held: { result: pass }', 'review-held: { result: fail }'));
    r = await run(dir, ['accept', id, '--answers', failing], asChen(at('11-29')));
    expect(r.code).toBe(1);
    expect((await show(dir, id)).acceptance.rounds[1].failed_items).toEqual(['review-held']);
    r = await run(dir, ['accept', id, '--answers', answers(true)], asChen(at('11-30')));
    expect(r.code, r.stdout).toBe(0);
  });

  it("a file attached to an answer is its evidence; accept --attach keeps the round's own files", async () => {
    const { dir, id } = await store();
    await ok(dir, ['contact', id, '--channel', 'phone', '--note', '告知方案'], at('11-23', '12:00'));
    await ok(dir, ['confirm', id, '--plan', '--said', '同意', '--channel', 'phone'], at('11-23', '13:00'));
    await ok(dir, ['action', id, 'P1', '--done', '--measured', '噪音 41 dB'], at('11-26'));
    await ok(dir, ['review', id, '--minutes', '根因确认'], at('11-27'));
    await ok(dir, ['confirm', id, ...confirm], at('11-27', '11:00'));
    const file = answers(false);
    write(
      file,
      '',
      read(file, '').replace('report-filed: { result: pass }', 'report-filed: { result: pass, attach: [TR-088.txt] }'),
    );
    // the answer's file is read beside the answers file: missing, nothing is written
    let r = await run(dir, ['accept', id, '--answers', file], asChen(at('11-28')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TR-088\.txt does not exist/);
    expect((await show(dir, id)).acceptance.rounds).toHaveLength(0);
    write(join(file, '..'), 'TR-088.txt', '噪音测试报告 41 dB\n');
    write(dir, '../signed-form.txt', '客户签字的验收单\n');
    r = await run(dir, ['accept', id, '--answers', file, '--attach', '../signed-form.txt'], asChen(at('11-28')));
    expect(r.code, r.stderr).toBe(0);
    const issue = await show(dir, id);
    const evidence = issue.acceptance.rounds[0].answers['report-filed'];
    expect(evidence).toMatchObject({
      result: 'pass',
      evidence: null,
      attachments: [{ size: Buffer.byteLength('噪音测试报告 41 dB\n') }],
    });
    expect(read(dir, evidence.attachments[0].path)).toBe('噪音测试报告 41 dB\n');
    expect(issue.history.at(-1)).toMatchObject({
      action: 'accept',
      attachments: [{ size: Buffer.byteLength('客户签字的验收单\n') }],
    });
    expect((await run(dir, ['validate'])).code).toBe(0);
    write(dir, evidence.attachments[0].path, '改过的报告\n');
    r = await run(dir, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/answers\.report-filed\.attachments\[0\]/);
  });

  it('--measured goes with --done and a result', async () => {
    const { dir, id } = await store();
    const r = await run(dir, ['action', id, 'T1', '--withdrawn', '--measured', '42 dB'], at('11-26'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--measured goes with --done/);
    expect((await show(dir, id)).actions.find((a: { id: string }) => a.id === 'T1').withdrawn_at).toBeNull();
  });
});
