import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  FIXTURES,
  NOW,
  ROOT,
  git,
  newIssue,
  ok,
  plantStore,
  read,
  setIdentity,
  tempDir,
  testEnv,
  write,
  x100ReadyForAcceptance,
} from '../helpers.js';

const DOWN = '\u001b[B';
const ENTER = '\r';

function drive(
  cwd: string,
  args: string[],
  steps: [string, string[]][],
  extra: Record<string, string> = {},
  size: { cols?: number; rows?: number } = {},
) {
  const spec = join(tempDir(), 'spec.json');
  const env = testEnv({ AFTERSALES_NOW: NOW, TERM: 'xterm', COLUMNS: '100', LINES: '40', ...extra });
  writeFileSync(spec, JSON.stringify({ argv: [process.execPath, BIN, ...args], cwd, env, steps, ...size }));
  const out = execFileSync('python3', [join(ROOT, 'test', 'drive_tty.py'), spec], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as { code: number; screen: string; waiting_for?: string };
}

describe('aftersales new at a terminal', () => {
  it('asks for every missing field, offering the config types, severities, products and components', async () => {
    const dir = await plantStore();
    const r = drive(
      dir,
      ['new'],
      [
        ['Title', ['主轴低速异响', ENTER]],
        ['Type', [DOWN, ENTER]], // software-bug → hardware
        ['Severity', [ENTER]], // default: medium
        ['Customer', ['华东机械厂', ENTER]],
        ['Contact', ['张工 138', ENTER]],
        ['Product', [DOWN, ENTER]], // (none) → X100
        ['Component', [DOWN, DOWN, ENTER]], // (none) → 主轴 → 轴承
        ['Description', [ENTER]],
        ['Source', [DOWN, ENTER]], // (none) → customer
        ['When it happened', ['2026-11-20 14:30', ENTER]],
        ['expected date', ['2026-11-30', ENTER]],
        // the review shows what will be written; an answer is changed before saving
        ['Register it', [DOWN, ENTER]],
        ['Which answer', [ENTER]], // the title
        ['Title', ['主轴低速异响（复查）', ENTER]],
        ['Title: 主轴低速异响（复查）[\\s\\S]*Register it', [ENTER]],
      ],
    );
    expect(r.waiting_for, r.screen).toBeUndefined();
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/To be registered:[\s\S]*Product: X100[\s\S]*Source: customer/);
    const id = /(AS-[0-9A-Z]{4}-[0-9A-Z]{6})\s*$/.exec(r.screen)?.[1] as string;
    expect(id).toBeTruthy();
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue).toMatchObject({
      title: '主轴低速异响（复查）',
      source: 'customer',
      occurred_at: '2026-11-20T14:30:00+08:00',
      type: 'hardware',
      severity: 'medium',
      customer: { name: '华东机械厂', contact: '张工 138' },
      product: { name: 'X100', line: 'A', component: '轴承' },
      description: null,
      expected_by: '2026-11-30T23:59:59+08:00',
    });
  });

  it('in Chinese, the keys under a list are explained in Chinese too', async () => {
    const dir = await plantStore();
    const flags = ['--title', '主轴异响', '--severity', 'low', '--customer', '华东', '--contact', '', '--product', ''];
    const r = drive(
      dir,
      ['--lang', 'zh-CN', 'new', ...flags, '--line', '', '--component', '', '--description', ''],
      [
        ['类型', [ENTER]],
        ['来源', [ENTER]],
        ['发生时间', [ENTER]],
        ['期望', [ENTER]],
        ['确认登记', [ENTER]],
      ],
    );
    expect(r.code, r.screen).toBe(0);
    const plain = r.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(plain).toMatch(/↑↓ 移动 • ⏎ 选择/);
    expect(plain).not.toMatch(/navigate|select/);
  });

  it("offers the config's failure modes by their labels in the reader's language", async () => {
    const dir = await plantStore();
    const file = '.aftersales/config.yaml';
    const modes =
      'failure_modes:\n  - { id: spindle-noise, label: { en: Spindle noise, zh-CN: 主轴异响 } }\n' +
      '  - { id: oil-leak, label: { en: Oil leak, zh-CN: 漏油 } }\n\n';
    write(dir, file, read(dir, file).replace('dispatch:\n', `${modes}dispatch:\n`));
    const flags = [
      '--severity',
      'low',
      '--type',
      'hardware',
      '--customer',
      '华东',
      '--contact',
      '',
      '--product',
      'X100',
    ];
    const rest = ['--line', '', '--component', '', '--description', '', '--expected-by', ''];
    const r = drive(
      dir,
      ['--lang', 'zh-CN', 'new', ...flags, ...rest, '--source', '', '--occurred-at', ''],
      [
        ['标题', ['漏油', ENTER]],
        ['失效模式', [DOWN, DOWN, ENTER]], // (无) → 主轴异响 → 漏油
        ['确认登记', [ENTER]],
      ],
    );
    expect(r.code, r.screen).toBe(0);
    expect(r.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')).toMatch(/漏油 {2}\(oil-leak\)/);
    const id = /(AS-[0-9A-Z]{4}-[0-9A-Z]{6})\s*$/.exec(r.screen)?.[1] as string;
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).failure_mode).toBe('oil-leak');
  });

  it("asks for the config's required and ask fields by their labels, re-asking a wrong kind", async () => {
    const dir = await plantStore();
    const file = '.aftersales/config.yaml';
    const form =
      'fields:\n  - { id: serial, label: { en: Serial number }, type: text, required: true }\n' +
      '  - { id: hours, label: { en: Machine hours }, type: number, ask: true }\n' +
      '  - { id: warranty, label: { en: Warranty }, type: enum, values: [in, out], ask: true }\n\n';
    write(dir, file, read(dir, file).replace('dispatch:\n', `${form}dispatch:\n`));
    const flags = ['--type', 'hardware', '--severity', 'low', '--customer', 'c', '--contact', '', '--product', ''];
    const rest = ['--line', '', '--component', '', '--description', '', '--expected-by', ''];
    const r = drive(
      dir,
      ['new', '--title', 't', ...flags, ...rest, '--source', '', '--occurred-at', ''],
      [
        ['Serial number', ['SN-7', ENTER]],
        ['Machine hours', ['lots', ENTER]],
        ['Not a number', ['\u0015', '1200', ENTER]],
        ['Warranty', [DOWN, DOWN, ENTER]], // (none) → in → out
        ['serial: SN-7[\\s\\S]*Register it', [ENTER]],
      ],
    );
    expect(r.code, r.screen).toBe(0);
    const id = /(AS-[0-9A-Z]{4}-[0-9A-Z]{6})\s*$/.exec(r.screen)?.[1] as string;
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).fields).toEqual({
      serial: 'SN-7',
      hours: 1200,
      warranty: 'out',
    });
  });

  it('takes a product outside the catalogue as typed, and writes nothing when discarded', async () => {
    const dir = await plantStore();
    const flags = ['--type', 'hardware', '--severity', 'low', '--customer', 'c'];
    const rest = ['--contact', '', '--line', '', '--component', '', '--description', ''];
    const args = ['new', ...flags, ...rest, '--source', '', '--occurred-at', '', '--expected-by', ''];
    const r = drive(dir, args, [
      ['Title', ['X300 主轴异响', ENTER]],
      ['Product', [DOWN, DOWN, DOWN, DOWN, ENTER]], // (none) → X100 → X200 → M7 → another
      ['Product', ['X300', ENTER]],
      ['Product: X300[\\s\\S]*Register it', [ENTER]],
    ]);
    expect([r.waiting_for, r.code], r.screen).toEqual([undefined, 0]);
    expect(r.screen).toMatch(/product 'X300' is not in the config's products; registered anyway/);
    const id = /(AS-[0-9A-Z]{4}-[0-9A-Z]{6})\s*$/.exec(r.screen)?.[1] as string;
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).product.name).toBe('X300');
    const head = git(dir, ['rev-parse', 'HEAD']);
    const gone = drive(dir, args, [
      ['Title', ['X300 主轴异响', ENTER]],
      ['Product', [DOWN, ENTER]],
      ['Register it', [DOWN, DOWN, ENTER]], // discard
    ]);
    expect([gone.waiting_for, gone.code], gone.screen).toEqual([undefined, 2]);
    expect(gone.screen).toContain('Cancelled; nothing was written.');
    expect(git(dir, ['rev-parse', 'HEAD'])).toBe(head);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });

  it('only asks what the flags did not give, and re-asks a bad date', async () => {
    const dir = await plantStore();
    const r = drive(
      dir,
      [
        'new',
        '--type',
        'service',
        '--severity',
        'low',
        '--customer',
        'ACME',
        '--contact',
        '',
        '--product',
        '',
        '--line',
        '',
        '--component',
        '',
        '--description',
        '',
      ],
      [
        ['Title', ['Manual missing', ENTER]],
        ['Source', [ENTER]],
        ['When it happened', [ENTER]],
        ['expected date', ['next week', ENTER]],
        ['Not a date', ['\u0015', '2026-12-01', ENTER]], // ^U clears the line
        ['Register it', [ENTER]],
      ],
    );
    expect(r.code, r.screen).toBe(0);
    const plain = r.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(plain).toMatch(/[?✔] Title /);
    expect(plain).not.toMatch(/[?✔] (Type|Severity|Customer|Contact|Product|Component|Description) /);
    const id = /(AS-[0-9A-Z]{4}-[0-9A-Z]{6})\s*$/.exec(r.screen)?.[1] as string;
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).expected_by).toBe('2026-12-01T23:59:59+08:00');
  });
});

