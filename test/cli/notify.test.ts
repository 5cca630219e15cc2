import { createHmac } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commits, git, newIssue, plantStore, read, run, tempDir, write, ok } from '../helpers.js';

interface Received {
  path: string;
  url: URL;
  // biome-ignore lint/suspicious/noExplicitAny: JSON read back from the CLI, checked field by field below
  body: Record<string, any>;
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A receiver on loopback; `answer` false means it never responds (a slow receiver). */
function receiver(port = 0, answer = true): Promise<{ port: number; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', () => {
      got.push({ path: req.url ?? '', url: new URL(req.url ?? '/', 'http://127.0.0.1'), body: JSON.parse(data) });
      if (answer) res.end('{"errcode":0}');
    });
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, got })),
  );
}

async function freePort(): Promise<number> {
  const { port } = await receiver();
  servers.pop()?.close();
  return port;
}

function withNotify(dir: string, yaml: string) {
  write(dir, '.aftersales/config.yaml', `${read(dir, '.aftersales/config.yaml')}\nnotify:\n${yaml}`);
}

const NOW = { env: { AFTERSALES_NOW: '2026-11-23T10:00:00+08:00' } };
const outbox = (dir: string) =>
  existsSync(join(dir, '.git/aftersales/outbox')) ? readdirSync(join(dir, '.git/aftersales/outbox')) : [];

describe('webhooks', () => {
  it('each platform gets its documented body; DingTalk requests are signed', async () => {
    const { port, got } = await receiver();
    const dir = await plantStore();
    const base = `http://127.0.0.1:${port}`;
    withNotify(
      dir,
      [
        '  webhooks:',
        `    - { url: "${base}/generic", events: [assigned] }`,
        `    - { url: "${base}/slack", events: [assigned], format: slack }`,
        `    - { url: "${base}/dingtalk?access_token=t", events: [assigned], format: dingtalk, secret: SECxyz }`,
        `    - { url: "${base}/wecom", events: [assigned], format: wecom }`,
        `    - { url: "${base}/feishu", events: [assigned], format: feishu }`,
        `    - { url: "${base}/approvals", events: [approval-requested] }`,
      ].join('\n'),
    );
    const id = await newIssue(dir, { product: 'X100', title: 'X100 主轴异响' });
    const by = (p: string) => got.find((g) => g.url.pathname === p) as Received;
    expect(got.map((g) => g.url.pathname).sort()).toEqual(['/dingtalk', '/feishu', '/generic', '/slack', '/wecom']);
    expect(by('/generic').body).toMatchObject({
      event: 'assigned',
      by: 'li.si',
      to: ['li.si', 'wang.wu'],
      issue: { id, title: 'X100 主轴异响', assignee: 'li.si' },
    });
    expect(by('/slack').body.text).toMatch(new RegExp(`^\\*${id} X100 主轴异响\\*\\n已分派 assigned`));
    const ding = by('/dingtalk');
    expect(ding.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: `${id} 已分派 assigned`, text: expect.stringContaining(`#### ${id} X100 主轴异响`) },
    });
    const ts = ding.url.searchParams.get('timestamp') as string;
    expect(ding.url.searchParams.get('access_token')).toBe('t');
    expect(ding.url.searchParams.get('sign')).toBe(
      createHmac('sha256', 'SECxyz').update(`${ts}\nSECxyz`).digest('base64'),
    );
    expect(by('/wecom').body).toMatchObject({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining(`**${id} X100 主轴异响**`) },
    });
    expect(by('/feishu').body).toMatchObject({
      msg_type: 'text',
      content: { text: expect.stringContaining('已分派 assigned') },
    });
  });

  it('a receiver that is down fails nothing and loses nothing: the outbox keeps it until notify --flush', async () => {
    const port = await freePort();
    const dir = await plantStore();
    withNotify(dir, `  webhooks:\n    - { url: "http://127.0.0.1:${port}/hook", events: [assigned] }`);
    const r = await run(
      dir,
      ['new', '--title', 't', '--type', 'hardware', '--severity', 'high', '--customer', 'c', '--product', 'X100'],
      NOW,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: could not notify http:\/\/127\.0\.0\.1:\d+\/hook: ECONNREFUSED/);
    expect(r.stderr).toMatch(/1 notice\(s\) kept in the outbox/);
    expect(commits(dir)[0]).toMatch(/: register — t$/);
    expect(outbox(dir)).toHaveLength(1);
    expect((await run(dir, ['notify', '--flush'])).code).toBe(1); // still down
    const { got } = await receiver(port);
    const f = await run(dir, ['notify', '--flush']);
    expect(f.code).toBe(0);
    expect(f.stderr).toBe('Delivered 1 notice(s) from the outbox; 0 still waiting.\n');
    expect(got).toHaveLength(1);
    expect(got[0]?.body.event).toBe('assigned');
    expect(outbox(dir)).toEqual([]);
  });

  it('a slow receiver times out and is queued', async () => {
    const { port } = await receiver(0, false);
    const dir = await plantStore();
    withNotify(
      dir,
      `  timeout_ms: 300\n  webhooks:\n    - { url: "http://127.0.0.1:${port}/slow", events: [assigned] }`,
    );
    const started = Date.now();
    const r = await run(
      dir,
      ['new', '--title', 't', '--type', 'hardware', '--severity', 'high', '--customer', 'c', '--product', 'X100'],
      NOW,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(outbox(dir)).toHaveLength(1);
  });

  it('check --notify announces each overdue item once a day; hooks get the notice on stdin', async () => {
    const { port, got } = await receiver();
    const dir = await plantStore();
    const hookOut = join(tempDir(), 'hook.json');
    withNotify(
      dir,
      `  webhooks:\n    - { url: "http://127.0.0.1:${port}/overdue", events: [overdue] }\n  hooks:\n    - { command: "cat > '${hookOut}'", events: [assigned] }`,
    );
    await ok(dir, ['trust']);
    const id = await newIssue(dir, { product: 'X100', severity: 'critical' });
    expect(JSON.parse(read(hookOut, '')).issue.id).toBe(id);
    await ok(dir, ['contact', id, '--channel', 'phone', '--note', '已回电']); // the response is not what this is about
    const at = (now: string) => run(dir, ['check', '--notify'], { env: { AFTERSALES_NOW: now } });
    expect((await at('2026-11-26T09:00:00+08:00')).code).toBe(1);
    expect((await at('2026-11-26T15:00:00+08:00')).code).toBe(1);
    expect(got).toHaveLength(1);
    expect(got[0]?.body).toMatchObject({
      event: 'overdue',
      issue: { id },
      note: expect.stringContaining('resolution'),
    });
    await at('2026-11-27T09:00:00+08:00');
    expect(got).toHaveLength(2);
  });
});

