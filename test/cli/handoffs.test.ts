// Hand-offs: a notice at every step to whoever acts next, @-mentions, escalation levels, the
// morning digest, and e-mail to the customer through a real SMTP server on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, ok, plantStore, read, run, setIdentity, write } from '../helpers.js';

type Body = Record<string, unknown> & { event?: string; to?: string[]; issue?: { id: string } };
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

function receiver(): Promise<{ port: number; got: { path: string; body: Body }[] }> {
  const got: { path: string; body: Body }[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', () => {
      got.push({ path: req.url ?? '', body: JSON.parse(data) });
      res.end('{"errcode":0}');
    });
  });
  closers.push(() => server.close());
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, got })),
  );
}

const at = (hhmm: string, day = '23') => ({ env: { AFTERSALES_NOW: `2026-11-${day}T${hhmm}:00+08:00` } });
const config = (dir: string, edit: (text: string) => string) =>
  write(dir, '.aftersales/config.yaml', edit(read(dir, '.aftersales/config.yaml')));
const NEW = ['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'critical', '--customer', '华东'];

describe('a notice at every hand-off', () => {
  it('each step tells whoever acts next; DingTalk @-mentions them', async () => {
    const { port, got } = await receiver();
    const dir = await plantStore();
    config(dir, (text) =>
      text
        .replace('email: li.si@example.com,', 'email: li.si@example.com, im: { dingtalk: "13800000001" },')
        .replace('template: three-dimension', 'template: three-dimension\n  role: quality-engineer')
        .concat(
          `\nnotify:\n  webhooks:\n    - { url: "http://127.0.0.1:${port}/all" }\n` +
            `    - { url: "http://127.0.0.1:${port}/ding", format: dingtalk, events: [assigned] }\n`,
        ),
    );
    const id = (await ok(dir, [...NEW, '--product', 'X100'], at('09:00'))).trim();
    await ok(dir, ['contact', id, '--channel', 'phone', '--note', '已回电'], at('09:10'));
    await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('10:00'));
    setIdentity(dir, 'wang.wu');
    await ok(dir, ['approve', id], at('11:00'));
    setIdentity(dir, 'zhao.liu');
    await ok(dir, ['action', id, 'T1', '--done', '--evidence', '补脂 100 台，噪音 42 dB'], at('12:00'));
    setIdentity(dir, 'li.si');
    await ok(dir, ['wait', id, '--on', 'supplier', '--reason', '等备件'], at('12:30'));
    await ok(dir, ['resume', id], at('13:30'));
    for (const a of ['P1', 'C1']) await ok(dir, ['action', id, a, '--done', '--evidence', 'WI-3.2 rev D'], at('14:00'));
    const seen = got.filter((g) => g.path === '/all').map((g) => [g.body.event, g.body.to]);
    expect(seen).toEqual([
      ['assigned', ['li.si', 'wang.wu']],
      ['contact', ['wang.wu']],
      ['plan-submitted', ['zhao.liu', 'wang.wu', 'li.si']],
      ['approval-requested', ['wang.wu']],
      ['approved', ['li.si', 'zhao.liu', 'wang.wu']],
      ['action-done', ['li.si']],
      ['waiting', ['wang.wu']],
      ['resumed', ['wang.wu']],
      ['action-done', ['li.si']],
      // the last permanent action done, ready for acceptance: the acceptance role's holders hear of it
      ['verifying', ['li.si', 'chen.qi', 'wang.wu']],
      ['action-done', ['li.si']],
    ]);
    const ding = got.find((g) => g.path === '/ding')?.body as { markdown: { text: string }; at: unknown };
    expect(ding.at).toEqual({ atMobiles: ['13800000001'], atUserIds: [], isAtAll: false });
    expect(ding.markdown.text).toContain('@13800000001');
  });
});

describe('mentions in each chat', () => {
  it('WeCom and Feishu name the person the way each documents', async () => {
    const { body } = await import('../../src/domain/notify.js');
    const n = {
      event: 'assigned' as const,
      at: '2026-11-23T10:00:00+08:00',
      by: 'li.si',
      note: null,
      to: ['zhao.liu'],
      mention: { dingtalk: ['zhaoliu01'], wecom: ['ZhaoLiu'], feishu: ['ou_7d8a6e'] },
      issue: { id: 'AS-1', title: 't', status: 'assigned', severity: 'high', customer: 'c', assignee: 'zhao.liu' },
    };
    expect((body('wecom', n) as { markdown: { content: string } }).markdown.content).toContain('<@ZhaoLiu>');
    expect((body('feishu', n) as { content: { text: string } }).content.text).toContain(
      '<at user_id="ou_7d8a6e"></at>',
    );
    expect((body('dingtalk', n) as { at: unknown }).at).toEqual({
      atMobiles: [],
      atUserIds: ['zhaoliu01'],
      isAtAll: false,
    });
  });
});