describe('aftersales plan at a terminal', () => {
  it('keeps a draft of every answer: Ctrl-C loses nothing, the next run resumes it', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { customer: 'c', product: 'X100' });
    const draft = join(dir, '.git', 'aftersales', 'drafts', `plan-${id}.json`);
    const cut = drive(
      dir,
      ['plan', id],
      [
        ['Direct cause', ['轴承润滑不足', ENTER]],
        ['Indirect causes', ['来料未检', ENTER]],
        ['Root cause', ['作业指导书缺少润滑量要求', ENTER]],
        ['Escape point', ['\u0003']], // Ctrl-C
      ],
    );
    expect(cut.code, cut.screen).toBe(2);
    expect(JSON.parse(readFileSync(draft, 'utf8')).answers).toEqual([
      '轴承润滑不足',
      '来料未检',
      '作业指导书缺少润滑量要求',
    ]);
    expect(git(dir, ['status', '--porcelain'])).toBe(''); // under the git dir: never committed
    const resumed = drive(
      dir,
      ['plan', id],
      [
        ['draft of 3 answers', [ENTER]], // resume
        ['Escape point', [ENTER]],
        ['method', [ENTER]],
        ['Action kind', [DOWN, ENTER]],
        ['Action id', [ENTER]],
        ['What exactly', ['作业指导书第3.2节规定润滑脂用量为5g', ENTER]],
        ['Who', [ENTER]],
        ['When', ['2026-11-27 18:00', ENTER]],
        ['How to verify', ['连续抽检3批各20台，噪音 < 45 dB', ENTER]],
        ['Check effectiveness', [ENTER]],
        ['Add another', [DOWN, ENTER]],
      ],
    );
    expect([resumed.waiting_for, resumed.code], resumed.screen).toEqual([undefined, 0]);
    expect(resumed.screen).toContain('✔ Root cause');
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue.rca).toMatchObject({ direct_cause: '轴承润滑不足', root_cause: '作业指导书缺少润滑量要求' });
    expect(existsSync(draft)).toBe(false); // the plan is written: the draft is gone
  });

  it('asks for the RCA, then actions one at a time, re-asking vague wording', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { customer: 'c', product: 'X100' });
    const r = drive(
      dir,
      ['plan', id],
      [
        ['Direct cause', ['轴承润滑不足', ENTER]],
        ['Indirect causes', ['装配工艺未规定润滑量；来料未检', ENTER]],
        ['Root cause', ['作业指导书缺少润滑量要求', ENTER]],
        ['Escape point', [ENTER]],
        ['method', [ENTER]],
        ['Action kind', [DOWN, ENTER]], // temporary → permanent
        ['Action id', [ENTER]], // P1
        ['What exactly', ['加强管理', ENTER]],
        ['Vague', ['\u0015', '作业指导书第3.2节规定润滑脂用量为5g', ENTER]],
        ['Who', [DOWN, ENTER]], // li.si → chen.qi
        ['When', ['2026-11-27 18:00', ENTER]],
        ['How to verify', ['效果良好', ENTER]],
        ['Name a number', ['\u0015', '连续抽检3批各20台，噪音 < 45 dB', ENTER]],
        ['Check effectiveness', ['soon', ENTER]],
        ['A duration', ['\u0015', '90d', ENTER]],
        ['Add another', [DOWN, ENTER]], // yes → no
      ],
    );
    expect(r.waiting_for, r.screen).toBeUndefined();
    expect(r.code, r.screen).toBe(0);
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue.status).toBe('in-progress');
    expect(issue.rca).toEqual({
      direct_cause: '轴承润滑不足',
      indirect_causes: ['装配工艺未规定润滑量', '来料未检'],
      root_cause: '作业指导书缺少润滑量要求',
      escape_point: null,
      method: '5-why',
    });
    expect(issue.actions).toHaveLength(1);
    expect(issue.actions[0]).toMatchObject({
      id: 'P1',
      kind: 'permanent',
      what: '作业指导书第3.2节规定润滑脂用量为5g',
      who: 'chen.qi',
      when: '2026-11-27T18:00:00+08:00',
      verify: '连续抽检3批各20台，噪音 < 45 dB',
      // watched: this issue's own product and component, for 90 days
      effectiveness: { after: '90d', watch: { product: 'X100' }, threshold: 0 },
    });
  });
});

