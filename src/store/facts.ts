// The facts view of the index (./issue-index.ts): `factsOf` of each issue, stored as one
// JSON array per issue — codes for the words that repeat, times as milliseconds, nothing
// that is empty. What list, check and report read at 20,000 issues is these few bytes
// (see ../domain/facts.ts for what they mean).
import {
  factsOf,
  type Compensation,
  type Deadline,
  type Facts,
  type ListFacts,
  type OrderFacts,
} from '../domain/facts.js';
import type { OverdueKind } from '../domain/overdue.js';
import type { StoredEffect } from '../domain/effectiveness.js';
import type { Issue } from '../domain/issue.js';
import type { InboxFacts, Waiting } from '../domain/inbox.js';
import { SEVERITIES, STATUSES } from '../domain/vocabulary.js';

const KINDS: readonly OverdueKind[] = ['resolution', 'response', 'action', 'temporary', 'approval'];
const ACCEPTED = STATUSES.indexOf('accepted');
/** The names of the stored facts' fields, in order: the columns of the facts file. */
export const COLUMNS = [
  'id',
  'title',
  'status',
  'type',
  'severity',
  'customer',
  'product',
  'line',
  'component',
  'team',
  'person',
  'reported',
  'responseDue',
  'resolutionDue',
  'expectedBy',
  'changes',
  'firstResponse',
  'flags',
  'satisfaction',
  'rootCause',
  'deadlines',
  'compensations',
  'waiting',
  'costs',
  'failureMode',
  'fields',
  'effects',
] as const;
export type Column = (typeof COLUMNS)[number];

type StoredDeadline = [
  kind: number,
  due: string,
  at: number,
  owner: string | null,
  action: string | null,
  index: number | null,
];
type Stored = [
  id: string,
  title: string,
  status: number,
  type: string,
  severity: number,
  customer: string,
  product: string | null,
  line: string | null,
  component: string | null,
  team: string | null,
  person: string | null,
  reported: number,
  responseDue: number | null,
  resolutionDue: number | null,
  expectedBy: number | null,
  changes: number[],
  firstResponse: number | null,
  /** 1: reopened, 2: first round passed, 4: imported history */
  flags: number,
  satisfaction: number | null,
  rootCause: string | null,
  deadlines: StoredDeadline[] | null,
  compensations: StoredCompensation[] | null,
  waiting: Waiting,
  costs: StoredCompensation[] | null,
  failureMode: string | null,
  fields: Record<string, string | number | boolean> | null,
  effects: StoredEffect[] | null,
];
type StoredCompensation = [kind: string, amount: number | null, currency: string | null];

/** The facts of an issue as written to the index. */
export function storedFacts(issue: Issue): Stored {
  const f = factsOf(issue);
  const stored: Stored = [
    f.id,
    f.title,
    STATUSES.indexOf(f.status),
    f.type,
    SEVERITIES.indexOf(f.severity),
    f.customer,
    f.product,
    f.line,
    f.component,
    f.team,
    f.person,
    f.reported,
    f.responseDue,
    f.resolutionDue,
    f.expectedBy,
    f.changes,
    f.firstResponse,
    (f.reopened ? 1 : 0) | (f.firstRoundPassed ? 2 : 0) | (f.imported ? 4 : 0),
    f.satisfaction,
    f.rootCause,
    f.deadlines.length
      ? f.deadlines.map((d): StoredDeadline => [KINDS.indexOf(d.kind), d.due, d.at, d.owner, d.action, d.index])
      : null,
    f.compensations.length ? f.compensations.map((c): StoredCompensation => [c.kind, c.amount, c.currency]) : null,
    f.waiting,
    f.costs.length ? f.costs.map((c): StoredCompensation => [c.kind, c.amount, c.currency]) : null,
    f.failureMode,
    f.fields,
    f.effects.length ? f.effects : null,
  ];
  return stored;
}

/** Stored facts as named columns: row n of each is a field of the n-th issue (./facts-file.ts). */
export type FactsColumns = { [K in keyof Stored & `${number}` as (typeof COLUMNS)[K]]-?: Stored[K][] };

/** The facts as read back: exactly `factsOf` of the issue. Throws on what is not stored
 * facts (the index then parses the file again). */
export function readFacts(value: unknown): Facts {
  if (!Array.isArray(value)) throw new Error('not stored facts');
  return factsAt(Object.fromEntries(COLUMNS.map((name, k) => [name, [value[k] ?? null]])) as FactsColumns, 0);
}

/** The columns check reads: all (what waits on whom names a plan's approvers). */
export const CHECK_COLUMNS: readonly Column[] = COLUMNS;

/** The columns report reads: all but the titles and the deadlines. factsAt gives rows read
 * from these alone no title and no deadlines; they are read as ReportFacts, which has neither. */
export const LEAN_COLUMNS: readonly Column[] = COLUMNS.filter(
  (k) => k !== 'title' && k !== 'deadlines' && k !== 'waiting',
);

/** The columns that order `list --json`. */
export const ORDER_COLUMNS: readonly Column[] = ['id', 'reported'];

/** Row `row` read from ORDER_COLUMNS alone. */
export function orderAt(c: FactsColumns, row: number): OrderFacts {
  const id = c.id[row];
  if (typeof id !== 'string') throw new Error('not stored facts');
  return { id, reported: c.reported[row] ?? NaN };
}

