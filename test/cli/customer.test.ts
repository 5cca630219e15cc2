// The customer's own word: contact, confirm, review, and the gate acceptance puts on them.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commits, FIXTURES, git, ok, read, run, tempDir, write, x100ReadyForAcceptance, asChen } from '../helpers.js';

const at = (day: string, hhmm = '10:00') => ({ env: { AFTERSALES_NOW: `2026-${day}T${hhmm}:00+08:00` } });
const show = async (dir: string, id: string) => JSON.parse(await ok(dir, ['show', id, '--json']));

/** Answers passing every item of three-dimension, with no customer block. */
function allPass(): string {
  const items = readFileSync(join(FIXTURES, 'answers', 'x100-round2-pass.yaml'), 'utf8').split('\ncustomer:')[0];
  const file = join(tempDir(), 'answers.yaml');
  write(file, '', `${items}\n`);
  return file;
}

const verifying = x100ReadyForAcceptance;

/** The command is refused with exit 2 and leaves the files and the commits as they were. */
async function refused(dir: string, args: string[], message: RegExp, day = '11-28') {
  const before = { file: git(dir, ['status', '--porcelain']), commits: commits(dir).length };
  const r = await run(dir, args, args[0] === 'accept' ? asChen(at(day)) : at(day));
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(git(dir, ['status', '--porcelain'])).toBe(before.file);
  expect(commits(dir)).toHaveLength(before.commits);
}

describe('the customer gate of accept', () => {
  it('refuses an acceptance without a confirmation made after the last permanent action', async () => {
    const { dir, id } = await verifying();
    const answers = allPass();
    await refused(dir, ['accept', id, '--answers', answers], /no customer confirmation .*aftersales confirm/);
    // a confirmation made before the last permanent action was done (P1, on 11-26) does not count
    await ok(dir, ['confirm', id, '--satisfaction', '5', '--said', '好', '--channel', 'phone'], at('11-25'));
    await refused(dir, ['accept', id, '--answers', answers], /no customer confirmation/);
    await ok(dir, ['confirm', id, '--satisfaction', '5', '--said', '好', '--channel', 'phone'], at('11-27'));
    expect((await run(dir, ['accept', id, '--answers', answers], asChen(at('11-28')))).code).toBe(0);
  });

  it('fails the round below min_satisfaction, passes once the customer is satisfied', async () => {
    const { dir, id } = await verifying();
    const answers = allPass();
    await ok(dir, ['confirm', id, '--satisfaction', '3', '--said', '噪音偶尔还有', '--channel', 'visit'], at('11-27'));
    const r1 = await run(dir, ['accept', id, '--answers', answers], asChen(at('11-28')));
    expect(r1.code).toBe(1);
    expect(r1.stdout).toContain('The customer gate fails: the customer is not satisfied enough (below 4/5).');
    expect(r1.stdout).toContain("failed: Formal follow-up done; the customer said 'satisfied' or 'accepted'.");
    let issue = await show(dir, id);
    expect(issue.status).toBe('in-progress');
    expect(issue.acceptance.rounds[0]).toMatchObject({
      result: 'fail',
      customer_gate: 'satisfaction-low',
      customer: { satisfaction: 3, said: '噪音偶尔还有', channel: 'visit' },
    });
    await ok(dir, ['confirm', id, '--satisfaction', '5', '--said', '问题已解决', '--channel', 'phone'], at('11-29'));
    const r2 = await run(dir, ['accept', id, '--answers', answers], asChen(at('11-30')));
    expect(r2.code, r2.stdout).toBe(0);
    issue = await show(dir, id);
    expect(issue.acceptance).toMatchObject({ result: 'pass', satisfaction: 5 });
    expect(issue.acceptance.rounds[1]).toMatchObject({ customer_gate: null, customer: { said: '问题已解决' } });
  });

  it('an agreement to the plan is not a confirmation of the result; require_customer: false lifts the gate', async () => {
    const { dir, id } = await verifying();
    const answers = allPass();
    await ok(dir, ['confirm', id, '--plan', '--said', '同意先补润滑', '--channel', 'email'], at('11-27'));
    expect((await show(dir, id)).history.at(-1)).toMatchObject({ action: 'confirm', plan: true, channel: 'email' });
    await refused(dir, ['accept', id, '--answers', answers], /no customer confirmation/);
    write(
      dir,
      '.aftersales/config.yaml',
      read(dir, '.aftersales/config.yaml').replace(
        'template: three-dimension',
        'template: three-dimension\n  require_customer: false',
      ),
    );
    git(dir, ['commit', '-qam', 'no customer gate here']);
    expect((await run(dir, ['accept', id, '--answers', answers], asChen(at('11-28')))).code).toBe(0);
  });
});

