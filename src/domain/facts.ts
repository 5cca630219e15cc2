// What the counting commands (list, check, report) read of an issue, worked out once from
// the issue: times as milliseconds, status changes in time order, the deadlines still to
// meet. The index keeps the facts of every issue file (store/facts.ts), so a warm report
// over 20,000 issues adds up numbers instead of parsing 400,000 timestamps; issues read
// directly (--no-index, --at) go through the same `factsOf`.
import { effectsOf, type StoredEffect } from './effectiveness.js';
import type { Issue } from './issue.js';
import { dueItems, type OverdueItem } from './overdue.js';
import { waitingOf, type Waiting } from './inbox.js';
import { STATUSES, type Severity, type Status } from './vocabulary.js';

/** A deadline still to meet (see dueItems), with its time parsed and, for an action, the
 * action's place in the file (annotations point at its line). */
export interface Deadline extends OverdueItem {
  at: number;
  index: number | null;
}

export interface Compensation {
  kind: string;
  amount: number | null;
  currency: string | null;
}

export interface Facts {
  id: string;
  title: string;
  status: Status;
  type: string;
  severity: Severity;
  customer: string;
  product: string | null;
  line: string | null;
  component: string | null;
  team: string | null;
  person: string | null;
  /** times in ms since the epoch */
  reported: number;
  responseDue: number | null;
  resolutionDue: number | null;
  expectedBy: number | null;
  /** status changes in time order, flat: index in STATUSES, time; index, time; … */
  changes: number[];
  /** the first contact with the customer (the first response) */
  firstResponse: number | null;
  /** the latest change to accepted */
  acceptedAt: number | null;
  /** the first change to accepted: a recurrence is counted from here */
  firstAcceptedAt: number | null;
  reopened: boolean;
  /** brought in by `import --history`: its stage times are not known */
  imported: boolean;
  firstRoundPassed: boolean;
  /** the customer's satisfaction in the latest round that passed */
  satisfaction: number | null;
  /** in time order: the acceptance rounds' and the `compensate` events' */
  compensations: Compensation[];
  /** the `cost` events */
  costs: Compensation[];
  /** null without an RCA */
  rootCause: string | null;
  /** one of the config's failure modes, when the issue names one */
  failureMode: string | null;
  /** the actions' effectiveness checks, once the action is done (domain/effectiveness.ts) */
  effects: StoredEffect[];
  /** the config's own fields, by id (null: none given) */
  fields: Record<string, string | number | boolean> | null;
  deadlines: Deadline[];
  /** what may wait on someone (inbox) */
  waiting: Waiting;
  /** set by `report --store`: the name of the store the issue is in */
  store?: string;
}

/** What check reads: all the facts (what waits on whom names a plan's approvers). */
export type CheckFacts = Facts;
/** What report counts: the facts but the title, the deadlines and what waits on whom. */
export type ReportFacts = Omit<Facts, 'title' | 'deadlines' | 'waiting'>;
/** What orders `list --json` when it filters nothing. */
export type OrderFacts = Pick<Facts, 'id' | 'reported'>;
/** What `list` filters, orders and shows. */
export type ListFacts = Pick<
  Facts,
  | 'id'
  | 'title'
  | 'status'
  | 'type'
  | 'severity'
  | 'customer'
  | 'product'
  | 'line'
  | 'component'
  | 'team'
  | 'person'
  | 'reported'
  | 'resolutionDue'
  | 'deadlines'
  | 'fields'
>;

const parsed = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** Status changes in time order (history merged from clones may interleave): [to, at]. */
function statusChanges(issue: Issue): { from: Status | null; to: Status; at: number }[] {
  const events: { from: Status | null; to: Status; at: number }[] = [];
  let sorted = true;
  for (const e of issue.history) {
    if (e.to === null) continue;
    const at = Date.parse(e.at);
    if (events.length && at < (events[events.length - 1] as { at: number }).at) sorted = false;
    events.push({ from: e.from, to: e.to, at });
  }
  if (!sorted) events.sort((a, b) => a.at - b.at); // stable: same-time events keep their order
  return events;
}

