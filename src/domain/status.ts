// The status machine of CONTRACT: every change of status goes through `transition`,
// which refuses an illegal move naming where the issue is and what it may do next.
import { AftersalesError } from '../errors.js';
import type { HistoryEvent, Issue, Status } from './issue.js';
import { OPEN_STATUSES, STATUSES } from './vocabulary.js';

type Move = { from: readonly Status[]; to: Status | 'same' };

export const MOVES = {
  dispatch: { from: ['new', 'assigned'], to: 'assigned' },
  reassign: { from: ['planned', 'awaiting-approval', 'in-progress', 'verifying', 'waiting'], to: 'same' },
  plan: { from: ['assigned', 'planned', 'awaiting-approval', 'in-progress', 'verifying'], to: 'planned' },
  'request-approval': { from: ['planned'], to: 'awaiting-approval' },
  start: { from: ['planned'], to: 'in-progress' },
  approve: { from: ['awaiting-approval'], to: 'in-progress' },
  'approve-level': { from: ['awaiting-approval'], to: 'same' },
  reject: { from: ['awaiting-approval'], to: 'assigned' },
  verify: { from: ['in-progress'], to: 'verifying' },
  accept: { from: ['verifying', 'in-progress'], to: 'accepted' },
  'accept-failed': { from: ['verifying', 'in-progress'], to: 'in-progress' },
  reopen: { from: ['accepted'], to: 'in-progress' },
  cancel: { from: OPEN_STATUSES, to: 'cancelled' },
  'action-done': { from: ['in-progress', 'verifying', 'accepted'], to: 'same' },
  'action-withdrawn': { from: ['planned', 'awaiting-approval', 'in-progress', 'verifying', 'accepted'], to: 'same' },
  comment: { from: STATUSES, to: 'same' },
  contact: { from: OPEN_STATUSES, to: 'same' },
  confirm: { from: OPEN_STATUSES, to: 'same' },
  review: { from: [...OPEN_STATUSES, 'accepted'], to: 'same' },
  compensate: { from: [...OPEN_STATUSES, 'accepted'], to: 'same' },
  cost: { from: [...OPEN_STATUSES, 'accepted'], to: 'same' },
  reclassify: { from: OPEN_STATUSES, to: 'same' },
  effect: { from: [...OPEN_STATUSES, 'accepted'], to: 'same' },
  wait: { from: ['assigned', 'planned', 'in-progress', 'verifying'], to: 'waiting' },
  // back to the status the wait left (domain/waiting.ts), which no table can say
  resume: { from: ['waiting'], to: 'same' },
} as const satisfies Record<string, Move>;

export type MoveName = keyof typeof MOVES;

/** The command a person types for each move; moves the tool makes itself have none. */
const COMMAND_OF: Record<MoveName, string | null> = {
  dispatch: 'dispatch',
  reassign: 'dispatch --to',
  plan: 'plan',
  'request-approval': null,
  start: null,
  approve: 'approve',
  'approve-level': null,
  reject: 'reject',
  verify: null,
  accept: 'accept',
  'accept-failed': null,
  reopen: 'reopen',
  cancel: 'cancel',
  'action-done': 'action --done',
  'action-withdrawn': 'action --withdrawn',
  comment: 'comment',
  contact: 'contact',
  confirm: 'confirm',
  review: 'review',
  compensate: 'compensate',
  cost: 'cost',
  reclassify: 'reclassify',
  effect: null, // recorded when a check is due, not a next step
  wait: 'wait',
  resume: 'resume',
};

export function allowedMoves(status: Status): MoveName[] {
  return (Object.keys(MOVES) as MoveName[]).filter((m) => (MOVES[m].from as readonly Status[]).includes(status));
}

/** What a person may run next on an issue in `status`. */
export function allowedCommands(status: Status): string[] {
  return [
    ...new Set(
      allowedMoves(status)
        .map((m) => COMMAND_OF[m])
        .filter((c): c is string => c !== null),
    ),
  ];
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
  // extra details add keys after the core ones and never replace them (keys keep their
  // first position, values their last)
  const core = { at, by, action, from, to, note, rule, notify };
  return { ...core, assignee: null, ...extra, ...core };
}

/** Apply a move: the new status and the history event that records it. */
export function transition(issue: Issue, move: MoveName, at: string, by: string, details: EventDetails = {}): Issue {
  const spec: Move = MOVES[move];
  if (!spec.from.includes(issue.status)) {
    throw new AftersalesError('illegalMove', {
      id: issue.id,
      move,
      status: issue.status,
      allowed: allowedCommands(issue.status).join(', ') || '—',
    });
  }
  const changes = spec.to !== 'same';
  const to = changes ? (spec.to as Status) : issue.status;
  const event = historyEvent(at, by, move, changes ? issue.status : null, changes ? to : null, details);
  return { ...issue, status: to, history: [...issue.history, event] };
}
