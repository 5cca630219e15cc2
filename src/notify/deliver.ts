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
import { expandEnv } from '../domain/config-env.js';
import { readsEnv, shownCommand } from './trust.js';
import type { Mail } from './mail.js';

export interface WebhookDelivery {
  url: string;
  format: Format;
  secret?: string;
  notice: Notice;
}

/** A mail to the customer: `url` says where it goes, as output may show it. */
export interface MailDelivery {
  url: string;
  mail: Mail;
}

export type Delivery = WebhookDelivery | MailDelivery;

const shown = (d: Delivery) => ('mail' in d ? d.url : shownUrl(d.url));

export interface Outcome {
  delivered: number;
  queued: number;
  failures: string[];
}

/** However slow the receivers, notifying adds at most this much to a command. */
const DEADLINE_MS = 5000;

/** A URL as output may show it: no credentials, no query (DingTalk's token, a signature). */
export const shownUrl = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(a webhook URL)';
  }
};

/** What a receiver said in its body when HTTP said 200: DingTalk and WeCom answer errors with
 * a non-zero `errcode` (rate limits, a wrong key), Feishu with a non-zero `code`. */
function inBandError(format: Format, text: string): string | null {
  if (format !== 'dingtalk' && format !== 'wecom' && format !== 'feishu') return null;
  try {
    const answer = JSON.parse(text) as { errcode?: number; errmsg?: string; code?: number; msg?: string };
    const code = format === 'feishu' ? answer.code : answer.errcode;
    if (code === undefined || code === 0) return null;
    return `${format} error ${code}${(answer.errmsg ?? answer.msg) ? `: ${answer.errmsg ?? answer.msg}` : ''}`;
  } catch {
    return null; // not JSON: HTTP's word stands
  }
}

async function post(
  d: Delivery,
  timeoutMs: number,
  now: Date,
  deadline: AbortSignal,
  trusted: boolean,
): Promise<string | null> {
  if ('mail' in d) return (await import('./mail.js')).sendMail(d.mail, Math.min(timeoutMs, DEADLINE_MS), trusted);
  if (!trusted && readsEnv(d))
    return 'not sent: it reads a variable from the environment, and this clone has not trusted it (aftersales trust)';
  // each `${NAME}` from the environment, once; a name not set fails the delivery, named
  const [target, sign] = [expandEnv(d.url, runEnv()), d.secret === undefined ? null : expandEnv(d.secret, runEnv())];
  const missing = [...target.missing, ...(sign?.missing ?? [])];
  if (missing.length) return `\${${missing[0]}} is not set in the environment`;
  const secret = sign?.text;
  const url = d.format === 'dingtalk' && secret ? dingtalkSignedUrl(target.text, secret, now) : target.text;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body(d.format, d.notice, secret, now)),
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), deadline]),
    });
    const text = await res.text().catch(() => '');
    return res.ok ? inBandError(d.format, text) : `HTTP ${res.status}`;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      return `no answer within ${Math.min(timeoutMs, DEADLINE_MS)} ms`;
    return e.cause?.code ?? e.message;
  }
}

/** A local hook: the notice on its stdin, `${NAME}` expanded by the shell itself (pasted into
 * the command text, a value could inject code). Its whole process group is killed at the
 * timeout (a `sh -c` whose child sleeps would otherwise keep the command waiting). */
function runHook(command: string, notice: Notice, timeoutMs: number, deadline: AbortSignal): Promise<string | null> {
  if (deadline.aborted) return Promise.resolve(`not run: the ${DEADLINE_MS} ms for notifying had passed`);
  return new Promise((resolvePromise) => {
    const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'ignore', 'pipe'], env: runEnv(), detached: true });
    let err = '';
    let done = false;
    let exited: number | null | undefined;
    const verdict = () => (exited === 0 ? null : `exit ${exited}${err ? `: ${err.trim().split('\n')[0]}` : ''}`);
    const finish = (failure: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // what the hook left running in the background must not keep this command alive
      child.stderr.destroy();
      child.unref();
      resolvePromise(failure);
    };
    const stop = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
      finish(exited === undefined ? `no answer within ${timeoutMs} ms` : verdict());
    };
    const timer = setTimeout(stop, timeoutMs);
    deadline.addEventListener('abort', stop, { once: true });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => finish(e.message));
    // its word once its output is read; a process it left running may hold the pipe open:
    // then the hook's own exit code stands, soon after it exited
    child.on('exit', (code) => {
      exited = code;
      setTimeout(() => finish(verdict()), 200).unref();
    });
    child.on('close', () => finish(verdict()));
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(notice));
  });
}