/** A store with a three-item checklist and an issue whose fix is done, for chen.qi to accept. */
async function readyForAcceptance(): Promise<{ dir: string; id: string }> {
  const dir = await plantStore();
  write(
    dir,
    '.aftersales/checklists/mini.yaml',
    [
      'name: mini',
      'pass_score: 0.8',
      'items:',
      '  - { id: fix-verified, dimension: problem, text: 功能恢复正常, criterion: 连续执行100次错误率为0%, method: 回归测试, mandatory: true, weight: 2 }',
      '  - { id: customer-confirmed, dimension: trust, text: 客户确认满意, criterion: 满意度4或5, method: 电话回访, mandatory: true, weight: 2 }',
      '  - { id: review-held, dimension: process, text: 复盘会议已召开, criterion: 纪要编号可查, method: 纪要核查 }',
      '',
    ].join('\n'),
  );
  write(
    dir,
    '.aftersales/config.yaml',
    read(dir, '.aftersales/config.yaml').replace('template: three-dimension', 'template: mini'),
  );
  const id = await newIssue(dir, { customer: 'c', product: 'X100' });
  await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], { env: { AFTERSALES_NOW: NOW } });
  await ok(dir, ['action', id, 'P1', '--done'], { env: { AFTERSALES_NOW: NOW } });
  setIdentity(dir, 'chen.qi'); // the assignee, li.si, does not accept her own issue
  return { dir, id };
}

