// How the built CLI starts: one file (dist/cli.cjs) compiled with a V8 code cache per command
// (bin/code-cache.js), and the large leaf libraries in files of their own (dist/vendor/), each
// read by the one command that needs it. Run as a user's shell runs it, as processes.
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import {
  fixtureStore,
  git,
  NOW,
  plantStore,
  ROOT,
  runProcess,
  tempDir,
  x100ReadyForAcceptance,
  type RunOptions,
} from '../helpers.js';

const BUILD = readFileSync(join(ROOT, 'dist', 'build-id.txt'), 'utf8').trim();
const cacheOf = (command: string) => `${BUILD}-${process.version}-${process.arch}-${command}.bin`;

describe('the code cache', () => {
  const withCache = (cache: string, extra: Record<string, string> = {}): RunOptions => ({
    env: { AFTERSALES_NOW: NOW, AFTERSALES_CODE_CACHE: cache, ...extra },
  });

  it("is written by a command's first good run, used by the next, and changes no output", async () => {
    const dir = fixtureStore('kpi');
    const cache = tempDir();
    const plain = await runProcess(dir, ['list', '--json'], withCache('off'));
    expect(plain.code).toBe(0);
    expect(readdirSync(cache)).toEqual([]);
    expect(await runProcess(dir, ['list', '--json'], withCache(cache))).toEqual(plain);
    const file = join(cache, cacheOf('list'));
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // a cache V8 accepts is left as it is: its inode and its bytes stay
    const before = { ino: statSync(file).ino, bytes: readFileSync(file) };
    expect(await runProcess(dir, ['list', '--json'], withCache(cache))).toEqual(plain);
    expect(statSync(file).ino).toBe(before.ino);
    expect(readFileSync(file).equals(before.bytes)).toBe(true);
    // each command has its own
    expect((await runProcess(dir, ['report', '--format', 'json'], withCache(cache))).code).toBe(0);
    expect(readdirSync(cache).sort()).toEqual([cacheOf('list'), cacheOf('report')].sort());
  });

  it('a damaged cache is replaced, a failed run (exit 2) writes none, and "off" writes nothing', async () => {
    const dir = fixtureStore('kpi');
    const cache = tempDir();
    const good = await runProcess(dir, ['show', 'AS-0RR0-00000C'], withCache('off'));
    expect(good.code).toBe(0);
    writeFileSync(join(cache, cacheOf('show')), 'not a code cache');
    expect(await runProcess(dir, ['show', 'AS-0RR0-00000C'], withCache(cache))).toEqual(good);
    expect(readFileSync(join(cache, cacheOf('show'))).length).toBeGreaterThan(10_000);
    const missing = await runProcess(dir, ['log', 'AS-0RR0-ZZZZZZ'], withCache(cache));
    expect(missing.code).toBe(2);
    expect(existsSync(join(cache, cacheOf('log')))).toBe(false);
    // Node's own switch turns it off too
    await runProcess(dir, ['check'], withCache(cache, { NODE_DISABLE_COMPILE_CACHE: '1' }));
    expect(existsSync(join(cache, cacheOf('check')))).toBe(false);
  });

  it("lives in the user's cache folder, and drops another build's files after a month", async () => {
    const dir = fixtureStore('kpi');
    const xdg = tempDir();
    const folder = join(xdg, 'aftersales');
    const env = { AFTERSALES_NOW: NOW, XDG_CACHE_HOME: xdg };
    expect((await runProcess(dir, ['list'], { env })).code).toBe(0);
    expect(readdirSync(folder)).toEqual([cacheOf('list')]);
    const old = join(folder, `0123456789abcdef-${process.version}-${process.arch}-list.bin`);
    const recent = join(folder, `fedcba9876543210-${process.version}-${process.arch}-list.bin`);
    writeFileSync(old, 'x');
    writeFileSync(recent, 'x');
    const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    utimesSync(old, longAgo, longAgo);
    expect((await runProcess(dir, ['report'], { env })).code).toBe(0);
    expect(readdirSync(folder).sort()).toEqual([cacheOf('list'), cacheOf('report'), recent.split('/').pop()].sort());
  });

  it('AFTERSALES_DEBUG=1 runs the bundle with its source maps: a stack trace names src/', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-store'), '');
    const r = await runProcess(dir, ['list'], { env: { AFTERSALES_DEBUG: '1', AFTERSALES_CODE_CACHE: 'off' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/src\/[\w/-]+\.ts:\d+/);
  });
});

describe('the vendor files (dist/vendor/)', () => {
  it('xlsx: export writes a workbook (write-excel-file) that import reads back (read-excel-file)', async () => {
    const dir = fixtureStore('kpi');
    const book = join(tempDir(), 'all.xlsx');
    const at = { env: { AFTERSALES_NOW: '2026-12-31T10:00:00+08:00' } };
    expect((await runProcess(dir, ['export', '--format', 'xlsx', '--out', book], at)).code).toBe(0);
    expect(readFileSync(book).subarray(0, 2).toString()).toBe('PK');
    const back = await runProcess(dir, ['import', book, '--history', '--dry-run'], at);
    // every row read back: each one the issue it was exported from
    expect(back.stderr.match(/^Row \d+ repeats AS-0RR0-\w+/gm)).toHaveLength(8);
    expect(back.stderr).toContain('Row 4 repeats AS-0RR0-00000C');
  });

  it('kb search in traditional characters converts the query (OpenCC)', async () => {
    const dir = fixtureStore('kpi');
    const r = await runProcess(dir, ['kb', 'search', '主軸異響', '--json'], { env: { AFTERSALES_NOW: NOW } });
    expect(r.code, r.stderr).toBe(0);
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((h) => h.id);
    expect(ids.slice(0, 2).sort()).toEqual(['AS-0RR0-00000C', 'AS-0RR0-00000G']);
  });

  it("confirm --email reads the customer's mail (mailparser)", async () => {
    const { dir, id } = await x100ReadyForAcceptance();
    const mail = join(tempDir(), 'reply.eml');
    writeFileSync(
      mail,
      [
        'From: =?UTF-8?B?546L5bel?= <wang@huadong.example>',
        'Subject: Re: X100',
        'Date: Fri, 27 Nov 2026 16:30:00 +0800',
        'Message-ID: <reply-1@huadong.example>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '噪音已经没有了。',
        '',
      ].join('\r\n'),
    );
    const at = { env: { AFTERSALES_NOW: '2026-11-28T10:00:00+08:00' } };
    const r = await runProcess(dir, ['confirm', id, '--email', mail, '--satisfaction', '5'], at);
    expect(r.code, r.stderr).toBe(0);
    const shown = JSON.parse((await runProcess(dir, ['show', id, '--json'], at)).stdout);
    expect(shown.history.at(-1)).toMatchObject({ action: 'confirm', contact: '王工 <wang@huadong.example>' });
  });

  it('notify sends the customer mail over SMTP (nodemailer)', async () => {
    const mails: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData: (stream, session, cb) => {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          mails.push(session.envelope.rcptTo.map((r) => r.address).join(','));
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const dir = await plantStore();
      const { port } = server.server.address() as AddressInfo;
      const config = join(dir, '.aftersales', 'config.yaml');
      writeFileSync(
        config,
        `${readFileSync(config, 'utf8')}\nnotify:\n  customer:\n    smtp: { host: 127.0.0.1, port: ${port} }\n` +
          '    from: "售后服务 <service@example.com>"\n    events: [registered]\n',
      );
      git(dir, ['commit', '-qam', 'mail the customer']);
      const at = { env: { AFTERSALES_NOW: NOW } };
      expect((await runProcess(dir, ['trust'], at)).code).toBe(0);
      const notified = await runProcess(
        dir,
        [
          ...['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'high', '--customer', '华东'],
          ...['--contact', '张工 zhang@customer.example', '--product', 'X100', '--notify-customer'],
        ],
        at,
      );
      expect(notified.code, notified.stderr).toBe(0);
      expect(mails).toEqual(['zhang@customer.example']);
    } finally {
      server.close();
    }
  });
});