/** The notice with who its people are in each chat (people[].im), for the @-mentions. */
function withMentions(config: Config, notice: Notice): Notice {
  const people = notice.to.map((id) => config.people.find((p) => p.id === id)?.im).filter(Boolean);
  if (!people.length) return notice;
  const of = (k: 'dingtalk' | 'wecom' | 'feishu') => people.flatMap((im) => (im?.[k] ? [im[k]] : []));
  return { ...notice, mention: { dingtalk: of('dingtalk'), wecom: of('wecom'), feishu: of('feishu') } };
}

export function deliveriesFor(config: Config, notices: Notice[]): Delivery[] {
  return notices.flatMap((n) => {
    const notice = withMentions(config, n);
    return config.notify.webhooks
      .filter((w) => w.events.length === 0 || w.events.includes(notice.event))
      .map((w) => ({ url: w.url, format: w.format, secret: w.secret, notice }));
  });
}

export async function deliver(
  config: Config,
  notices: Notice[],
  outbox: string,
  now: Date,
  /** false: the hooks are not run (this clone has not trusted them) */
  hooksTrusted = true,
  mails: readonly Mail[] = [],
): Promise<Outcome> {
  const outcome: Outcome = { delivered: 0, queued: 0, failures: [] };
  const timeout = config.notify.timeout_ms;
  // every receiver at once, under one deadline: dead receivers cost one timeout, not one each
  const deadline = AbortSignal.timeout(DEADLINE_MS);
  const deliveries: Delivery[] = [
    ...deliveriesFor(config, notices),
    ...mails.map((mail) => ({ url: `smtp://${mail.smtp.host}:${mail.smtp.port} → ${mail.to}`, mail })),
  ];
  const hooks = notices.flatMap((notice) =>
    (hooksTrusted ? config.notify.hooks : [])
      .filter((x) => x.events.length === 0 || x.events.includes(notice.event))
      .map((h) => ({ h, notice })),
  );
  const [posted, ran] = await Promise.all([
    inPool(deliveries.map((d) => () => post(d, timeout, now, deadline, hooksTrusted))),
    inPool(
      hooks.map(
        ({ h, notice }) =>
          () =>
            runHook(h.command, notice, timeout, deadline),
      ),
    ),
  ]);
  for (const [n, failure] of posted.entries()) {
    const d = deliveries[n] as Delivery;
    if (failure === null) {
      outcome.delivered++;
      continue;
    }
    mkdirSync(outbox, { recursive: true });
    writeFileAtomic(join(outbox, `${Date.now()}-${randomBytes(3).toString('hex')}.json`), JSON.stringify(d));
    outcome.queued++;
    outcome.failures.push(`${shown(d)}: ${failure}`);
  }
  for (const [n, failure] of ran.entries())
    if (failure) outcome.failures.push(`hook ${shownCommand(hooks[n]?.h.command ?? '')}: ${failure}`);
  return outcome;
}

/** Runs the tasks a few at a time (an import of 60,000 rows must not start 60,000 requests
 * or hooks at once); the answers in the tasks' order. */
async function inPool<T>(tasks: (() => Promise<T>)[], limit = 8): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < tasks.length; n = next++) results[n] = await (tasks[n] as () => Promise<T>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Tries to send again, waiting twice as long after each failure. */
async function withRetries(send: () => Promise<string | null>, tries = 3, firstWaitMs = 250): Promise<string | null> {
  let failure: string | null = null;
  for (let n = 0; n < tries; n++) {
    if (n > 0) await new Promise((r) => setTimeout(r, firstWaitMs * 2 ** (n - 1)));
    failure = await send();
    if (failure === null) return null;
  }
  return failure;
}

/** Send again what waits in the outbox, each a few times with a growing wait between (the
 * receivers in parallel); what still fails stays there. */
export async function flush(config: Config, outbox: string, now: Date, trusted = true): Promise<Outcome> {
  const outcome: Outcome = { delivered: 0, queued: 0, failures: [] };
  let names: string[] = [];
  try {
    names = readdirSync(outbox)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return outcome;
  }
  const waiting = names.map((name) => ({ name, d: JSON.parse(readFileSync(join(outbox, name), 'utf8')) as Delivery }));
  const timeout = config.notify.timeout_ms;
  const results = await inPool(
    waiting.map(
      ({ d }) =>
        () =>
          withRetries(() => post(d, timeout, now, AbortSignal.timeout(DEADLINE_MS), trusted)),
    ),
  );
  for (const [n, failure] of results.entries()) {
    const { name, d } = waiting[n] as { name: string; d: Delivery };
    if (failure === null) {
      rmSync(join(outbox, name), { force: true });
      outcome.delivered++;
    } else {
      outcome.queued++;
      outcome.failures.push(`${shown(d)}: ${failure}`);
    }
  }
  return outcome;
}
