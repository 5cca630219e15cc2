// The customer's own word (seed 002, principle two: the customer's explicit "satisfied /
// solved" is a necessary condition of passing acceptance). Contacts, confirmations and
// reviews are history events; acceptance reads the latest confirmation of the result made
// after the last permanent action was done (README: "The customer gate").
import { AftersalesError } from '../errors.js';
import type { Config } from './config.js';
import type { HistoryEvent, Issue } from './issue.js';
import { transition } from './status.js';
import { toldOf } from './people.js';
import { rolesOf } from './approval.js';

export const CHANNELS = ['phone', 'email', 'visit', 'wechat', 'im', 'survey', 'other'] as const;

export interface Confirmation {
  at: string;
  satisfaction: number;
  said: string;
  channel: string;
  contact: string | null;
}

function channelOf(channel: string | undefined): string {
  if (!channel || !(CHANNELS as readonly string[]).includes(channel))
    throw new AftersalesError('unknownChannel', { channel: channel ?? '', known: CHANNELS.join(', ') });
  return channel;
}

/** `contact`: the issue's people talked to the customer (`customer-informed` reads it). */
export function recordContact(issue: Issue, at: string, by: string, channel: string | undefined, note: string) {
  if (!note.trim()) throw new AftersalesError('noteNeeded', { command: 'contact' });
  return transition(issue, 'contact', at, by, {
    note: note.trim(),
    notify: toldOf(issue, by),
    channel: channelOf(channel),
  });
}

export interface ConfirmInput {
  satisfaction?: number;
  said?: string;
  channel?: string;
  contact?: string;
  /** the customer agreed to the plan (not to the result) */
  plan?: boolean;
  /** an empty `said` is recorded (the acceptance gate then fails the round), not refused */
  keepEmpty?: boolean;
  /** `--email`: the mail's Message-ID */
  messageId?: string;
}

/** `confirm`: what the customer said of the result (with a satisfaction) or of the plan. */
export function recordConfirmation(issue: Issue, at: string, by: string, input: ConfirmInput): Issue {
  const said = input.said?.trim() ?? '';
  if (!said && !input.keepEmpty) throw new AftersalesError('saidNeeded');
  const channel = channelOf(input.channel);
  if (!input.plan) {
    const s = input.satisfaction;
    if (s === undefined || !Number.isInteger(s) || s < 1 || s > 5)
      throw new AftersalesError('satisfactionRange', { value: s === undefined ? '—' : String(s) });
  }
  return transition(issue, 'confirm', at, by, {
    note: said || null,
    notify: toldOf(issue, by),
    channel,
    contact: input.contact?.trim() || null,
    ...(input.messageId ? { message_id: input.messageId } : {}),
    ...(input.plan ? { plan: true } : { satisfaction: input.satisfaction }),
  });
}

/** `review`: the cross-department review meeting was held (its minutes). */
export function recordReview(issue: Issue, at: string, by: string, minutes: string, attendees: string[]): Issue {
  if (!minutes.trim()) throw new AftersalesError('minutesNeeded');
  return transition(issue, 'review', at, by, { note: minutes.trim(), notify: toldOf(issue, by), attendees });
}

/** When the last permanent action was done (null: none is). */
export function lastPermanentDone(issue: Issue): number | null {
  const done = issue.actions.filter((a) => a.kind === 'permanent' && a.done_at).map((a) => Date.parse(a.done_at ?? ''));
  return done.length ? Math.max(...done) : null;
}

const isResultConfirmation = (e: HistoryEvent) => e.action === 'confirm' && e.plan !== true;

/** The confirmation acceptance reads: the latest of the result made after the last permanent
 * action was done; null when there is none. */
export function confirmationFor(issue: Issue): Confirmation | null {
  const after = lastPermanentDone(issue) ?? Number.NEGATIVE_INFINITY;
  // the latest by time (an e-mail is dated by its Date header, entered later), file order on ties
  let latest: HistoryEvent | null = null;
  for (const e of issue.history)
    if (isResultConfirmation(e) && Date.parse(e.at) >= after && (!latest || Date.parse(e.at) >= Date.parse(latest.at)))
      latest = e;
  const e = latest as HistoryEvent | null;
  if (!e) return null;
  return {
    at: e.at,
    satisfaction: typeof e.satisfaction === 'number' ? e.satisfaction : 0,
    said: e.note ?? '',
    channel: typeof e.channel === 'string' ? e.channel : 'other',
    contact: typeof e.contact === 'string' ? e.contact : null,
  };
}

/** Whether the customer's word lets the round pass: the reason it does not, else null. */
export function customerGate(config: Config, c: Confirmation): string | null {
  if (!c.said.trim()) return 'said-empty';
  if (c.satisfaction < config.acceptance.min_satisfaction) return 'satisfaction-low';
  return null;
}

export const COMPENSATION_KINDS = ['apology', 'money', 'service', 'parts', 'other'] as const;
export const COST_KINDS = ['parts', 'travel', 'labour', 'scrap', 'compensation', 'other'] as const;

export interface MoneyInput {
  kind?: string;
  amount?: string;
  currency?: string;
  note?: string;
}

/** A kind, an amount (needed for a cost), a currency: checked before anything is written. */
function money(input: MoneyInput, kinds: readonly string[], needAmount: boolean) {
  if (!input.kind || !kinds.includes(input.kind))
    throw new AftersalesError('unknownKind', { kind: input.kind ?? '', known: kinds.join(', ') });
  const amount = input.amount === undefined ? null : Number(input.amount);
  if ((needAmount && amount === null) || (amount !== null && !(Number.isFinite(amount) && amount >= 0)))
    throw new AftersalesError('amountBad', { value: input.amount ?? '—' });
  return { kind: input.kind, amount, currency: amount === null ? null : input.currency?.trim() || 'CNY' };
}

/** `compensate`: what the customer was given for the trouble (the report counts an issue's latest once). */
export function recordCompensation(
  issue: Issue,
  at: string,
  by: string,
  input: MoneyInput,
  config?: Config,
  /** the rule matcher, loaded only where the config has compensation rules */
  matches: (when: Record<string, unknown>, issue: Issue) => boolean = () => true,
): Issue {
  if (!input.note?.trim()) throw new AftersalesError('noteNeeded', { command: 'compensate' });
  const m = money(input, COMPENSATION_KINDS, false);
  const amount = typeof m.amount === 'number' ? m.amount : 0;
  // a compensation above a rule's amount is recorded by someone holding its role: the approval
  const rule = config?.approval.find(
    (r) => r.applies_to === 'compensate' && amount > (r.above ?? 0) && matches(r.when, issue),
  );
  if (rule && config) {
    const roles = rolesOf(rule);
    const held = config.people.find((p) => p.id === by)?.roles ?? [];
    if (!roles.some((r) => held.includes(r)))
      throw new AftersalesError('compensationApproval', {
        above: rule.above ?? 0,
        role: roles.join(', '),
        by,
        roles: held.join(', ') || '—',
      });
  }
  return transition(issue, 'compensate', at, by, {
    note: input.note.trim(),
    notify: toldOf(issue, by),
    ...m,
    ...(rule ? { rule: rule.name ?? null, approved_by: by } : {}),
  });
}

/** `cost`: what the issue cost us (parts, travel, labour …); the report sums them. */
export function recordCost(issue: Issue, at: string, by: string, input: MoneyInput): Issue {
  const m = money(input, COST_KINDS, true);
  return transition(issue, 'cost', at, by, { note: input.note?.trim() || null, ...m });
}
