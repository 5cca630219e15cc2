// What is overdue at `now` (CONTRACT `check`): an open issue past its resolution due
// date, an issue still `new` past its response due date, an action not done past its
// `when`, a temporary fix not withdrawn past its `remove_by`. Due exactly now is not late.
import { isOpen, type Issue } from './issue.js';

export type OverdueKind = 'resolution' | 'response' | 'action' | 'temporary';

export interface OverdueItem {
  issue: string;
  kind: OverdueKind;
  due: string;
  owner: string | null;
  action: string | null;
}

const after = (now: Date, iso: string | null): boolean => iso !== null && now.getTime() > new Date(iso).getTime();

export function owner(issue: Issue): string | null {
  return issue.assignee.person ?? issue.assignee.team ?? null;
}

/** Items falling due in (now, now + withinMs] are returned by `dueSoon`, not here. */
export function overdueItems(issue: Issue, now: Date): OverdueItem[] {
  return dueItems(issue).filter((item) => after(now, item.due));
}

export function dueSoon(issue: Issue, now: Date, withinMs: number): OverdueItem[] {
  const horizon = new Date(now.getTime() + withinMs);
  return dueItems(issue).filter((item) => !after(now, item.due) && !after(horizon, item.due));
}

/** Everything on the issue that has a deadline still to meet. */
export function dueItems(issue: Issue): OverdueItem[] {
  if (issue.status === 'cancelled') return [];
  const items: OverdueItem[] = [];
  const base = { issue: issue.id, owner: owner(issue), action: null };
  if (isOpen(issue) && issue.due.resolution) items.push({ ...base, kind: 'resolution', due: issue.due.resolution });
  if (issue.status === 'new' && issue.due.response) items.push({ ...base, kind: 'response', due: issue.due.response });
  for (const a of issue.actions) {
    if (!a.done_at && !a.withdrawn_at) items.push({ issue: issue.id, kind: 'action', due: a.when, owner: a.who, action: a.id });
    if (a.kind === 'temporary' && !a.withdrawn_at && a.remove_by) {
      items.push({ issue: issue.id, kind: 'temporary', due: a.remove_by, owner: a.who, action: a.id });
    }
  }
  return items;
}

export function isOverdue(issue: Issue, now: Date): boolean {
  return overdueItems(issue, now).length > 0;
}
