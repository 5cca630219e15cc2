import { screen } from '@inquirer/testing/vitest';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askAnswers } from '../../src/commands/accept-prompts.js';
import type { Io } from '../../src/context.js';
import { Checklist } from '../../src/domain/checklist.js';
import { Config } from '../../src/domain/config.js';
import { registerIssue } from '../../src/domain/register.js';

const checklist = Checklist.parse({
  name: 'mini',
  pass_score: 0.8,
  items: [
    {
      id: 'fix-verified',
      dimension: 'problem',
      text: { en: 'Fixed', 'zh-CN': '已修复' },
      criterion: { en: '100 runs, 0 errors', 'zh-CN': '连续100次0错误' },
      method: { en: 'test', 'zh-CN': '测试' },
      mandatory: true,
      weight: 2,
    },
    { id: 'apology', dimension: 'trust', text: 'Apology', criterion: 'record', method: 'records' },
  ],
});
const config = Config.parse({ timezone: 'Asia/Shanghai' });
const issue = registerIssue(
  { title: '死机', type: 'software-bug', severity: 'high', customer: 'c' },
  'AS-0RRT-000001',
  config,
  new Date(),
  'li.si',
);

function fakeIo(): Io & { told: () => string } {
  const err = new PassThrough();
  let told = '';
  err.on('data', (d: Buffer) => (told += d.toString()));
  return {
    stdout: new PassThrough(),
    stderr: err,
    stdin: new PassThrough(),
    stdinIsTTY: true,
    stdoutIsTTY: false,
    stderrIsTTY: true,
    env: { TERM: 'dumb' }, // item by item: the one-screen checklist is driven in test/e2e
    cwd: process.cwd(),
    told: () => told,
  };
}

describe('the interactive checklist (units, @inquirer/testing)', () => {
  it('asks each item with its criterion, na only where allowed, then the customer, and shows the verdict before saving', async () => {
    const io = fakeIo();
    const answer = askAnswers(issue, checklist, config, io, new Date('2026-11-28T10:00:00+08:00'));
    expect(io.told()).toContain('1/2 [problem fixed] (mandatory) Fixed');
    expect(io.told()).toContain('criterion: 100 runs, 0 errors');
    expect(screen.getScreen()).toContain('Item 1: result');
    expect(screen.getScreen()).not.toContain('not applicable'); // mandatory: no na
    screen.keypress('enter'); // pass
    await screen.next();
    screen.type('TR-2026-088 测试报告');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('not applicable');
    screen.keypress('down');
    screen.keypress('down');
    screen.keypress('enter'); // na
    await screen.next();
    screen.keypress('enter'); // no evidence
    await screen.next();
    screen.keypress('enter'); // phone
    await screen.next();
    screen.type('问题已解决');
    screen.keypress('enter');
    await screen.next();
    screen.keypress('down');
    screen.keypress('enter'); // 4 satisfied
    await screen.next();
    screen.keypress('enter'); // no compensation
    await screen.next();
    expect(io.told()).toContain('Score 1.00 (pass at 0.8): pass.');
    screen.keypress('enter'); // save
    expect(await answer).toEqual({
      items: {
        'fix-verified': { result: 'pass', evidence: 'TR-2026-088 测试报告' },
        apology: { result: 'na', evidence: null },
      },
      customer: { satisfaction: 4, said: '问题已解决', channel: 'phone' },
    });
  });

  it('discarding at the end writes nothing', async () => {
    const io = fakeIo();
    const answer = askAnswers(issue, checklist, config, io, new Date('2026-11-28T10:00:00+08:00'));
    for (const step of ['enter', 'enter', 'enter', 'enter', 'enter', 'enter', 'enter', 'enter']) {
      screen.keypress(step);
      await screen.next();
    }
    expect(io.told()).toContain('Score 1.00 (pass at 0.8): pass.');
    screen.keypress('down');
    screen.keypress('enter'); // discard
    await expect(answer).rejects.toMatchObject({ key: 'promptCancelled' });
  });
});
