// `contact`, `confirm` and `review`: the customer's side of the loop, as history events.
import { resolve } from 'node:path';
import { changeIssues, openContext, out, type Context, type Globals, type Io } from '../context.js';
import {
  recordCompensation,
  recordConfirmation,
  recordContact,
  recordCost,
  recordReview,
  type ConfirmInput,
  type MoneyInput,
} from '../domain/customer.js';
import type { Issue } from '../domain/issue.js';
import { isoInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';

type Prompts = typeof import('./customer-prompts.js');

/** At a terminal, fills `opts` with the answers to what the flags left out (./customer-prompts.ts). */
const asking =
  <T extends object>(io: Io, opts: T, missing: boolean, ask: (p: Prompts) => Promise<Partial<T>>) =>
  async () => {
    if (missing && io.stdinIsTTY) Object.assign(opts, await ask(await import('./customer-prompts.js')));
  };

interface Common {
  commit?: boolean;
  attach?: string[];
}

async function record(
  input: string,
  action: string,
  change: (issue: Issue, at: string, actor: string, ctx: Context) => Issue,
  opts: Common,
  globals: Globals,
  io: Io,
  /** asks for what is missing, once the ID is known to be right */
  ask?: (ctx: Context) => Promise<void>,
): Promise<string> {
  const ctx = await openContext(globals, io);
  const id = ctx.store.resolve(input);
  await ask?.(ctx);
  await changeIssues(ctx, [id], action, (i, at, actor) => change(i, at, actor, ctx), {
    commit: opts.commit !== false,
    attach: opts.attach,
  });
  return id;
}

export async function contact(
  input: string,
  opts: Common & { channel?: string; note?: string },
  globals: Globals,
  io: Io,
): Promise<number> {
  const ask = asking(io, opts, !opts.channel || opts.note === undefined, (p) => p.askContact(io, opts));
  const change = (issue: Issue, at: string, by: string) => recordContact(issue, at, by, opts.channel, opts.note ?? '');
  out(io, t('contacted', { id: await record(input, 'contact', change, opts, globals, io, ask) }));
  return 0;
}

type ConfirmOptions = Common & Omit<ConfirmInput, 'satisfaction'> & { satisfaction?: string; email?: string };

/** `--email`: said, contact and channel from the mail where the flags leave them out, the mail
 * attached; returns when it was sent (the event's time). */
async function fromMail(opts: ConfirmOptions, ctx: Context): Promise<string> {
  const { readMail } = await import('../store/email.js');
  const file = opts.email as string;
  const mail = await readMail(resolve(ctx.io.cwd, file), file);
  const at = isoInZone(mail.at, ctx.store.config.timezone);
  if (mail.at.getTime() > ctx.now.getTime()) throw new AftersalesError('emailFuture', { file, date: at });
  opts.said ??= mail.said;
  opts.contact ??= mail.from;
  opts.channel ??= 'email';
  opts.messageId = mail.messageId ?? undefined;
  opts.attach = [...(opts.attach ?? []), file];
  return at;
}

export async function confirm(input: string, opts: ConfirmOptions, globals: Globals, io: Io): Promise<number> {
  if (opts.plan && opts.satisfaction !== undefined) throw new AftersalesError('confirmPlanSatisfaction');
  let sent: string | null = null;
  const ask = async (ctx: Context) => {
    if (opts.email) sent = await fromMail(opts, ctx);
    const missing = (!opts.plan && opts.satisfaction === undefined) || opts.said === undefined || !opts.channel;
    await asking(io, opts, missing, (p) => p.askConfirmation(io, opts))();
  };
  const satisfaction = () => (opts.satisfaction === undefined ? undefined : Number(opts.satisfaction));
  const change = (issue: Issue, at: string, by: string) =>
    recordConfirmation(issue, sent ?? at, by, { ...opts, satisfaction: satisfaction(), keepEmpty: false });
  const id = await record(input, 'confirm', change, opts, globals, io, ask);
  out(io, opts.plan ? t('confirmedPlan', { id }) : t('confirmed', { id, satisfaction: satisfaction() ?? '—' }));
  return 0;
}

export async function review(
  input: string,
  opts: Common & { minutes?: string; attendees?: string },
  globals: Globals,
  io: Io,
): Promise<number> {
  const ask = asking(io, opts, opts.minutes === undefined, (p) => p.askReview(io, opts));
  const attendees = () =>
    (opts.attendees ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
  const change = (issue: Issue, at: string, by: string) => recordReview(issue, at, by, opts.minutes ?? '', attendees());
  out(io, t('reviewed', { id: await record(input, 'review', change, opts, globals, io, ask) }));
  return 0;
}

export async function compensate(input: string, opts: Common & MoneyInput, globals: Globals, io: Io): Promise<number> {
  const ask = asking(io, opts, !opts.kind || opts.note === undefined, (p) => p.askMoney(io, opts, false));
  let matcher: typeof import('../domain/query.js').matches | undefined;
  const change = (issue: Issue, at: string, by: string, ctx: Context) =>
    recordCompensation(issue, at, by, opts, ctx.store.config, matcher);
  // the rule matcher is loaded only where the config has compensation rules
  const prepare = async (ctx: Context) => {
    if (ctx.store.config.approval.some((r) => r.applies_to === 'compensate'))
      matcher = (await import('../domain/query.js')).matches;
    await ask();
  };
  out(io, t('compensated', { id: await record(input, 'compensate', change, opts, globals, io, prepare) }));
  return 0;
}

export async function cost(input: string, opts: Common & MoneyInput, globals: Globals, io: Io): Promise<number> {
  const ask = asking(io, opts, !opts.kind || opts.amount === undefined, (p) => p.askMoney(io, opts, true));
  const change = (issue: Issue, at: string, by: string) => recordCost(issue, at, by, opts);
  out(io, t('costRecorded', { id: await record(input, 'cost', change, opts, globals, io, ask) }));
  return 0;
}
