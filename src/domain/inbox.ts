// What waits on a person: issues they own, plans awaiting their approval, their actions,
// temporary fixes they must withdraw, and issues they are copied on. Most urgent first.
import { planSubmitter } from './duties.js';
import { pendingRoles } from './approval.js';
import type { Config } from './config.js';
import { isOpen } from './vocabulary.js';
import type { Issue, Severity } from './issue.js';
import type { Facts } from './facts.js';
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

/** What may wait on someone in an issue, whoever they are: worked out once per issue (the
 * index keeps it as a fact) and matched to a person by `inbox`. */
export interface Waiting {
  /** the deadline that matters next for the owner */
  ownerDue: string | null;
  cc: string[];
  /** [the roles that may approve now (comma-separated), requested at, who submitted the plan,
   * who approved a level already (comma-separated)] while the plan awaits approval */
  approval: [string, string | null, string | null, string?] | null;
  /** [action or withdraw, who, due, what, action ID] for each action not withdrawn */
  actions: ['action' | 'withdraw', string, string | null, string, string][];
}

export function waitingOf(issue: Issue): Waiting {
  const actions: Waiting['actions'] = [];
  for (const a of issue.actions) {
    if (a.withdrawn_at) continue;
    if (!a.done_at) actions.push(['action', a.who, a.when, a.what, a.id]);
    else if (a.kind === 'temporary' && a.remove_by) actions.push(['withdraw', a.who, a.remove_by, a.what, a.id]);
  }
  const { approval } = issue;
  const submitter = planSubmitter(issue);
  return {
    // parked: nothing is due from the owner while the customer or a supplier has the move
    ownerDue:
      issue.status === 'waiting'
        ? null
        : issue.status === 'new'
          ? (issue.due.response ?? issue.due.resolution)
          : issue.due.resolution,
    cc: issue.cc,
    approval:
      issue.status === 'awaiting-approval' && approval?.role
        ? ([
            pendingRoles(approval).join(','),
            approval.due ?? approval.requested_at,
            submitter,
            ...(approval.given.length ? [approval.given.map((g) => g.by).join(',')] : []),
          ] as NonNullable<Waiting['approval']>)
        : null,
    actions,
  };
}

export type InboxFacts = Pick<Facts, 'id' | 'title' | 'severity' | 'status' | 'team' | 'person' | 'waiting'>;

export function inbox(person: string, config: Config, issues: readonly InboxFacts[], now: Date): InboxItem[] {
  const me = config.people.find((p) => p.id === person);
  const roles = new Set(me?.roles ?? []);
  const teams = new Set(config.teams.filter((tm) => tm.members.includes(person)).map((tm) => tm.id));
  const items: InboxItem[] = [];
  const late = (iso: string | null) => iso !== null && now.getTime() > new Date(iso).getTime();
  const add = (kind: InboxKind, issue: InboxFacts, due: string | null, what: string, action: string | null = null) =>
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
    const { waiting: w } = issue;
    if (open && issue.person === person) add('owner', issue, w.ownerDue, issue.title);
    else if (open && !issue.person && issue.team && teams.has(issue.team)) add('team', issue, w.ownerDue, issue.title);
    const mine =
      (w.approval?.[2] === person && !config.duties.self_approval) || w.approval?.[3]?.split(',').includes(person);
    if (w.approval?.[0].split(',').some((r) => roles.has(r)) && !mine)
      add('approval', issue, w.approval[1], issue.title);
    for (const [kind, who, due, what, id] of w.actions) if (who === person) add(kind, issue, due, what, id);
    if (open && w.cc.includes(person) && issue.person !== person) add('cc', issue, null, issue.title);
  }
  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      dueTime(a.due) - dueTime(b.due) ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      byCodePoint(a.issue, b.issue),
  );
}
