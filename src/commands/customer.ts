// `contact`, `confirm` and `review`: the customer's side of the loop, as history events.
import { changeIssues, openContext, out, type Globals, type Io } from '../context.js';
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
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';

interface Common {
  commit?: boolean;
  attach?: string[];
}

async function record(
  input: string,
  action: string,
  change: (issue: Issue, at: string, actor: string) => Issue,
  opts: Common,
  globals: Globals,
  io: Io,
): Promise<string> {
  const ctx = await openContext(globals, io);
  const id = ctx.store.resolve(input);
  await changeIssues(ctx, [id], action, change, { commit: opts.commit !== false, attach: opts.attach });
  return id;
}

export async function contact(
  input: string,
  opts: Common & { channel?: string; note?: string },
  globals: Globals,
  io: Io,
): Promise<number> {
  const change = (issue: Issue, at: string, by: string) => recordContact(issue, at, by, opts.channel, opts.note ?? '');
  out(io, t('contacted', { id: await record(input, 'contact', change, opts, globals, io) }));
  return 0;
}

export async function confirm(
  input: string,
  opts: Common & Omit<ConfirmInput, 'satisfaction'> & { satisfaction?: string },
  globals: Globals,
  io: Io,
): Promise<number> {
  const satisfaction = opts.satisfaction === undefined ? undefined : Number(opts.satisfaction);
  if (opts.plan && opts.satisfaction !== undefined) throw new AftersalesError('confirmPlanSatisfaction');
  const change = (issue: Issue, at: string, by: string) =>
    recordConfirmation(issue, at, by, { ...opts, satisfaction, keepEmpty: false });
  const id = await record(input, 'confirm', change, opts, globals, io);
  out(io, opts.plan ? t('confirmedPlan', { id }) : t('confirmed', { id, satisfaction: satisfaction ?? '—' }));
  return 0;
}

export async function review(
  input: string,
  opts: Common & { minutes?: string; attendees?: string },
  globals: Globals,
  io: Io,
): Promise<number> {
  const attendees = (opts.attendees ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const change = (issue: Issue, at: string, by: string) => recordReview(issue, at, by, opts.minutes ?? '', attendees);
  out(io, t('reviewed', { id: await record(input, 'review', change, opts, globals, io) }));
  return 0;
}

export async function compensate(input: string, opts: Common & MoneyInput, globals: Globals, io: Io): Promise<number> {
  const change = (issue: Issue, at: string, by: string) => recordCompensation(issue, at, by, opts);
  out(io, t('compensated', { id: await record(input, 'compensate', change, opts, globals, io) }));
  return 0;
}

export async function cost(input: string, opts: Common & MoneyInput, globals: Globals, io: Io): Promise<number> {
  const change = (issue: Issue, at: string, by: string) => recordCost(issue, at, by, opts);
  out(io, t('costRecorded', { id: await record(input, 'cost', change, opts, globals, io) }));
  return 0;
}