/** A receiver that answers each request as `answer(n)` says (n counts from 0): [status, body], or null for silence. */
function scripted(answer: (n: number) => [number, string] | null): Promise<{ port: number; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', () => {
      const a = answer(got.length);
      got.push({ path: req.url ?? '', url: new URL(req.url ?? '/', 'http://127.0.0.1'), body: JSON.parse(data) });
      if (a) {
        res.statusCode = a[0];
        res.end(a[1]);
      }
    });
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, got })),
  );
}

const NEW = ['new', '--title', 't', '--type', 'hardware', '--severity', 'high', '--customer', 'c', '--product', 'X100'];

describe('webhooks that fail in their own words, or not at all', () => {
  it('an HTTP 200 carrying DingTalk, WeCom or Feishu error codes is a failed delivery, kept in the outbox', async () => {
    const ding = await scripted(() => [200, '{"errcode":130101,"errmsg":"send too fast"}']);
    const wecom = await scripted(() => [200, '{"errcode":93000,"errmsg":"invalid webhook url"}']);
    const feishu = await scripted(() => [200, '{"code":9499,"msg":"Bad Request"}']);
    const fine = await scripted(() => [200, '{"errcode":0,"errmsg":"ok"}']);
    const dir = await plantStore();
    withNotify(
      dir,
      [
        '  webhooks:',
        `    - { url: "http://127.0.0.1:${ding.port}/robot/send?access_token=SECRET-TOKEN", format: dingtalk, events: [assigned] }`,
        `    - { url: "http://127.0.0.1:${wecom.port}/cgi-bin/webhook/send?key=SECRET-KEY", format: wecom, events: [assigned] }`,
        `    - { url: "http://127.0.0.1:${feishu.port}/open-apis/bot/v2/hook/x", format: feishu, events: [assigned] }`,
        `    - { url: "http://127.0.0.1:${fine.port}/ok", format: dingtalk, events: [assigned] }`,
      ].join('\n'),
    );
    const r = await run(dir, NEW, NOW);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/dingtalk error 130101: send too fast/);
    expect(r.stderr).toMatch(/wecom error 93000: invalid webhook url/);
    expect(r.stderr).toMatch(/feishu error 9499: Bad Request/);
    expect(r.stderr).not.toMatch(/SECRET/); // no URL query is ever printed
    expect(outbox(dir)).toHaveLength(3);
    expect(fine.got).toHaveLength(1);
  });

  it('dead receivers and a hung hook cost one deadline, not one timeout each', async () => {
    const silent = await Promise.all([1, 2, 3].map(() => scripted(() => null)));
    const dir = await plantStore();
    withNotify(
      dir,
      [
        '  timeout_ms: 20000',
        '  webhooks:',
        ...silent.map((s) => `    - { url: "http://127.0.0.1:${s.port}/dead", events: [assigned] }`),
        '  hooks:',
        '    - { command: "sleep 30", events: [assigned] }',
      ].join('\n'),
    );
    await ok(dir, ['trust']);
    const started = Date.now();
    const r = await run(dir, NEW, NOW);
    const took = Date.now() - started;
    expect(r.code).toBe(0);
    expect(took).toBeLessThan(9000); // one 5 s deadline for all (was 3 × 20 s, and the hook's 30 s)
    expect(took).toBeGreaterThan(4000);
    expect(r.stderr).toMatch(/hook sleep 30: no answer within/);
    expect(outbox(dir)).toHaveLength(3);
  }, 30_000);

  it('a hook that leaves a process in the background does not keep the command waiting', async () => {
    const dir = await plantStore();
    withNotify(dir, '  hooks:\n    - { command: "sleep 8 &", events: [assigned] }');
    await ok(dir, ['trust']);
    const started = Date.now();
    const r = await run(dir, NEW, NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(4000);
  }, 20_000);

  it("a trusted hook is stopped at the config's timeout_ms", async () => {
    const dir = await plantStore();
    withNotify(dir, '  timeout_ms: 500\n  hooks:\n    - { command: "sleep 20", events: [assigned] }');
    await ok(dir, ['trust']);
    const started = Date.now();
    const r = await run(dir, NEW, NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(r.stderr).toMatch(/hook sleep 20: no answer within 500 ms/);
  });

  it('notify --flush tries each waiting notice again, waiting longer after each failure', async () => {
    let up = false;
    const flaky = await scripted((n) => (!up ? [503, 'down'] : n < 3 ? [500, 'still starting'] : [200, 'ok']));
    const dir = await plantStore();
    withNotify(dir, `  webhooks:\n    - { url: "http://127.0.0.1:${flaky.port}/hook", events: [assigned] }`);
    await run(dir, NEW, NOW);
    expect(outbox(dir)).toHaveLength(1);
    up = true; // the receiver comes back, but fails twice more before it answers
    const r = await run(dir, ['notify', '--flush'], NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(outbox(dir)).toEqual([]);
    expect(flaky.got).toHaveLength(4);
  });
});

describe('hooks a clone has not trusted, and secrets from the environment', () => {
  const NEW_ISSUE = NEW;

  it('a hook from the committed config runs only after `aftersales trust`, and a change untrusts it', async () => {
    const dir = await plantStore();
    const marker = join(tempDir(), 'ran');
    withNotify(dir, `  hooks:\n    - { command: "touch '${marker}'", events: [assigned] }`);
    let r = await run(dir, NEW_ISSUE, NOW);
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(r.stderr).toMatch(
      /notify\.hooks not run, nor webhooks that read the environment sent: this clone has not trusted them/,
    );
    expect((await run(dir, ['doctor'])).stdout).toMatch(
      /! hooks: the config names notify\.hooks this clone has not trusted/,
    );

    const trusted = await run(dir, ['trust']);
    expect(trusted.stdout).toContain(`touch '${marker}'  (assigned)`);
    r = await run(dir, NEW_ISSUE, NOW);
    expect(existsSync(marker)).toBe(true);
    expect((await run(dir, ['doctor'])).stdout).toMatch(/✓ hooks: 1 trusted in this clone/);

    // a pull request changes the command: not run until trusted again
    write(dir, '.aftersales/config.yaml', read(dir, '.aftersales/config.yaml').replace('touch ', 'rm -f '));
    r = await run(dir, NEW_ISSUE, NOW);
    expect(existsSync(marker)).toBe(true);
    expect(r.stderr).toMatch(/not trusted them/);
  });

  it("a hook's variables are expanded by the shell: a value cannot inject a command", async () => {
    const dir = await plantStore();
    const [out, injected] = [join(tempDir(), 'out'), join(tempDir(), 'injected')];
    withNotify(dir, `  hooks:\n    - { command: "printf %s \\"\${HOOK_VALUE}\\" > '${out}'", events: [assigned] }`);
    await ok(dir, ['trust']);
    const value = `ab"; touch '${injected}'; echo "`;
    await ok(dir, NEW_ISSUE, { env: { ...NOW.env, HOOK_VALUE: value } });
    expect(read(out, '')).toBe(value);
    expect(existsSync(injected)).toBe(false);
  });

  it('a name in braces in a webhook comes from the environment; no output shows the token', async () => {
    const { port, got } = await receiver();
    const dir = await plantStore();
    withNotify(
      dir,
      `  webhooks:\n    - { url: "http://127.0.0.1:${port}/robot/send?access_token=\${DT_TOKEN}", events: [assigned] }`,
    );
    // a committed URL that reads the environment sends nothing until this clone trusts it
    const untrusted = await run(dir, NEW_ISSUE, { env: { ...NOW.env, DT_TOKEN: 's3cr3t-token' } });
    expect(untrusted.stderr).toMatch(
      /not sent: it reads a variable from the environment, and this clone has not trusted it/,
    );
    expect(got).toHaveLength(0);
    expect(outbox(dir)).toHaveLength(1);
    await ok(dir, ['trust']);
    expect(await ok(dir, ['notify', '--flush'], { env: { DT_TOKEN: 's3cr3t-token' } })).toBe('');
    expect(got[0]?.url.searchParams.get('access_token')).toBe('s3cr3t-token');
    await ok(dir, NEW_ISSUE, { env: { ...NOW.env, DT_TOKEN: 's3cr3t-token' } });
    expect(got[1]?.url.searchParams.get('access_token')).toBe('s3cr3t-token');
    expect(read(dir, '.aftersales/config.yaml')).not.toContain('s3cr3t');

    // not set: the delivery fails naming the variable, and waits in the outbox unexpanded
    const r = await run(dir, NEW_ISSUE, NOW);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\/robot\/send\?…: \$\{DT_TOKEN\} is not set in the environment/);
    expect(outbox(dir)).toHaveLength(1);
    const waiting = read(join(dir, '.git/aftersales/outbox'), outbox(dir)[0] as string);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own placeholder, kept as written
    expect(waiting).toContain('access_token=${DT_TOKEN}');
    // a dead receiver with the token set: the failure shows no query
    servers.pop()?.close();
    const dead = await run(dir, NEW_ISSUE, { env: { ...NOW.env, DT_TOKEN: 's3cr3t-token' } });
    expect(dead.stderr).toMatch(/notice/);
    expect(dead.stdout + dead.stderr).not.toContain('s3cr3t');
  });
  it('any config string outside notify may read a name in braces; the cache follows its value', async () => {
    const dir = await plantStore();
    const file = '.aftersales/config.yaml';
    write(
      dir,
      file,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own placeholder
      read(dir, file).replace('name: 李四, email: li.si@example.com', 'name: "${LISI}", email: "${LISI_MAIL}"'),
    );
    git(dir, ['commit', '-qam', 'names from the environment']);
    const env = (name: string) => ({ env: { ...NOW.env, LISI: name, LISI_MAIL: 'li.si@example.com' } });
    const id = (await ok(dir, NEW_ISSUE, env('李四'))).match(/AS-[\w-]+/)?.[0] as string;
    await ok(dir, ['dispatch', id, '--to', 'li.si', '--reason', '她在'], env('李四'));
    expect(await ok(dir, ['list'], env('李四'))).toContain('李四');
    // the same cached config, another value: the list follows it
    expect(await ok(dir, ['list'], env('李四质量'))).toContain('李四质量');
    await ok(dir, ['validate'], env('李四'));
    // audit and report --at read the config as it stood, with the same names filled in
    expect((await run(dir, ['audit'], env('李四'))).code).toBe(0);
    expect(JSON.parse(await ok(dir, ['report', '--at', 'HEAD', '--format', 'json'], env('李四'))).total).toBe(1);
    // unset: the text stays as written, and an e-mail that is not one is named
    const r = await run(dir, ['validate'], NOW);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('people');
  });
});