/** The columns `list` reads: what it filters, orders and shows; not the status changes, the
 * largest after the deadlines, nor what only report counts. */
export const LIST_COLUMNS: readonly Column[] = [
  'id',
  'title',
  'status',
  'type',
  'severity',
  'customer',
  'product',
  'line',
  'component',
  'team',
  'person',
  'reported',
  'resolutionDue',
  'deadlines',
  'fields',
];

/** Row `row` read from LIST_COLUMNS alone. Like factsAt, it makes its object in one
 * literal: built from listAt by spreading, factsAt took 1 s for 20,000 rows instead of 20 ms. */
export function listAt(c: FactsColumns, row: number): ListFacts {
  const id = c.id[row];
  if (typeof id !== 'string') throw new Error('not stored facts');
  return {
    id,
    title: c.title[row] as string,
    status: STATUSES[c.status[row] as number] as Facts['status'],
    type: c.type[row] as string,
    severity: SEVERITIES[c.severity[row] as number] as Facts['severity'],
    customer: c.customer[row] as string,
    product: c.product[row] ?? null,
    line: c.line[row] ?? null,
    component: c.component[row] ?? null,
    team: c.team[row] ?? null,
    person: c.person[row] ?? null,
    reported: c.reported[row] ?? NaN,
    resolutionDue: c.resolutionDue[row] ?? null,
    deadlines: deadlinesAt(c, row, id),
    fields: c.fields[row] ?? null,
  };
}

function deadlinesAt(c: FactsColumns, row: number, id: string): Deadline[] {
  const deadlines = c.deadlines[row];
  return deadlines
    ? deadlines.map(
        ([kind, due, at, owner, action, index]): Deadline => ({
          issue: id,
          kind: KINDS[kind] as OverdueKind,
          due,
          owner,
          action,
          at: at ?? NaN,
          index,
        }),
      )
    : [];
}

/** Row `row` of stored facts kept as columns: the one decoder of whole facts. */
export function factsAt(c: FactsColumns, row: number): Facts {
  const id = c.id[row];
  const changes = c.changes[row];
  if (typeof id !== 'string' || !Array.isArray(changes)) throw new Error('not stored facts');
  let acceptedAt: number | null = null;
  let firstAcceptedAt: number | null = null;
  for (let n = 0; n < changes.length; n += 2)
    if (changes[n] === ACCEPTED)
      [acceptedAt, firstAcceptedAt] = [changes[n + 1] as number, firstAcceptedAt ?? (changes[n + 1] as number)];
  const flags = c.flags[row] as number;
  const compensations = c.compensations[row];
  return {
    id,
    title: c.title[row] as string,
    status: STATUSES[c.status[row] as number] as Facts['status'],
    type: c.type[row] as string,
    severity: SEVERITIES[c.severity[row] as number] as Facts['severity'],
    customer: c.customer[row] as string,
    product: c.product[row] ?? null,
    line: c.line[row] ?? null,
    component: c.component[row] ?? null,
    team: c.team[row] ?? null,
    person: c.person[row] ?? null,
    reported: c.reported[row] ?? NaN, // JSON writes NaN as null
    responseDue: c.responseDue[row] ?? null,
    resolutionDue: c.resolutionDue[row] ?? null,
    expectedBy: c.expectedBy[row] ?? null,
    changes,
    firstResponse: c.firstResponse[row] ?? null,
    acceptedAt,
    firstAcceptedAt,
    reopened: (flags & 1) !== 0,
    imported: (flags & 4) !== 0,
    firstRoundPassed: (flags & 2) !== 0,
    satisfaction: c.satisfaction[row] ?? null,
    compensations: compensations
      ? compensations.map(([kind, amount, currency]): Compensation => ({ kind, amount, currency }))
      : [],
    costs: (c.costs[row] ?? []).map(([kind, amount, currency]): Compensation => ({ kind, amount, currency })),
    rootCause: c.rootCause[row] ?? null,
    failureMode: c.failureMode[row] ?? null,
    fields: c.fields[row] ?? null,
    effects: c.effects[row] ?? [],
    deadlines: deadlinesAt(c, row, id),
    waiting: c.waiting[row] ?? NO_WAITING,
  };
}

const NO_WAITING: Waiting = { ownerDue: null, cc: [], approval: null, actions: [] };

/** The columns `inbox` reads. */
export const INBOX_COLUMNS: readonly Column[] = ['id', 'title', 'severity', 'status', 'team', 'person', 'waiting'];

/** Row `row` read from INBOX_COLUMNS alone. */
export function inboxAt(c: FactsColumns, row: number): InboxFacts {
  const id = c.id[row];
  const waiting = c.waiting[row];
  if (typeof id !== 'string' || !waiting || !Array.isArray(waiting.actions)) throw new Error('not stored facts');
  return {
    id,
    title: c.title[row] as string,
    severity: SEVERITIES[c.severity[row] as number] as Facts['severity'],
    status: STATUSES[c.status[row] as number] as Facts['status'],
    team: c.team[row] ?? null,
    person: c.person[row] ?? null,
    waiting,
  };
}
