// Approval levels: a rule may name several roles, approved one after another (serial) or in any
// order (parallel). Each `approve` records one level; the plan proceeds when every level has
// approved; a `reject` at any level sends it back. One person gives one level at most.
import { AftersalesError } from '../errors.js';
import type { Config } from './config.js';
import { checkApprover } from './duties.js';
import { holders } from './people.js';
import type { Issue } from './issue.js';
import { addDuration } from './sla.js';
import { transition } from './status.js';
import { isoInZone } from './time.js';

type Approval = NonNullable<Issue['approval']>;
type Rule = Config['approval'][number];

/** The roles of a rule, in order (a rule names `role` or `roles`). */
export const rolesOf = (rule: Pick<Rule, 'role' | 'roles'>): string[] => rule.roles ?? (rule.role ? [rule.role] : []);

/** The levels still to approve that may approve now: the next one (serial), or all left (parallel). */
export function pendingRoles(approval: Approval): string[] {
  const all = approval.roles ?? (approval.role ? [approval.role] : []);
  const left = all.filter((r) => !approval.given.some((g) => g.role === r));
  return approval.order === 'parallel' ? left : left.slice(0, 1);
}

/** The approval a plan that matches `rule` waits for, requested at `at`. */
export function requestApproval(rule: Rule, config: Config, at: string): Approval {
  const roles = rolesOf(rule);
  return {
    required: true,
    role: roles[0] ?? null,
    ...(roles.length > 1 ? { roles, order: rule.order, within: rule.within ?? '1d' } : {}),
    rule: rule.name ?? null,
    requested_at: at,
    due: isoInZone(addDuration(new Date(at), rule.within ?? '1d', config), config.timezone),
    given: [],
    decision: null,
    decided_by: null,
    decided_at: null,
    comment: null,
  };
}

export function decideApproval(
  issue: Issue,
  decision: 'approved' | 'rejected',
  comment: string | null,
  config: Config,
  at: string,
  by: string,
): Issue {
  if (issue.status !== 'awaiting-approval' || !issue.approval) {
    return transition(issue, decision === 'approved' ? 'approve' : 'reject', at, by); // throws with what is allowed
  }
  const approval = issue.approval;
  const person = config.people.find((p) => p.id === by);
  const pending = pendingRoles(approval);
  const level = pending.find((r) => person?.roles.includes(r));
  const given = approval.given.find((g) => g.by === by);
  if (given) throw new AftersalesError('approvalLevelGiven', { by, id: issue.id, role: given.role });
  if (!level) {
    throw new AftersalesError('approvalRole', {
      action: decision === 'approved' ? 'approve' : 'reject',
      role: pending.join(', '),
      by,
      roles: person?.roles.join(', ') || '—',
    });
  }
  checkApprover(issue, config, by);
  const owners = [
    ...new Set([issue.assignee.person, ...issue.actions.map((a) => a.who)].filter((p): p is string => Boolean(p))),
  ];
  const levels = [...approval.given, { role: level, by, at }];
  const all = approval.roles ?? [approval.role ?? level];
  const multi = all.length > 1 ? { level } : {};
  if (decision === 'approved' && levels.length < all.length) {
    // a level given, others still to come: the next level is told, the plan waits
    const next = { ...approval, given: levels };
    const waiting = pendingRoles(next);
    const due =
      approval.order === 'parallel'
        ? approval.due
        : isoInZone(addDuration(new Date(at), approval.within ?? '1d', config), config.timezone);
    return transition({ ...issue, approval: { ...next, due } }, 'approve-level', at, by, {
      note: comment,
      notify: holders(config, ...waiting),
      ...multi,
    });
  }
  const decided = {
    ...approval,
    given: decision === 'approved' ? levels : approval.given,
    decision,
    decided_by: by,
    decided_at: at,
    comment,
  };
  return transition({ ...issue, approval: decided }, decision === 'approved' ? 'approve' : 'reject', at, by, {
    note: comment,
    notify: owners,
    ...multi,
  });
}