describe('contact, confirm and review', () => {
  it('are history events with what was said, by whom and how', async () => {
    const { dir, id } = await verifying();
    await ok(dir, ['contact', id, '--channel', 'phone', '--note', '告知补润滑方案'], at('11-24'));
    await ok(dir, ['review', id, '--minutes', '根因确认，QP-7.1.2 修订', '--attendees', 'li.si, wang.wu'], at('11-27'));
    await ok(
      dir,
      ['confirm', id, '--satisfaction', '4', '--said', '可以', '--channel', 'wechat', '--contact', '张工'],
      at('11-27'),
    );
    const history = (await show(dir, id)).history.slice(-3);
    expect(history).toMatchObject([
      { action: 'contact', channel: 'phone', note: '告知补润滑方案', from: null, to: null },
      { action: 'review', note: '根因确认，QP-7.1.2 修订', attendees: ['li.si', 'wang.wu'] },
      { action: 'confirm', satisfaction: 4, note: '可以', channel: 'wechat', contact: '张工' },
    ]);
    expect(commits(dir).slice(0, 3)).toEqual([
      expect.stringMatching(new RegExp(`^${id}: confirm`)),
      expect.stringMatching(new RegExp(`^${id}: review`)),
      expect.stringMatching(new RegExp(`^${id}: contact`)),
    ]);
  });

  it('refuses bad input with one sentence, exit 2, nothing written', async () => {
    const { dir, id } = await verifying();
    const confirm = (...args: string[]) => ['confirm', id, ...args];
    await refused(
      dir,
      confirm('--satisfaction', '0', '--said', '好', '--channel', 'phone'),
      /whole number from 1 to 5/,
    );
    await refused(
      dir,
      confirm('--satisfaction', '6', '--said', '好', '--channel', 'phone'),
      /whole number from 1 to 5/,
    );
    await refused(
      dir,
      confirm('--satisfaction', '4.5', '--said', '好', '--channel', 'phone'),
      /whole number from 1 to 5/,
    );
    await refused(dir, confirm('--satisfaction', '5', '--said', '  ', '--channel', 'phone'), /needs --said/);
    await refused(dir, confirm('--satisfaction', '5', '--said', '好', '--channel', 'fax'), /Unknown channel 'fax'/);
    await refused(
      dir,
      confirm('--plan', '--satisfaction', '5', '--said', '好', '--channel', 'phone'),
      /takes no --satisfaction/,
    );
    await refused(dir, ['contact', id, '--channel', 'phone'], /needs --note/);
    await refused(dir, ['review', id], /needs --minutes/);
  });

  it("the customer's record shows their confirmations and the measured results, not internal notes", async () => {
    const { dir, id } = await verifying();
    await ok(dir, ['action', id, 'C1', '--done', '--measured', '试运行 1 周检出率 100%'], at('11-26', '12:00'));
    await ok(
      dir,
      ['confirm', id, '--satisfaction', '5', '--said', '噪音已消除', '--channel', 'phone', '--contact', '张工'],
      at('11-27'),
    );
    const md = await ok(dir, ['show', id, '--format', 'markdown', '--customer'], at('11-27'));
    expect(md).toContain("## The customer's confirmations");
    expect(md).toMatch(/- 2026-11-23 12:10 · phone · agreed to the plan · “同意方案”/);
    expect(md).toMatch(/- 2026-11-27 10:00 · phone · 张工 · satisfaction 5\/5 · “噪音已消除”/);
    expect(md).toContain('measured: 试运行 1 周检出率 100%');
    expect(md).not.toContain('出厂噪音检测未覆盖低速工况'); // the escape point is ours
    expect(await ok(dir, ['show', id, '--format', 'markdown'], at('11-27'))).toContain('出厂噪音检测未覆盖低速工况');
  });

  it('--attach keeps a file by its content beside the event; validate notices it changed or lost', async () => {
    const { dir, id } = await verifying();
    const call = join(tempDir(), '回访录音.txt');
    write(call, '', '客户：噪音已经没有了。\n');
    await refused(
      dir,
      ['contact', id, '--channel', 'phone', '--note', '回访', '--attach', join(tempDir(), 'nope.txt')],
      /nope\.txt/,
    );
    await ok(
      dir,
      ['confirm', id, '--satisfaction', '5', '--said', '噪音已消除', '--channel', 'phone', '--attach', call],
      at('11-27'),
    );
    const event = (await show(dir, id)).history.at(-1);
    expect(event.attachments).toEqual([
      {
        path: expect.stringMatching(new RegExp(`^attachments/${id}/[0-9a-f]{12}-回访录音\\.txt$`)),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        size: 34,
      },
    ]);
    const kept = event.attachments[0].path;
    expect(read(dir, kept)).toBe('客户：噪音已经没有了。\n');
    expect(git(dir, ['status', '--porcelain'])).toBe(''); // committed with the event
    expect((await run(dir, ['validate'])).code).toBe(0);
    write(dir, kept, '客户：还有噪音。\n');
    let v = await run(dir, ['validate']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/history\[\d+\]\.attachments\[0\] {2}found a file whose content changed/);
    rmSync(join(dir, kept));
    v = await run(dir, ['validate']);
    expect(v.stdout).toContain(`found no file at ${kept}`);
  });

  it('compensate and cost are events; report counts an issue compensated once and sums its costs', async () => {
    const { dir, id } = await verifying();
    await ok(dir, ['cost', id, '--kind', 'travel', '--amount', '860', '--note', '现场服务差旅'], at('11-24'));
    await ok(dir, ['cost', id, '--kind', 'parts', '--amount', '320'], at('11-25'));
    await ok(dir, ['compensate', id, '--kind', 'service', '--amount', '1200', '--note', '赠送一次保养'], at('11-27'));
    await ok(
      dir,
      ['confirm', id, ...['--satisfaction', '5', '--said', '满意', '--channel', 'phone']],
      at('11-27', '11:00'),
    );
    // the answers repeat the compensation: still one
    const answers = allPass().replace(/$/, '');
    write(
      answers,
      '',
      `${read(answers, '')}compensation: { kind: service, amount: 1200, currency: CNY, note: 赠送一次保养 }\n`,
    );
    expect((await run(dir, ['accept', id, '--answers', answers], asChen(at('11-28')))).code).toBe(0);
    const report = JSON.parse(await ok(dir, ['report', '--format', 'json', '--since', '2026-11-01'], at('11-30')));
    expect(report.compensation).toMatchObject({ count: 1, total: { CNY: 1200 } });
    expect(report.cost).toEqual({ total: { CNY: 1180 }, by_kind: { travel: { CNY: 860 }, parts: { CNY: 320 } } });
    await refused(dir, ['cost', id, '--kind', 'travel'], /amount must be a number/, '11-30');
    await refused(dir, ['cost', id, '--kind', 'lunch', '--amount', '5'], /Unknown kind 'lunch'/, '11-30');
    await refused(
      dir,
      ['compensate', id, '--kind', 'money', '--amount', '-3', '--note', 'x'],
      /amount must be/,
      '11-30',
    );
    await refused(dir, ['compensate', id, '--kind', 'money', '--amount', '3'], /needs --note/, '11-30');
  });
});