describe('escalation and the digest', () => {
  it('check --notify escalates each level once: owner at 50%, lead at 100%, a role at 150%', async () => {
    const { port, got } = await receiver();
    const dir = await plantStore();
    config(dir, (text) =>
      text.concat(
        '\nescalation:\n  - { at: 50%, notify: owner }\n  - { at: 100%, notify: lead }\n' +
          '  - { at: 150%, notify: { role: tech-director } }\n' +
          `notify:\n  webhooks:\n    - { url: "http://127.0.0.1:${port}/esc", events: [escalated] }\n`,
      ),
    );
    // critical: resolution 2d; the field team (lead sun.ba) by hand
    const id = (await ok(dir, [...NEW, '--no-dispatch'], at('09:00'))).trim();
    await ok(dir, ['dispatch', id, '--to', 'zhou.jiu', '--reason', '现场'], at('09:05'));
    await ok(dir, ['contact', id, '--channel', 'phone', '--note', '已回电'], at('09:10'));
    const esc = () => got.map((g) => [g.body.event, g.body.to]);
    await run(dir, ['check', '--notify'], at('08:00', '24')); // 46%: nothing yet
    expect(esc()).toEqual([]);
    await run(dir, ['check', '--notify'], at('10:00', '24')); // 52%
    await run(dir, ['check', '--notify'], at('11:00', '24')); // still level 1: not again
    expect(esc()).toEqual([['escalated', ['zhou.jiu']]]);
    await run(dir, ['check', '--notify'], at('10:00', '25')); // 102%
    await run(dir, ['check', '--notify'], at('10:00', '26')); // 152%
    await run(dir, ['check', '--notify'], at('10:00', '27'));
    expect(esc()).toEqual([
      ['escalated', ['zhou.jiu']],
      ['escalated', ['sun.ba']],
      ['escalated', ['wang.wu']],
    ]);
  });

  it('notify --digest sends each person what waits on them, overdue first: the items of inbox', async () => {
    const { port, got } = await receiver();
    const dir = await plantStore();
    config(dir, (text) =>
      text.concat(`\nnotify:\n  webhooks:\n    - { url: "http://127.0.0.1:${port}/d", events: [digest] }\n`),
    );
    const a = (await ok(dir, [...NEW, '--product', 'X100'], at('09:00'))).trim();
    await ok(
      dir,
      ['new', '--title', '漏油', '--type', 'hardware', '--severity', 'low', '--customer', 'c', '--product', 'X100'],
      at('09:30'),
    );
    const r = await run(dir, ['notify', '--digest'], at('10:30', '30'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^li\.si: 2 item\(s\) waiting, \d overdue$/m);
    const mine = got.find((g) => g.body.to?.[0] === 'li.si')?.body as { items: { issue: string; overdue: boolean }[] };
    const inbox = JSON.parse(await ok(dir, ['inbox', '--as', 'li.si', '--json'], at('10:30', '30')));
    expect(mine.items.map((i) => i.issue)).toEqual(inbox.map((i: { issue: string }) => i.issue));
    expect(mine.items[0]).toMatchObject({ issue: a, overdue: true });
  });
});

describe('e-mail to the customer', () => {
  async function smtp(): Promise<{ port: number; mails: { to: string; text: string }[] }> {
    const mails: { to: string; text: string }[] = [];
    const server = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth: (auth, _s, cb) =>
        auth.username === 'svc' && auth.password === 'pw-123' ? cb(null, { user: 'svc' }) : cb(new Error('bad login')),
      onData: (stream, session, cb) => {
        let text = '';
        stream.on('data', (d: Buffer) => (text += d.toString()));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), text });
          cb();
        });
      },
    });
    closers.push(() => server.close());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return { port: (server.server.address() as AddressInfo).port, mails };
  }

  it('mails the opted-in customer at registration and when fixed, through the outbox and trust', async () => {
    const { port, mails } = await smtp();
    const dir = await plantStore();
    config(dir, (text) =>
      text.concat(
        `\nnotify:\n  customer:\n    smtp: { host: 127.0.0.1, port: ${port}, user: svc, pass: "\${SMTP_PASS}" }\n` +
          '    from: "售后服务 <service@example.com>"\n    events: [registered, verifying]\n',
      ),
    );
    const env = (hhmm: string) => ({ env: { ...at(hhmm).env, SMTP_PASS: 'pw-123' } });
    const contact = ['--contact', '张工 zhang@customer.example'];
    // not trusted yet: the mail waits, naming why
    const first = await run(dir, [...NEW, ...contact, '--product', 'X100', '--notify-customer'], env('09:00'));
    expect(first.stderr).toMatch(/has not trusted it/);
    expect(mails).toEqual([]);
    await ok(dir, ['trust']);
    const flushed = await run(dir, ['notify', '--flush'], env('09:05'));
    expect(flushed.code, flushed.stderr).toBe(0);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toBe('zhang@customer.example');
    const id = first.stdout.trim();
    // the text is base64 or quoted-printable UTF-8: read it as a mail reader would
    const { simpleParser } = await import('mailparser');
    const welcome = await simpleParser(mails[0]?.text ?? '');
    expect(welcome.subject).toBe(`[${id}] 我们已受理您的问题：主轴异响`);
    expect(welcome.text).toContain('华东，您好');
    // a customer not opted in hears nothing
    await ok(dir, [...NEW, ...contact, '--product', 'X100'], env('09:10'));
    expect(mails).toHaveLength(1);
    // all permanent actions done: "fixed, please confirm"
    await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], env('10:00'));
    setIdentity(dir, 'wang.wu');
    await ok(dir, ['approve', id], env('11:00'));
    setIdentity(dir, 'li.si');
    for (const a of ['T1', 'P1', 'C1'])
      await ok(dir, ['action', id, a, '--done', '--evidence', 'WI-3.2 rev D'], env('12:00'));
    expect(mails).toHaveLength(2);
    const parsed = await simpleParser(mails[1]?.text ?? '');
    expect(parsed.subject).toBe(`[${id}] 问题已处理，请您确认：主轴异响`);
    expect(read(dir, '.aftersales/config.yaml')).not.toContain('pw-123');
  });
});
