// What waits on a person: issues they own, plans awaiting their approval, their actions,
// temporary fixes they must withdraw, and issues they are copied on. Most urgent first.
import type { Config } from './config.js';
import { isOpen } from './vocabulary.js';
import type { Issue, Severity } from './issue.js';
import { byCodePoint } from './order.js';

export type InboxKind = 'owner' | 'team' | 'approval' | 'action' | 'withdraw' | 'cc';

export interface InboxItem {
  kind: InboxKind;
  issue: string;
  title: string;
  severity: Severity;
  status: Issue['status'];
  due: string | null;
  overdue: boolean;
  action: string | null;
  what: string;
}

const dueTime = (iso: string | null) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The deadline that matters next for the owner of an issue. */
function ownerDue(issue: Issue): string | null {
  return issue.status === 'new' ? (issue.due.response ?? issue.due.resolution) : issue.due.resolution;
}

export function inbox(person: string, config: Config, issues: readonly Issue[], now: Date): InboxItem[] {
  const me = config.people.find((p) => p.id === person);
  const roles = new Set(me?.roles ?? []);
  const teams = new Set(config.teams.filter((tm) => tm.members.includes(person)).map((tm) => tm.id));
  const items: InboxItem[] = [];
  const late = (iso: string | null) => iso !== null && now.getTime() > new Date(iso).getTime();
  const add = (kind: InboxKind, issue: Issue, due: string | null, what: string, action: string | null = null) =>
    items.push({
      kind,
      issue: issue.id,
      title: issue.title,
      severity: issue.severity,
      status: issue.status,
      due,
      overdue: late(due),
      action,
      what,
    });

  for (const issue of issues) {
    if (issue.status === 'cancelled') continue;
    const open = isOpen(issue);
    if (open && issue.assignee.person === person) add('owner', issue, ownerDue(issue), issue.title);
    else if (open && !issue.assignee.person && issue.assignee.team && teams.has(issue.assignee.team)) {
      add('team', issue, ownerDue(issue), issue.title);
    }
    if (issue.status === 'awaiting-approval' && issue.approval?.role && roles.has(issue.approval.role)) {
      add('approval', issue, issue.approval.requested_at, issue.title);
    }
    for (const a of issue.actions) {
      if (a.who !== person || a.withdrawn_at) continue;
      if (!a.done_at) add('action', issue, a.when, a.what, a.id);
      else if (a.kind === 'temporary' && a.remove_by) add('withdraw', issue, a.remove_by, a.what, a.id);
    }
    if (open && issue.cc.includes(person) && issue.assignee.person !== person) add('cc', issue, null, issue.title);
  }
  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      dueTime(a.due) - dueTime(b.due) ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      byCodePoint(a.issue, b.issue),
  );
}
