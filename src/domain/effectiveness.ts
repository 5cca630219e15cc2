// Effectiveness checks (ISO 9001 §10.2, 8D D6): some time after a corrective action is done,
// the store itself says whether the problem came back — the issues reported since that match
// what the check watches. `check` flags a failed check and offers a clean one for recording;
// `aftersales effect` records the verdict, and an ineffective one reopens the issue.
import { AftersalesError } from '../errors.js';
import type { Facts } from './facts.js';
import type { Issue } from './issue.js';
import { durationMinutes, parseDuration } from './sla.js';
import { transition } from './status.js';

/** An action's check as the index keeps it: [action, who, done at, due at, product, component,
 * failure mode, threshold, result, evaluated at] (times in ms). */
export type StoredEffect = [
  action: string,
  who: string,
  doneAt: number,
  due: number,
  product: string | null,
  component: string | null,
  failureMode: string | null,
  threshold: number,
  result: 'effective' | 'ineffective' | null,
  evaluatedAt: number | null,
];

export function effectsOf(issue: Issue): StoredEffect[] {
  if (issue.status === 'cancelled') return []; // nothing left to judge on a cancelled issue
  return issue.actions.flatMap((a): StoredEffect[] => {
    const e = a.effectiveness;
    const after = e && parseDuration(e.after);
    if (!e || !after || !a.done_at) return [];
    const done = Date.parse(a.done_at);
    return [
      [
        a.id,
        a.who,
        done,
        done + durationMinutes(after) * 60000,
        e.watch.product ?? null,
        e.watch.component ?? null,
        e.watch.failure_mode ?? null,
        e.threshold,
        e.result ?? null,
        e.evaluated_at ? Date.parse(e.evaluated_at) : null,
      ],
    ];
  });
}

type Seen = Pick<Facts, 'id' | 'status' | 'reported' | 'product' | 'component' | 'failureMode'>;

/** The issues reported since the action was done that are what the check watches for. */
export function matchingIssues(owner: string, e: StoredEffect, all: readonly Seen[]): string[] {
  const [, , doneAt, , product, component, mode] = e;
  return all
    .filter(
      (f) =>
        f.id !== owner &&
        f.status !== 'cancelled' &&
        f.reported > doneAt &&
        (product === null || f.product === product) &&
        (component === null || f.component === component) &&
        (mode === null || f.failureMode === mode),
    )
    .map((f) => f.id);
}

/** Records the verdict on the action; an ineffective fix reopens an accepted issue, the
 * matching issues named in the note. */
export function recordEffect(issue: Issue, actionId: string, matching: string[], at: string, by: string): Issue {
  const action = issue.actions.find((a) => a.id.toLowerCase() === actionId.toLowerCase());
  const e = action?.effectiveness;
  if (!action || !e || e.result) throw new AftersalesError('effectNone', { id: issue.id, action: actionId });
  const result = matching.length > e.threshold ? 'ineffective' : 'effective';
  const judged = { ...e, result, evaluated_at: at, matching } as const;
  const actions = issue.actions.map((a) => (a === action ? { ...a, effectiveness: judged } : a));
  const note = `${action.id}: ${result}${matching.length ? ` (${matching.join(', ')})` : ''}`;
  const people = [...new Set([issue.assignee.person, action.who, ...issue.cc])].filter((p): p is string => Boolean(p));
  const next = transition({ ...issue, actions }, 'effect', at, by, {
    note,
    notify: people,
    action_id: action.id,
    result,
    matching,
  });
  if (result === 'ineffective' && next.status === 'accepted')
    return transition(next, 'reopen', at, by, {
      note: `recurred after ${action.id}: ${matching.join(', ')}`,
      notify: people,
    });
  return next;
}
