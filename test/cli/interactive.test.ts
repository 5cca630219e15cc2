import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, NOW, ROOT, ok, plantStore, tempDir, testEnv } from '../helpers.js';

const DOWN = '\u001b[B';
const ENTER = '\r';

function drive(cwd: string, args: string[], steps: [string, string[]][]) {
  const spec = join(tempDir(), 'spec.json');
  const env = testEnv({ AFTERSALES_NOW: NOW, TERM: 'xterm', COLUMNS: '100', LINES: '40' });
  writeFileSync(spec, JSON.stringify({ argv: [process.execPath, BIN, ...args], cwd, env, steps }));
  const out = execFileSync('python3', [join(ROOT, 'test', 'drive_tty.py'), spec], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out) as { code: number; screen: string; waiting_for?: string };
}

describe('aftersales new at a terminal', () => {
  it('asks for every missing field, offering the config types, severities, products and components', async () => {
    const dir = await plantStore();
    const r = drive(dir, ['new'], [
      ['Title', ['主轴低速异响', ENTER]],
      ['Type', [DOWN, ENTER]], // software-bug → hardware
      ['Severity', [ENTER]], // default: medium
      ['Customer', ['华东机械厂', ENTER]],
      ['Contact', ['张工 138', ENTER]],
      ['Product', [DOWN, ENTER]], // (none) → X100
      ['Component', [DOWN, DOWN, ENTER]], // (none) → 主轴 → 轴承
      ['Description', [ENTER]],
      ['expected date', ['2026-11-30', ENTER]],
    ]);
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

  it('only asks what the flags did not give, and re-asks a bad date', async () => {
    const dir = await plantStore();
    const r = drive(dir, ['new', '--type', 'service', '--severity', 'low', '--customer', 'ACME', '--contact', '', '--product', '', '--line', '', '--component', '', '--description', ''], [
      ['Title', ['Manual missing', ENTER]],
      ['expected date', ['next week', ENTER]],
      ['Not a date', ['\u0015', '2026-12-01', ENTER]], // ^U clears the line
    ]);
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
    const id = (await ok(dir, ['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'high', '--customer', 'c', '--product', 'X100'], { env: { AFTERSALES_NOW: NOW } })).trim();
    const r = drive(dir, ['plan', id], [
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
    ]);
    expect(r.waiting_for, r.screen).toBeUndefined();
    expect(r.code, r.screen).toBe(0);
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue.status).toBe('in-progress');
    expect(issue.rca).toEqual({ direct_cause: '轴承润滑不足', indirect_causes: ['装配工艺未规定润滑量', '来料未检'], root_cause: '作业指导书缺少润滑量要求', escape_point: null, method: '5-why' });
    expect(issue.actions).toHaveLength(1);
    expect(issue.actions[0]).toMatchObject({ id: 'P1', kind: 'permanent', what: '作业指导书第3.2节规定润滑脂用量为5g', who: 'chen.qi', when: '2026-11-27T18:00:00+08:00', verify: '连续抽检3批各20台，噪音 < 45 dB' });
  });
});
