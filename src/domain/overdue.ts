// What is overdue at `now` (CONTRACT `check`): an open issue past its resolution due date
// (not while it waits on someone else), an open issue nobody has contacted the customer
// about past its response due date, a plan past its approval's due date, an action not done
// past its `when`, a temporary fix not withdrawn past its `remove_by`. Due exactly now is
// not late.
import { isOpen } from './vocabulary.js';
import { matchingIssues } from './effectiveness.js';
import { isoInZone } from './time.js';
import type { Deadline, Facts } from './facts.js';
import type { Issue } from './issue.js';

export type OverdueKind = 'resolution' | 'response' | 'action' | 'temporary' | 'approval' | 'effectiveness';

export interface OverdueItem {
  issue: string;
  kind: OverdueKind;
  due: string;
  owner: string | null;
  action: string | null;
  /** for an effectiveness check: the issues like the one fixed reported since */
  matching?: string[];
}

export function owner(issue: Issue): string | null {
  return issue.assignee.person ?? issue.assignee.team ?? null;
}

/** Everything on the issue that has a deadline still to meet. */
export function dueItems(issue: Issue): OverdueItem[] {
  if (issue.status === 'cancelled') return [];
  const items: OverdueItem[] = [];
  const base = { issue: issue.id, owner: owner(issue), action: null };
  const open = isOpen(issue);
  if (open && issue.status !== 'waiting' && issue.due.resolution)
    items.push({ ...base, kind: 'resolution', due: issue.due.resolution });
  // the first response is the first contact with the customer, not a dispatch
  if (open && issue.due.response && !issue.history.some((e) => e.action === 'contact'))
    items.push({ ...base, kind: 'response', due: issue.due.response });
  // a plan awaiting approval waits on its approvers (check names them), not on its actions' owners
  const awaiting = issue.status === 'awaiting-approval';
  if (awaiting && issue.approval?.due) items.push({ ...base, kind: 'approval', due: issue.approval.due, owner: null });
  for (const a of issue.actions) {
    if (!a.done_at && !a.withdrawn_at && !awaiting)
      items.push({ issue: issue.id, kind: 'action', due: a.when, owner: a.who, action: a.id });
    if (a.kind === 'temporary' && !a.withdrawn_at && a.remove_by) {
      items.push({ issue: issue.id, kind: 'temporary', due: a.remove_by, owner: a.who, action: a.id });
    }
  }
  return items;
}

/** Whether any of the issue's deadlines has passed at `now`. */
export function isOverdue(f: Pick<Facts, 'deadlines'>, now: Date): boolean {
  const t = now.getTime();
  return f.deadlines.some((d) => t > d.at);
}

export interface Warning extends Deadline {
  /** `due-soon`: within --warn-within; `sla-used`: past a --warn-at share of the SLA;
   * `effective-ready`: an effectiveness check due and clean, to record with `aftersales effect` */
  reason: 'due-soon' | 'sla-used' | 'effective-ready';
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
export function slaShareUsed(reported: number, due: number, now: Date): number | null {
  if (!(due > reported)) return null;
  return (now.getTime() - reported) / (due - reported);
}

export function checkIssue(
  f: Omit<Facts, 'waiting'>,
  now: Date,
  opts: CheckOptions = {},
): { overdue: Deadline[]; warnings: Warning[] } {
  const t = now.getTime();
  const overdue: Deadline[] = [];
  const warnings: Warning[] = [];
  for (const item of f.deadlines) {
    if (t > item.at) {
      overdue.push(item);
      continue;
    }
    if (opts.withinMs && item.at - t <= opts.withinMs) {
      warnings.push({ ...item, reason: 'due-soon', threshold: null, used: null });
      continue;
    }
    if ((item.kind === 'resolution' || item.kind === 'response') && opts.warnAt?.length) {
      const used = slaShareUsed(f.reported, item.at, now);
      const crossed = used === null ? [] : opts.warnAt.filter((share) => used >= share);
      if (crossed.length) warnings.push({ ...item, reason: 'sla-used', threshold: Math.max(...crossed), used });
    }
  }
  return { overdue, warnings };
}

/** The effectiveness checks due at `now` and not yet recorded: failed ones (more matching
 * issues than the threshold) are overdue; clean ones are warnings, ready to record. */
export function effectItems(
  f: Pick<Facts, 'id' | 'effects'>,
  all: Parameters<typeof matchingIssues>[2],
  now: Date,
  timeZone: string,
): { overdue: Deadline[]; warnings: Warning[] } {
  const overdue: Deadline[] = [];
  const warnings: Warning[] = [];
  for (const e of f.effects) {
    const [action, who, , due, , , , threshold, result] = e;
    if (result !== null || due > now.getTime()) continue;
    const matching = matchingIssues(f.id, e, all);
    const item = {
      issue: f.id,
      kind: 'effectiveness' as const,
      due: isoInZone(new Date(due), timeZone),
      owner: who,
      action,
      at: due,
      index: null,
      matching,
    };
    if (matching.length > threshold) overdue.push(item);
    else warnings.push({ ...item, reason: 'effective-ready', threshold: null, used: null });
  }
  return { overdue, warnings };
}
