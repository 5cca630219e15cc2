// Delivering notices: POST to each webhook listening for the event, with a timeout; run
// each local hook with the notice as JSON on stdin. A receiver that is down never fails
// the command nor loses the notice: it waits in .git/aftersales/outbox for `notify --flush`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../domain/config.js';
import { body, dingtalkSignedUrl, type Format, type Notice } from '../domain/notify.js';
import { writeFileAtomic } from '../store/files.js';
import { runEnv } from '../io.js';

export interface Delivery {
  url: string;
  format: Format;
  secret?: string;
  notice: Notice;
}

export interface Outcome {
  delivered: number;
  queued: number;
  failures: string[];
}

async function post(d: Delivery, timeoutMs: number, now: Date): Promise<string | null> {
  const url = d.format === 'dingtalk' && d.secret ? dingtalkSignedUrl(d.url, d.secret, now) : d.url;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body(d.format, d.notice, d.secret, now)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
  }
}

function runHook(command: string, notice: Notice, timeoutMs: number): Promise<string | null> {
  return new Promise((resolvePromise) => {
    const child = spawn('sh', ['-c', command], {
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: timeoutMs,
      env: runEnv(),
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => resolvePromise(e.message));
    child.on('close', (code) =>
      resolvePromise(code === 0 ? null : `exit ${code}${err ? `: ${err.trim().split('\n')[0]}` : ''}`),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(notice));
  });
}

export function deliveriesFor(config: Config, notices: Notice[]): Delivery[] {
  return notices.flatMap((notice) =>
    config.notify.webhooks
      .filter((w) => w.events.length === 0 || w.events.includes(notice.event))
      .map((w) => ({ url: w.url, format: w.format, secret: w.secret, notice })),
  );
}

export async function deliver(config: Config, notices: Notice[], outbox: string, now: Date): Promise<Outcome> {
  const outcome: Outcome = { delivered: 0, queued: 0, failures: [] };
  for (const d of deliveriesFor(config, notices)) {
    const failure = await post(d, config.notify.timeout_ms, now);
    if (failure === null) outcome.delivered++;
    else {
      mkdirSync(outbox, { recursive: true });
      writeFileAtomic(join(outbox, `${Date.now()}-${randomBytes(3).toString('hex')}.json`), JSON.stringify(d));
      outcome.queued++;
      outcome.failures.push(`${d.url}: ${failure}`);
    }
  }
  for (const notice of notices) {
    for (const h of config.notify.hooks.filter((x) => x.events.length === 0 || x.events.includes(notice.event))) {
      const failure = await runHook(h.command, notice, config.notify.timeout_ms);
      if (failure) outcome.failures.push(`hook ${h.command}: ${failure}`);
    }
  }
  return outcome;
}

/** Send again what waits in the outbox; what still fails stays there. */
export async function flush(config: Config, outbox: string, now: Date): Promise<Outcome> {
  const outcome: Outcome = { delivered: 0, queued: 0, failures: [] };
  let names: string[] = [];
  try {
    names = readdirSync(outbox)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return outcome;
  }
  for (const name of names) {
    const d = JSON.parse(readFileSync(join(outbox, name), 'utf8')) as Delivery;
    const failure = await post(d, config.notify.timeout_ms, now);
    if (failure === null) {
      rmSync(join(outbox, name), { force: true });
      outcome.delivered++;
    } else {
      outcome.queued++;
      outcome.failures.push(`${d.url}: ${failure}`);
    }
  }
  return outcome;
}
