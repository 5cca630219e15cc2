// Execution (seed 1, step 3): actions are recorded as done with their evidence; a
// temporary fix is withdrawn once the root fix holds (seed 2). When every permanent
// action is done the issue moves to `verifying`, ready for acceptance.
import { AftersalesError } from '../errors.js';
import type { Action, Issue } from './issue.js';
import { transition } from './status.js';

function findAction(issue: Issue, id: string): Action {
  const action = issue.actions.find((a) => a.id.toLowerCase() === id.toLowerCase());
  if (!action) {
    throw new AftersalesError('unknownAction', {
      id: issue.id,
      action: id,
      known: issue.actions.map((a) => a.id).join(', ') || '—',
    });
  }
  return action;
}

export function allPermanentDone(issue: Issue): boolean {
  const permanent = issue.actions.filter((a) => a.kind === 'permanent');
  return permanent.length > 0 && permanent.every((a) => a.done_at !== null);
}

export function markDone(
  issue: Issue,
  actionId: string,
  evidence: string | null,
  at: string,
  by: string,
  measured: string | null = null,
  /** who may run the acceptance (the acceptance role's holders): told when it is ready */
  acceptors: readonly string[] = [],
): Issue {
  const action = findAction(issue, actionId);
  if (action.done_at) throw new AftersalesError('actionAlreadyDone', { action: action.id, at: action.done_at });
  const done = { ...action, done_at: at, evidence, ...(measured ? { measured } : {}) };
  const actions = issue.actions.map((a) => (a === action ? done : a));
  const owner = issue.assignee.person ? [issue.assignee.person] : [];
  let next = transition({ ...issue, actions }, 'action-done', at, by, {
    note: `${action.id}${evidence ? `: ${evidence}` : ''}`,
    notify: owner,
    action_id: action.id,
  });
  if (next.status === 'in-progress' && allPermanentDone(next)) {
    next = transition(next, 'verify', at, by, {
      notify: [...new Set([...owner, ...acceptors, ...next.cc])],
      note_code: 'all-permanent-done',
    });
  }
  return next;
}

export function markWithdrawn(issue: Issue, actionId: string, evidence: string | null, at: string, by: string): Issue {
  const action = findAction(issue, actionId);
  if (action.kind !== 'temporary')
    throw new AftersalesError('withdrawOnlyTemporary', { action: action.id, kind: action.kind });
  if (action.withdrawn_at)
    throw new AftersalesError('actionAlreadyWithdrawn', { action: action.id, at: action.withdrawn_at });
  const actions = issue.actions.map((a) =>
    a === action ? { ...a, withdrawn_at: at, withdrawn_evidence: evidence } : a,
  );
  return transition({ ...issue, actions }, 'action-withdrawn', at, by, {
    note: `${action.id}${evidence ? `: ${evidence}` : ''}`,
    notify: issue.assignee.person ? [issue.assignee.person] : [],
    action_id: action.id,
  });
}