/** The round both ways of answering the mini checklist save: item 1 passed with its evidence,
 * item 3 failed, the customer satisfied, an apology. */
async function expectSavedRound(dir: string, id: string): Promise<void> {
  const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
  expect(issue.status).toBe('accepted');
  expect(issue.acceptance.rounds[0]).toMatchObject({
    answers: {
      'fix-verified': { result: 'pass', evidence: 'TR-2026-088' },
      'review-held': { result: 'fail', evidence: null },
    },
    customer: { satisfaction: 5, said: '问题已彻底解决', channel: 'phone' },
    compensation: { kind: 'apology', amount: null, note: '书面致歉信' },
    failed_items: ['review-held'],
  });
}

describe('aftersales accept at a terminal', () => {
  it('walks the checklist on one screen, then the customer and compensation, the verdict, then saves', async () => {
    const { dir, id } = await readyForAcceptance();
    const r = drive(
      dir,
      ['accept', id, '--lang', 'zh-CN'],
      [
        ['验收清单：共 3 项', [ENTER]], // nothing judged yet: not taken
        ['还有 3 项未判定', [' ', 'e']], // item 1: pass, then its evidence
        ['证据 \\(1\\)', ['TR-2026-088', ENTER]],
        ['证据: TR-2026-088', [DOWN, ' ', 'e']],
        ['证据 \\(2\\)', ['回访录音', ENTER]],
        ['证据: 回访录音', [DOWN, ' ', ' ', ENTER]], // item 3: pass → fail, then go on
        ['回访方式', [ENTER]],
        ['客户原话', ['问题已彻底解决', ENTER]],
        ['满意度', [ENTER]],
        ['致歉或补偿', [DOWN, ENTER]], // 致歉
        ['金额', [ENTER]],
        ['备注', ['书面致歉信', ENTER]],
        ['保存本轮验收', [ENTER]],
      ],
    );
    expect(r.waiting_for, r.screen).toBeUndefined();
    expect(r.code, r.screen).toBe(0);
    const plain = r.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(plain).toContain('验收标准: 连续执行100次错误率为0%');
    expect(plain).toMatch(/得分 0\.40（0\.8 及格）：不通过/); // live: item 1 passed, of weight 2 in 5
    expect(plain).toContain('得分 0.80（通过线 0.8）：通过。');
    expect(plain).toContain(`${id} 验收通过：第 1 轮，得分 0.80（mini）。`);
    await expectSavedRound(dir, id);
  });
  it('on a terminal too short for the checklist, a window of it follows the cursor', async () => {
    const { dir, id } = await x100ReadyForAcceptance();
    setIdentity(dir, 'chen.qi');
    // 17 items, some wrapping, on 16 rows: a few at a time, a line above and below saying how many more
    const r = drive(
      dir,
      ['accept', id],
      [
        ['↓ \\d+ more', Array(16).fill(DOWN)],
        ['↑ \\d+ more', ['\u001b']],
      ],
      {},
      { cols: 100, rows: 16 },
    );
    expect(r.waiting_for, r.screen).toBeUndefined();
    const plain = r.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(plain).toMatch(/❯ 17\. /);
    expect(r.code).toBe(2); // esc: nothing saved
  });

  it('on a dumb terminal: item by item, the customer and compensation, the verdict, then saves', async () => {
    const { dir, id } = await readyForAcceptance();
    const r = drive(
      dir,
      ['accept', id, '--lang', 'zh-CN'],
      [
        ['第 1 项结论', [ENTER]],
        ['证据', ['TR-2026-088', ENTER]],
        ['第 2 项结论', [ENTER]],
        ['证据', ['回访录音', ENTER]],
        ['第 3 项结论', [DOWN, ENTER]], // 不通过
        ['证据', [ENTER]],
        ['回访方式', [ENTER]],
        ['客户原话', ['问题已彻底解决', ENTER]],
        ['满意度', [ENTER]],
        ['致歉或补偿', [DOWN, ENTER]], // 致歉
        ['金额', [ENTER]],
        ['备注', ['书面致歉信', ENTER]],
        ['保存本轮验收', [ENTER]],
      ],
      { TERM: 'dumb' },
    );
    expect(r.waiting_for, r.screen).toBeUndefined();
    expect(r.code, r.screen).toBe(0);
    const plain = r.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(plain).toContain('验收标准：连续执行100次错误率为0%');
    expect(plain).toContain('得分 0.80（通过线 0.8）：通过。');
    expect(plain).toContain(`${id} 验收通过：第 1 轮，得分 0.80（mini）。`);
    await expectSavedRound(dir, id);
  });
});

