// E-mail to the customer (seed 002: key points synced to the customer proactively): at the
// steps of notify.customer.events, for issues opted in, through the store's SMTP server. A
// mail that cannot be sent waits in the outbox like a webhook's notice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Config } from '../domain/config.js';
import { expandEnv } from '../domain/config-env.js';
import type { HistoryEvent, Issue } from '../domain/issue.js';
import { runEnv } from '../io.js';
import { packagePath } from '../package-root.js';

export type CustomerEvent = 'registered' | 'plan-agreed' | 'verifying' | 'accepted';
type Smtp = NonNullable<Config['notify']['customer']>['smtp'];

export interface Mail {
  smtp: Smtp;
  from: string;
  to: string;
  subject: string;
  text: string;
}

export function customerEventOf(e: HistoryEvent): CustomerEvent | null {
  if (e.action === 'register') return 'registered';
  if (e.action === 'confirm' && e.plan === true) return 'plan-agreed';
  if (e.action === 'verify') return 'verifying';
  if (e.action === 'accept') return 'accepted';
  return null;
}

/** The customer's e-mail address: the first one in the issue's contact. */
export const customerAddress = (issue: Issue): string | null =>
  /[^\s<>@,;，；]+@[^\s<>@,;，；]+\.[^\s<>@,;，；]+/.exec(issue.customer.contact ?? '')?.[0] ?? null;

function templates(root: string): Record<string, Record<string, { subject: string; body: string }>> {
  for (const path of [
    join(root, '.aftersales', 'customer-mail.yaml'),
    packagePath('templates', 'customer-mail.yaml'),
  ]) {
    try {
      return parse(readFileSync(path, 'utf8'));
    } catch {
      // not there: the next one
    }
  }
  return {};
}

/** The mails a change's new events send the customer (none unless configured and opted in). */
export function mailsFor(config: Config, root: string, issue: Issue, events: readonly HistoryEvent[]): Mail[] {
  const c = config.notify.customer;
  const to = customerAddress(issue);
  if (!c || !to || !(issue.notify_customer ?? c.default)) return [];
  const wanted = events.map(customerEventOf).filter((e): e is CustomerEvent => e !== null && c.events.includes(e));
  if (!wanted.length) return [];
  const all = templates(root);
  const lang = c.locale ?? config.locale ?? 'zh-CN';
  const fill = (s: string) =>
    s.replace(/\{(id|title|customer|status)\}/g, (_, k: string) =>
      k === 'customer' ? issue.customer.name : String(issue[k as 'id' | 'title' | 'status']),
    );
  return wanted.flatMap((e) => {
    const tpl = all[lang]?.[e] ?? all.en?.[e];
    return tpl ? [{ smtp: c.smtp, from: c.from, to, subject: fill(tpl.subject), text: fill(tpl.body) }] : [];
  });
}

/** Send one mail; null when sent, else why not. The password's `${NAME}` comes from the
 * environment, and only once the clone trusts the config. */
export async function sendMail(m: Mail, timeoutMs: number, trusted: boolean): Promise<string | null> {
  const pass = m.smtp.pass === undefined ? null : expandEnv(m.smtp.pass, runEnv());
  if (pass && m.smtp.pass?.includes('${') && !trusted)
    return 'not sent: its password reads a variable from the environment, and this clone has not trusted it (aftersales trust)';
  if (pass?.missing.length) return `\${${pass.missing[0]}} is not set in the environment`;
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    host: m.smtp.host,
    port: m.smtp.port,
    secure: m.smtp.secure,
    ...(m.smtp.user ? { auth: { user: m.smtp.user, pass: pass?.text ?? '' } } : {}),
    // the three waits share one budget: a mail adds no more than a webhook does
    connectionTimeout: timeoutMs / 3,
    greetingTimeout: timeoutMs / 3,
    socketTimeout: timeoutMs / 3,
  });
  try {
    await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text });
    return null;
  } catch (err) {
    const e = err as Error & { code?: string; responseCode?: number };
    return e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? e.message);
  } finally {
    transport.close();
  }
}