/** The `compensate` or `cost` events of an issue, with their times. */
function moneyEvents(issue: Issue, action: 'compensate' | 'cost'): (Compensation & { at: number })[] {
  return issue.history
    .filter((e) => e.action === action && typeof e.kind === 'string')
    .map((e) => ({
      kind: e.kind as string,
      amount: typeof e.amount === 'number' ? e.amount : null,
      currency: typeof e.currency === 'string' ? e.currency : null,
      at: Date.parse(e.at),
    }));
}

function compensationsOf(issue: Issue): Compensation[] {
  const fromRounds = issue.acceptance.rounds.flatMap((r) =>
    r.compensation ? [{ ...r.compensation, at: Date.parse(r.at) }] : [],
  );
  return [...fromRounds, ...moneyEvents(issue, 'compensate')]
    .sort((a, b) => a.at - b.at)
    .map((c) => ({ kind: c.kind, amount: c.amount, currency: c.currency }));
}

function firstContact(issue: Issue): number | null {
  let first: number | null = null;
  for (const e of issue.history) {
    if (e.action !== 'contact') continue;
    const at = Date.parse(e.at);
    if (first === null || at < first) first = at;
  }
  return first;
}

export function factsOf(issue: Issue): Facts {
  const changes = statusChanges(issue);
  let acceptedAt: number | null = null;
  let firstAcceptedAt: number | null = null;
  for (const c of changes) if (c.to === 'accepted') [acceptedAt, firstAcceptedAt] = [c.at, firstAcceptedAt ?? c.at];
  const rounds = issue.acceptance.rounds;
  let satisfaction: number | null = null;
  for (let n = rounds.length - 1; n >= 0; n--) {
    const r = rounds[n];
    if (r?.result === 'pass') {
      satisfaction = r.customer?.satisfaction ?? null;
      break;
    }
  }
  return {
    id: issue.id,
    title: issue.title,
    status: issue.status,
    type: issue.type,
    severity: issue.severity,
    customer: issue.customer.name,
    product: issue.product.name,
    line: issue.product.line,
    component: issue.product.component,
    team: issue.assignee.team,
    person: issue.assignee.person,
    reported: Date.parse(issue.reported_at),
    responseDue: parsed(issue.due.response),
    resolutionDue: parsed(issue.due.resolution),
    expectedBy: parsed(issue.expected_by),
    changes: changes.flatMap((c) => [STATUSES.indexOf(c.to), c.at]),
    firstResponse: firstContact(issue),
    acceptedAt,
    firstAcceptedAt,
    reopened: issue.history.some((e) => e.action === 'reopen'),
    imported: issue.history[0]?.imported === true,
    firstRoundPassed: rounds[0]?.result === 'pass',
    satisfaction,
    compensations: compensationsOf(issue),
    // as the index keeps them: no time (the report sums them, never by when)
    costs: moneyEvents(issue, 'cost').map((c) => ({ kind: c.kind, amount: c.amount, currency: c.currency })),
    rootCause: issue.rca ? issue.rca.root_cause : null,
    failureMode: typeof issue.failure_mode === 'string' ? issue.failure_mode : null,
    fields: issue.fields && Object.keys(issue.fields).length ? issue.fields : null,
    effects: effectsOf(issue),
    deadlines: dueItems(issue).map((d) => ({
      ...d,
      at: Date.parse(d.due),
      index: d.action === null ? null : issue.actions.findIndex((a) => a.id === d.action),
    })),
    waiting: waitingOf(issue),
  };
}

/** Who answers for the issue: its person, else its team. */
export const ownerOf = (f: Pick<Facts, 'person' | 'team'>): string | null => f.person ?? f.team;