describe('the customer commands at a terminal', () => {
  it('ask in Chinese for what the flags left out, and record it as if typed as flags', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { customer: 'c', product: 'X100' });
    const zh = (args: string[], steps: [string, string[]][]) => drive(dir, ['--lang', 'zh-CN', ...args], steps);
    const contact = zh(
      ['contact', id],
      [
        ['沟通渠道', [DOWN, ENTER]], // 电话 → 邮件
        ['沟通内容', ['已告知排查进度', ENTER]],
      ],
    );
    expect(contact.code, contact.screen).toBe(0);
    const confirm = zh(
      ['confirm', id, '--channel', 'phone'],
      [
        ['客户满意度', [DOWN, ENTER]], // 5 → 4
        ['客户原话', [ENTER, '噪音没有了', ENTER]], // an empty answer is asked again
        ['确认人', ['王工', ENTER]],
      ],
    );
    expect(confirm.code, confirm.screen).toBe(0);
    expect(confirm.screen).toContain('必填');
    const review = zh(
      ['review', id],
      [
        ['复盘纪要', ['根因确认', ENTER]],
        ['参会人', ['li.si, wang.wu', ENTER]],
      ],
    );
    expect(review.code, review.screen).toBe(0);
    const cost = zh(
      ['cost', id, '--kind', 'travel'],
      [
        ['金额', ['abc', ENTER]],
        ['不小于 0 的数字', [Array(3).fill('\u007f').join(''), '800', ENTER]],
        ['说明', [ENTER]],
      ],
    );
    expect(cost.code, cost.screen).toBe(0);
    const history = JSON.parse(await ok(dir, ['show', id, '--json'])).history;
    expect(history.slice(-4)).toMatchObject([
      { action: 'contact', channel: 'email', note: '已告知排查进度' },
      { action: 'confirm', channel: 'phone', satisfaction: 4, note: '噪音没有了', contact: '王工' },
      { action: 'review', note: '根因确认', attendees: ['li.si', 'wang.wu'] },
      { action: 'cost', kind: 'travel', amount: 800, currency: 'CNY', note: null },
    ]);
  });

  it('without a terminal, never wait: the missing flag is named', async () => {
    const dir = await plantStore();
    const id = (
      await ok(dir, ['new', '--title', 't', '--type', 'hardware', '--severity', 'low', '--customer', 'c'], {
        env: { AFTERSALES_NOW: NOW },
      })
    ).trim();
    const before = read(dir, `issues/${id}.yaml`);
    const r = spawnSync(process.execPath, [BIN, 'contact', id, '--channel', 'phone'], {
      cwd: dir,
      env: testEnv({ AFTERSALES_NOW: NOW }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--note/);
    expect(read(dir, `issues/${id}.yaml`)).toBe(before);
  });
});
