// `wait` and `resume`: an issue parked while the customer or a supplier has the next move.
// The clock stops: check flags no resolution overdue meanwhile, and on resume the resolution
// due date moves later by the time waited (working time under a calendar).
import { AftersalesError } from '../errors.js';
import type { Config } from './config.js';
import type { Issue, Status } from './issue.js';
import { dueAfterWait, dueDates } from './sla.js';
import type { Severity } from './vocabulary.js';
import { historyEvent, transition } from './status.js';
import { toldOf } from './people.js';

export const WAIT_ON = ['customer', 'supplier', 'other'] as const;
export type WaitOn = (typeof WAIT_ON)[number];

export function waitIssue(issue: Issue, on: string, reason: string, at: string, by: string): Issue {
  if (!(WAIT_ON as readonly string[]).includes(on))
    throw new AftersalesError('unknownWaitOn', { value: on, known: WAIT_ON.join(', ') });
  if (!reason.trim()) throw new AftersalesError('reasonNeeded', { command: 'wait' });
  return transition(issue, 'wait', at, by, { note: reason.trim(), on, notify: toldOf(issue, by) });
}

/** The wait event that parked the issue: its `from` is where resume returns. */
export function currentWait(
  issue: Issue,
): { at: string; from: Status; on: string | null; reason: string | null } | null {
  if (issue.status !== 'waiting') return null;
  for (let n = issue.history.length - 1; n >= 0; n--) {
    const e = issue.history[n];
    if (e?.to === 'waiting' && e.from)
      return { at: e.at, from: e.from, on: typeof e.on === 'string' ? e.on : null, reason: e.note };
  }
  return null;
}

export function resumeIssue(issue: Issue, note: string | null, config: Config, at: string, by: string): Issue {
  transition(issue, 'resume', at, by); // refuses an issue that is not waiting, naming what it may do
  const wait = currentWait(issue);
  if (!wait)
    throw new AftersalesError('illegalMove', { id: issue.id, move: 'resume', status: issue.status, allowed: '—' });
  const resolution = issue.due.resolution
    ? dueAfterWait(issue.due.resolution, new Date(wait.at), new Date(at), config)
    : null;
  const moved = resolution && resolution !== issue.due.resolution;
  const event = historyEvent(at, by, 'resume', 'waiting', wait.from, {
    note: note?.trim() || null,
    notify: toldOf(issue, by),
    ...(moved ? { due: { from: issue.due.resolution, to: resolution } } : {}),
  });
  return {
    ...issue,
    status: wait.from,
    due: moved ? { ...issue.due, resolution } : issue.due,
    history: [...issue.history, event],
  };
}

/** The waits an issue came back from, in history order: when it was parked, and the resume. */
export function waitsOf(issue: Pick<Issue, 'history'>): { parked: string; resume: Issue['history'][number] }[] {
  const out: { parked: string; resume: Issue['history'][number] }[] = [];
  let parked: string | null = null;
  for (const e of issue.history) {
    if (e.action === 'wait') parked = e.at;
    else if (e.action === 'resume' && parked) {
      out.push({ parked, resume: e });
      parked = null;
    }
  }
  return out;
}

/** The due dates the SLA gives an issue (of `severity`), its resolution moved by every wait it
 * came back from: what `sla --recompute` and `reclassify` write, and `audit` expects. */
export function dueWithWaits(issue: Issue, severity: Severity, config: Config): Issue['due'] {
  const due = dueDates(new Date(issue.reported_at), severity, config);
  for (const { parked, resume } of waitsOf(issue))
    if (due.resolution) due.resolution = dueAfterWait(due.resolution, new Date(parked), new Date(resume.at), config);
  return due;
}
