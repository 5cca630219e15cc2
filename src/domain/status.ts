// The status machine of CONTRACT: every change of status goes through `transition`,
// which refuses an illegal move naming where the issue is and what it may do next.
import { AftersalesError } from '../errors.js';
import type { HistoryEvent, Issue, Status } from './issue.js';
import { OPEN_STATUSES } from './issue.js';

type Move = { from: readonly Status[]; to: Status | 'same' };

export const MOVES = {
  dispatch: { from: ['new', 'assigned'], to: 'assigned' },
  reassign: { from: ['planned', 'awaiting-approval', 'in-progress', 'verifying'], to: 'same' },
  plan: { from: ['assigned', 'planned', 'in-progress'], to: 'planned' },
  'request-approval': { from: ['planned'], to: 'awaiting-approval' },
  start: { from: ['planned'], to: 'in-progress' },
  approve: { from: ['awaiting-approval'], to: 'in-progress' },
  reject: { from: ['awaiting-approval'], to: 'assigned' },
  verify: { from: ['in-progress'], to: 'verifying' },
  accept: { from: ['verifying', 'in-progress'], to: 'accepted' },
  'accept-failed': { from: ['verifying', 'in-progress'], to: 'in-progress' },
  reopen: { from: ['accepted'], to: 'in-progress' },
  cancel: { from: OPEN_STATUSES, to: 'cancelled' },
  comment: { from: ['new', 'assigned', 'planned', 'awaiting-approval', 'in-progress', 'verifying', 'accepted', 'cancelled'], to: 'same' },
} as const satisfies Record<string, Move>;

export type MoveName = keyof typeof MOVES;

export function allowedMoves(status: Status): MoveName[] {
  return (Object.keys(MOVES) as MoveName[]).filter((m) => (MOVES[m].from as readonly Status[]).includes(status));
}

export interface EventDetails {
  note?: string | null;
  rule?: string | null;
  notify?: string[];
  [extra: string]: unknown;
}

export function historyEvent(
  at: string,
  by: string,
  action: string,
  from: Status | null,
  to: Status | null,
  details: EventDetails = {},
): HistoryEvent {
  const { note = null, rule = null, notify = [], ...extra } = details;
  return { at, by, action, from, to, note, rule, notify, assignee: null, ...extra };
}

/** Apply a move: the new status and the history event that records it. */
export function transition(issue: Issue, move: MoveName, at: string, by: string, details: EventDetails = {}): Issue {
  const spec: Move = MOVES[move];
  if (!spec.from.includes(issue.status)) {
    throw new AftersalesError('illegalMove', {
      id: issue.id,
      move,
      status: issue.status,
      allowed: allowedMoves(issue.status).join(', ') || '—',
    });
  }
  const changes = spec.to !== 'same';
  const to = changes ? (spec.to as Status) : issue.status;
  const event = historyEvent(at, by, move, changes ? issue.status : null, changes ? to : null, details);
  return { ...issue, status: to, history: [...issue.history, event] };
}
