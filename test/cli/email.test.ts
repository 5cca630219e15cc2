// `confirm --email FILE.eml`: the customer's reply as the confirmation, parsed by mailparser.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commits, FIXTURES, git, ok, read, run, tempDir, write, x100ReadyForAcceptance, asChen } from '../helpers.js';

const at = (day: string, hhmm = '10:00') => ({ env: { AFTERSALES_NOW: `2026-${day}T${hhmm}:00+08:00` } });

/** A reply as a Chinese mail program writes one: GBK in base64, the name as an encoded word,
 * the message it answers quoted below. */
const REPLY = [
  'From: =?UTF-8?B?546L5bel?= <wang@huadong.example>',
  'To: li.si@plant.example',
  'Subject: =?UTF-8?B?UmU6IOaVtOaUuee7k+aenA==?=',
  'Date: Fri, 27 Nov 2026 16:30:00 +0800',
  'Message-ID: <reply-8831@huadong.example>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=gbk',
  'Content-Transfer-Encoding: base64',
  '',
  '1OvS9NLRvq3Du9PQwcujrM7Sw8e63ML60uKhow0KDQrN9bmkDQoNCtTaIDIwMjYtMTEtMjcgMDk6MDAsIMDuy8Qg0LS1wKO6DQo+IMfryLfIz9X7uMTQp7n7DQo=',
  '',
].join('\r\n');

function eml(text: string): string {
  const file = join(tempDir(), 'reply.eml');
  write(file, '', text);
  return file;
}

describe('confirm --email', () => {
  it("takes the customer's words, name and time from the reply, and keeps the mail", async () => {
    const { dir, id } = await x100ReadyForAcceptance();
    const file = eml(REPLY);
    await ok(dir, ['confirm', id, '--email', file, '--satisfaction', '5'], at('11-28'));
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    const event = issue.history.at(-1);
    expect(event).toMatchObject({
      action: 'confirm',
      at: '2026-11-27T16:30:00+08:00',
      note: '噪音已经没有了，我们很满意。\n\n王工',
      contact: '王工 <wang@huadong.example>',
      channel: 'email',
      satisfaction: 5,
      message_id: '<reply-8831@huadong.example>',
    });
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(event.attachments).toEqual([
      { path: `attachments/${id}/${sha.slice(0, 12)}-reply.eml`, sha256: sha, size: REPLY.length },
    ]);
    expect(read(dir, event.attachments[0].path)).toBe(REPLY);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    // the mail, sent after the last permanent action (11-26), opens the customer gate
    const answers = join(tempDir(), 'answers.yaml');
    write(
      answers,
      '',
      `${readFileSync(join(FIXTURES, 'answers', 'x100-round2-pass.yaml'), 'utf8').split('\ncustomer:')[0]}\n`,
    );
    const accepted = await run(dir, ['accept', id, '--answers', answers], asChen(at('11-28')));
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).status).toBe('accepted');
  });

  it('an older mail entered later does not outrank a newer confirmation', async () => {
    const { dir, id } = await x100ReadyForAcceptance();
    await ok(
      dir,
      ['confirm', id, '--satisfaction', '2', '--said', '还有异响', '--channel', 'phone'],
      at('11-28', '10:00'),
    );
    // the mail was sent on 11-27, before the call; entered on 11-28 at 11:00
    await ok(dir, ['confirm', id, '--email', eml(REPLY), '--satisfaction', '5'], at('11-28', '11:00'));
    const answers = join(tempDir(), 'answers.yaml');
    write(
      answers,
      '',
      `${readFileSync(join(FIXTURES, 'answers', 'x100-round2-pass.yaml'), 'utf8').split('\ncustomer:')[0]}\n`,
    );
    const r = await run(dir, ['accept', id, '--answers', answers], asChen(at('11-28', '12:00')));
    expect(r.code).toBe(1); // the 2/5 of the call, the latest word, fails the round
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).acceptance.rounds[0].customer_gate).toBe(
      'satisfaction-low',
    );
  });

  it('flags given beside the mail win over what it says', async () => {
    const { dir, id } = await x100ReadyForAcceptance();
    await ok(
      dir,
      ['confirm', id, '--email', eml(REPLY), '--satisfaction', '4', '--said', '满意', '--contact', '王经理'],
      at('11-28'),
    );
    const event = JSON.parse(await ok(dir, ['show', id, '--json'])).history.at(-1);
    expect(event).toMatchObject({ note: '满意', contact: '王经理', channel: 'email', satisfaction: 4 });
  });

  it('refuses what is not a mail, a mail with no words of its own, one from the future: exit 2, nothing written', async () => {
    const { dir, id } = await x100ReadyForAcceptance();
    const cases: [string, RegExp][] = [
      [eml('这不是邮件，只是一段文字。\n'), /is not an e-mail message/],
      [
        eml(REPLY.replace(/\r\n\r\n[\s\S]*$/, '\r\n\r\n\r\n> 请确认整改效果\r\n').replace('base64', '8bit')),
        /no words of the customer/,
      ],
      [eml(REPLY.replace('27 Nov 2026', '27 Nov 2027')), /later than now/],
      [join(tempDir(), 'missing.eml'), /cannot be read/],
    ];
    for (const [file, message] of cases) {
      const before = { status: git(dir, ['status', '--porcelain']), commits: commits(dir).length };
      const r = await run(dir, ['confirm', id, '--email', file, '--satisfaction', '5'], at('11-28'));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(git(dir, ['status', '--porcelain'])).toBe(before.status);
      expect(commits(dir)).toHaveLength(before.commits);
    }
  });
});
