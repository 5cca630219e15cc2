// How the built CLI starts: one file (dist/cli.cjs) compiled with a V8 code cache per command
// (bin/code-cache.js), and the large leaf libraries in files of their own (dist/vendor/), each
// read by the one command that needs it. Run as a user's shell runs it, as processes.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  fixtureStore,
  git,
  NOW,
  plantStore,
  ROOT,
  runProcess,
  tempDir,
  testEnv,
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
    // off: nothing written, neither in the default folder nor in a folder named "off"
    const xdg = tempDir();
    const plain = await runProcess(dir, ['list', '--json'], withCache('off', { XDG_CACHE_HOME: xdg }));
    expect(plain.code).toBe(0);
    expect(readdirSync(xdg)).toEqual([]);
    expect(existsSync(join(dir, 'off'))).toBe(false);
    expect(await runProcess(dir, ['list', '--json'], withCache(cache))).toEqual(plain);
    const file = join(cache, cacheOf('list'));
    expect(statSync(file).size).toBeGreaterThan(10_000);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
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
    const file = join(cache, cacheOf('show'));
    const good = await runProcess(dir, ['show', 'AS-0RR0-00000C'], withCache('off'));
    expect(good.code).toBe(0);
    writeFileSync(file, 'not a code cache');
    expect(await runProcess(dir, ['show', 'AS-0RR0-00000C'], withCache(cache))).toEqual(good);
    const written = readFileSync(file);
    expect(written.length).toBeGreaterThan(10_000);
    // damage inside, where V8 itself does not look (it checks a header): found by the digest
    const damaged = Buffer.from(written);
    damaged.fill(0xff, 50_000, 50_004);
    writeFileSync(file, damaged);
    for (let run = 0; run < 2; run++)
      expect(await runProcess(dir, ['show', 'AS-0RR0-00000C'], withCache(cache))).toEqual(good);
    expect(readFileSync(file).equals(damaged)).toBe(false);
    const missing = await runProcess(dir, ['log', 'AS-0RR0-ZZZZZZ'], withCache(cache));
    expect(missing.code).toBe(2);
    expect(existsSync(join(cache, cacheOf('log')))).toBe(false);
    // Node's own switch turns it off too
    await runProcess(dir, ['check'], withCache(cache, { NODE_DISABLE_COMPILE_CACHE: '1' }));
    expect(existsSync(join(cache, cacheOf('check')))).toBe(false);
  });

  it.runIf(process.platform !== 'win32')('is kept only in a folder of this user alone', async () => {
    const dir = fixtureStore('kpi');
    const shared = tempDir();
    chmodSync(shared, 0o777);
    expect((await runProcess(dir, ['list'], withCache(shared))).code).toBe(0);
    expect(readdirSync(shared)).toEqual([]);
    chmodSync(shared, 0o700);
    expect((await runProcess(dir, ['list'], withCache(shared))).code).toBe(0);
    expect(readdirSync(shared)).toEqual([cacheOf('list')]);
    // a cache others may write is neither read nor replaced
    chmodSync(join(shared, cacheOf('list')), 0o666);
    const before = readFileSync(join(shared, cacheOf('list')));
    writeFileSync(join(shared, cacheOf('list')), Buffer.concat([before.subarray(0, 32), Buffer.from('x')]));
    expect((await runProcess(dir, ['list'], withCache(shared))).code).toBe(0);
    expect(readFileSync(join(shared, cacheOf('list'))).length).toBe(33);
  });

  it.runIf(process.platform === 'linux')(
    "lives in the user's cache folder, and drops another build's files after a month",
    async () => {
      const dir = fixtureStore('kpi');
      const xdg = tempDir();
      const folder = join(xdg, 'aftersales');
      const env = { AFTERSALES_NOW: NOW, XDG_CACHE_HOME: xdg };
      expect((await runProcess(dir, ['list'], { env })).code).toBe(0);
      expect(readdirSync(folder)).toEqual([cacheOf('list')]);
      const old = join(folder, `0123456789abcdef-${process.version}-${process.arch}-list.bin`);
      const recent = join(folder, `fedcba9876543210-${process.version}-${process.arch}-list.bin`);
      const olderNode = join(folder, `${BUILD}-v18.0.0-${process.arch}-list.bin`);
      const theirs = join(folder, 'firmware.bin'); // a file of the user's, in a folder named by AFTERSALES_CODE_CACHE
      const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
      for (const f of [old, recent, olderNode, theirs]) writeFileSync(f, 'x');
      for (const f of [old, olderNode, theirs]) utimesSync(f, longAgo, longAgo);
      expect((await runProcess(dir, ['report'], { env })).code).toBe(0);
      expect(readdirSync(folder).sort()).toEqual(
        [cacheOf('list'), cacheOf('report'), basename(recent), 'firmware.bin'].sort(),
      );
      // a relative XDG_CACHE_HOME is ignored (the XDG spec): the cache goes to ~/.cache
      const relative = await runProcess(dir, ['check'], { env: { ...env, XDG_CACHE_HOME: 'cache' } });
      expect(relative.code).toBe(1);
      expect(existsSync(join(dir, 'cache'))).toBe(false);
    },
  );

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

it("show does not make stdin's stream (at a terminal it costs milliseconds)", () => {
  const dir = fixtureStore('kpi');
  // a preload that says when process.stdin is first asked for
  const trap = join(tempDir(), 'trap.cjs');
  writeFileSync(
    trap,
    "const d = Object.getOwnPropertyDescriptor(process, 'stdin');\n" +
      "Object.defineProperty(process, 'stdin', { configurable: true, get() { process._rawDebug('STDIN'); return d.get.call(process); } });\n",
  );
  const runWithTrap = (args: string[]) =>
    spawnSync(process.execPath, ['-r', trap, BIN, ...args], {
      cwd: dir,
      env: testEnv({ AFTERSALES_NOW: NOW }),
      encoding: 'utf8',
    });
  const shown = runWithTrap(['show', 'AS-0RR0-00000C']);
  expect(shown.status).toBe(0);
  expect(shown.stderr).not.toContain('STDIN');
  // the trap does see a reader of stdin
  const control = spawnSync(process.execPath, ['-r', trap, '-e', 'process.stdin'], { encoding: 'utf8' });
  expect(control.stderr).toContain('STDIN');
});
