import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, NOW, ROOT, ok, plantStore, read, tempDir, testEnv, write } from '../helpers.js';

const DOWN = '\u001b[B';
const ENTER = '\r';

function drive(cwd: string, args: string[], steps: [string, string[]][]) {
  const spec = join(tempDir(), 'spec.json');
  const env = testEnv({ AFTERSALES_NOW: NOW, TERM: 'xterm', COLUMNS: '100', LINES: '40' });
  writeFileSync(spec, JSON.stringify({ argv: [process.execPath, BIN, ...args], cwd, env, steps }));
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
        ['expected date', ['2026-11-30', ENTER]],
      ],
    );
    expect(r.waiting_for, r.screen).toBeUndefined();
    expect(r.code, r.screen).toBe(0);
    const id = /(AS-[0-9A-Z]{4}-[0-9A-Z]{6})\s*$/.exec(r.screen)?.[1] as string;
    expect(id).toBeTruthy();
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue).toMatchObject({
      title: '主轴低速异响',
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
        ['期望', [ENTER]],
      ],
    );
    expect(r.code, r.screen).toBe(0);
    const plain = r.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(plain).toMatch(/↑↓ 移动 • ⏎ 选择/);
    expect(plain).not.toMatch(/navigate|select/);
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
        ['expected date', ['next week', ENTER]],
        ['Not a date', ['\u0015', '2026-12-01', ENTER]], // ^U clears the line
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
  it('asks for the RCA, then actions one at a time, re-asking vague wording', async () => {
    const dir = await plantStore();
    const id = (
      await ok(
        dir,
        [
          'new',
          '--title',
          '主轴异响',
          '--type',
          'hardware',
          '--severity',
          'high',
          '--customer',
          'c',
          '--product',
          'X100',
        ],
        { env: { AFTERSALES_NOW: NOW } },
      )
    ).trim();
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
    });
  });
});

describe('aftersales accept at a terminal', () => {
  it('walks the checklist, the customer confirmation and compensation, shows the verdict, then saves', async () => {
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
    const id = (
      await ok(
        dir,
        [
          'new',
          '--title',
          '主轴异响',
          '--type',
          'hardware',
          '--severity',
          'high',
          '--customer',
          'c',
          '--product',
          'X100',
        ],
        { env: { AFTERSALES_NOW: NOW } },
      )
    ).trim();
    await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], { env: { AFTERSALES_NOW: NOW } });
    await ok(dir, ['action', id, 'P1', '--done'], { env: { AFTERSALES_NOW: NOW } });
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
    );
    expect(r.waiting_for, r.screen).toBeUndefined();
    expect(r.code, r.screen).toBe(0);
    const plain = r.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(plain).toContain('验收标准：连续执行100次错误率为0%');
    expect(plain).toContain('得分 0.80（通过线 0.8）：通过。');
    expect(plain).toContain(`${id} 验收通过：第 1 轮，得分 0.80（mini）。`);
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
  });
});
