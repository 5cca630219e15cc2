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
import type { Issue } from '../domain/issue.js';
import { SEVERITIES, STATUSES } from '../domain/vocabulary.js';

const KINDS: readonly OverdueKind[] = ['resolution', 'response', 'action', 'temporary'];
const ACCEPTED = STATUSES.indexOf('accepted');
/** How many fields stored facts have (the last ones may be left out). */
export const STORED_FACTS_WIDTH = 22;

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
  firstAssigned: number | null,
  /** 1: reopened, 2: first round passed */
  flags: number,
  satisfaction: number | null,
  rootCause: string | null,
  deadlines?: StoredDeadline[],
  compensations?: StoredCompensation[],
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
    f.firstAssigned,
    (f.reopened ? 1 : 0) | (f.firstRoundPassed ? 2 : 0),
    f.satisfaction,
    f.rootCause,
  ];
  if (f.deadlines.length || f.compensations.length)
    stored.push(
      f.deadlines.map((d): StoredDeadline => [KINDS.indexOf(d.kind), d.due, d.at, d.owner, d.action, d.index]),
    );
  if (f.compensations.length)
    stored.push(f.compensations.map((c): StoredCompensation => [c.kind, c.amount, c.currency]));
  return stored;
}

/** Stored facts as columns: row n of each is a field of the n-th issue (./facts-file.ts). */
export type FactsColumns = { [K in keyof Stored]-?: Stored[K][] };

/** The facts as read back: exactly `factsOf` of the issue. Throws on what is not stored
 * facts (the index then parses the file again). */
export function readFacts(value: unknown): Facts {
  if (!Array.isArray(value)) throw new Error('not stored facts');
  return factsAt(
    Array.from({ length: STORED_FACTS_WIDTH }, (_, k) => [value[k] ?? null]) as unknown as FactsColumns,
    0,
  );
}

export const ALL_COLUMNS: readonly number[] = Array.from({ length: STORED_FACTS_WIDTH }, (_, k) => k);

/** The columns report reads: all but the titles (1) and the deadlines (20). factsAt gives
 * rows read from these alone no title and no deadlines; they are read as ReportFacts,
 * which has neither. */
export const LEAN_COLUMNS: readonly number[] = ALL_COLUMNS.filter((k) => k !== 1 && k !== 20);

/** The columns that order `list --json`: the IDs (0) and the times reported (11). */
export const ORDER_COLUMNS: readonly number[] = [0, 11];

/** Row `row` read from ORDER_COLUMNS alone. */
export function orderAt(c: FactsColumns, row: number): OrderFacts {
  const id = c[0][row];
  if (typeof id !== 'string') throw new Error('not stored facts');
  return { id, reported: c[11][row] ?? NaN };
}

/** The columns `list` reads: what it filters, orders and shows; not the status changes (15),
 * the largest after the deadlines, nor what only report counts. */
export const LIST_COLUMNS: readonly number[] = [0, 1, 2, 3, 4, 5, 9, 10, 11, 13, 20];

/** Row `row` read from LIST_COLUMNS alone. Like factsAt, it makes its object in one
 * literal: built from listAt by spreading, factsAt took 1 s for 20,000 rows instead of 20 ms. */
export function listAt(c: FactsColumns, row: number): ListFacts {
  const id = c[0][row];
  if (typeof id !== 'string') throw new Error('not stored facts');
  return {
    id,
    title: c[1][row] as string,
    status: STATUSES[c[2][row] as number] as Facts['status'],
    type: c[3][row] as string,
    severity: SEVERITIES[c[4][row] as number] as Facts['severity'],
    customer: c[5][row] as string,
    team: c[9][row] ?? null,
    person: c[10][row] ?? null,
    reported: c[11][row] ?? NaN,
    resolutionDue: c[13][row] ?? null,
    deadlines: deadlinesAt(c, row, id),
  };
}

function deadlinesAt(c: FactsColumns, row: number, id: string): Deadline[] {
  const deadlines = c[20][row];
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
  const id = c[0][row];
  const changes = c[15][row];
  if (typeof id !== 'string' || !Array.isArray(changes)) throw new Error('not stored facts');
  let acceptedAt: number | null = null;
  for (let n = 0; n < changes.length; n += 2) if (changes[n] === ACCEPTED) acceptedAt = changes[n + 1] as number;
  const flags = c[17][row] as number;
  const compensations = c[21][row];
  return {
    id,
    title: c[1][row] as string,
    status: STATUSES[c[2][row] as number] as Facts['status'],
    type: c[3][row] as string,
    severity: SEVERITIES[c[4][row] as number] as Facts['severity'],
    customer: c[5][row] as string,
    product: c[6][row] ?? null,
    line: c[7][row] ?? null,
    component: c[8][row] ?? null,
    team: c[9][row] ?? null,
    person: c[10][row] ?? null,
    reported: c[11][row] ?? NaN, // JSON writes NaN as null
    responseDue: c[12][row] ?? null,
    resolutionDue: c[13][row] ?? null,
    expectedBy: c[14][row] ?? null,
    changes,
    firstAssigned: c[16][row] ?? null,
    acceptedAt,
    reopened: (flags & 1) !== 0,
    firstRoundPassed: (flags & 2) !== 0,
    satisfaction: c[18][row] ?? null,
    compensations: compensations
      ? compensations.map(([kind, amount, currency]): Compensation => ({ kind, amount, currency }))
      : [],
    rootCause: c[19][row] ?? null,
    deadlines: deadlinesAt(c, row, id),
  };
}
