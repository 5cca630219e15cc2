// What is overdue at `now` (CONTRACT `check`): an open issue past its resolution due
// date, an issue still `new` past its response due date, an action not done past its
// `when`, a temporary fix not withdrawn past its `remove_by`. Due exactly now is not late.
import { isOpen } from './vocabulary.js';
import type { Issue } from './issue.js';

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

export function overdueItems(issue: Issue, now: Date): OverdueItem[] {
  return dueItems(issue).filter((item) => after(now, item.due));
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

export interface Warning extends OverdueItem {
  /** `due-soon`: within --warn-within; `sla-used`: past a --warn-at share of the SLA */
  reason: 'due-soon' | 'sla-used';
  /** for sla-used: the threshold crossed and the share used, 0..1 */
  threshold: number | null;
  used: number | null;
}

export interface CheckOptions {
  withinMs?: number | null;
  /** shares of the SLA, e.g. [0.5, 0.75, 0.9] */
  warnAt?: number[];
}

/** Share of the SLA window (reported → due) used at `now`. */
export function slaShareUsed(issue: Issue, due: string, now: Date): number | null {
  const start = Date.parse(issue.reported_at);
  const end = Date.parse(due);
  if (!(end > start)) return null;
  return (now.getTime() - start) / (end - start);
}

export function checkIssue(issue: Issue, now: Date, opts: CheckOptions = {}): { overdue: OverdueItem[]; warnings: Warning[] } {
  const overdue = overdueItems(issue, now);
  const warnings: Warning[] = [];
  const pending = dueItems(issue).filter((i) => !overdue.some((o) => o.kind === i.kind && o.action === i.action));
  for (const item of pending) {
    if (opts.withinMs && new Date(item.due).getTime() - now.getTime() <= opts.withinMs) {
      warnings.push({ ...item, reason: 'due-soon', threshold: null, used: null });
      continue;
    }
    if ((item.kind === 'resolution' || item.kind === 'response') && opts.warnAt?.length) {
      const used = slaShareUsed(issue, item.due, now);
      const crossed = used === null ? [] : opts.warnAt.filter((t) => used >= t);
      if (crossed.length) warnings.push({ ...item, reason: 'sla-used', threshold: Math.max(...crossed), used });
    }
  }
  return { overdue, warnings };
}
