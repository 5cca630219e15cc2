// The 8D report of an issue (D0–D8), as OEM customers in manufacturing expect it, made from
// what the issue holds and nothing else: a field the issue lacks stays null (shown as "not
// recorded"), never guessed. The renderers (render/eight-d.ts) word it.
import type { Config } from './config.js';
import type { Action, Issue } from './issue.js';

/** What a person did on the issue: the D1 team. */
export type TeamRole =
  | 'registrar'
  | 'owner'
  | 'planner'
  | 'approver'
  | 'action-owner'
  | 'contact'
  | 'reviewer'
  | 'acceptor';

export interface TeamMember {
  id: string;
  name: string | null;
  roles: TeamRole[];
  /** the roles the config gives the person (quality-lead, acceptor …) */
  held: string[];
}

export interface EightD {
  issue: Issue;
  d0: { severity: Issue['severity']; reported: string; firstContact: string | null; responseDue: string | null };
  d1: TeamMember[];
  /** 5W2H: what, where, when, who, why (the deviation), how (it was found), how many */
  d2: Record<'what' | 'where' | 'when' | 'who' | 'why' | 'how' | 'howMany', string | null>;
  d3: Action[];
  d4: Issue['rca'];
  d5: Action[];
  /** the permanent actions as done and measured, and the stop-gaps withdrawn */
  d6: { done: Action[]; withdrawn: Action[] };
  d7: { actions: Action[]; knowledge: Issue['knowledge'] };
  d8: {
    round: Issue['acceptance']['rounds'][number] | null;
    confirmation: { at: string; said: string | null; satisfaction: number | null; channel: string | null } | null;
  };
}

/** Ids of the config's fields that say how many parts or units the problem touches, and
 * how it deviates from what was expected (5W2H's "how many" and "why"). */
const QUANTITY_FIELDS = ['quantity', 'qty', 'affected', 'count', 'units'];
const WHY_FIELDS = ['impact', 'deviation', 'why'];

const fieldText = (issue: Issue, ids: readonly string[]) => {
  const v = ids.map((id) => issue.fields?.[id]).find((x) => x !== undefined);
  return v === undefined ? null : String(v);
};

export function eightD(issue: Issue, config: Config): EightD {
  const kind = (k: Action['kind']) => issue.actions.filter((a) => a.kind === k);
  const permanent = kind('permanent');
  const temporary = kind('temporary');
  const passed = [...issue.acceptance.rounds].reverse().find((r) => r.result === 'pass') ?? null;
  const confirm = [...issue.history].reverse().find((e) => e.action === 'confirm' && e.plan !== true);
  const place = [issue.product.name, issue.product.line, issue.product.component].filter(Boolean).join(' / ');
  return {
    issue,
    d0: {
      severity: issue.severity,
      reported: issue.reported_at,
      firstContact: issue.history.find((e) => e.action === 'contact')?.at ?? null,
      responseDue: issue.due.response,
    },
    d1: teamOf(issue, config),
    d2: {
      what: [issue.title, issue.description].filter(Boolean).join('\n'),
      where: place || null,
      when: issue.occurred_at,
      who: [issue.customer.name, issue.customer.contact].filter(Boolean).join(' · '),
      // why it is a problem (the deviation from what was expected): only where the form asks it
      why: fieldText(issue, WHY_FIELDS),
      how: issue.source,
      howMany: fieldText(issue, QUANTITY_FIELDS),
    },
    d3: temporary,
    d4: issue.rca,
    d5: permanent,
    d6: { done: permanent.filter((a) => a.done_at), withdrawn: temporary.filter((a) => a.withdrawn_at) },
    d7: { actions: kind('preventive'), knowledge: issue.knowledge },
    d8: {
      round: passed,
      confirmation: confirm
        ? {
            at: confirm.at,
            said: confirm.note,
            satisfaction: typeof confirm.satisfaction === 'number' ? confirm.satisfaction : null,
            channel: typeof confirm.channel === 'string' ? confirm.channel : null,
          }
        : passed?.customer
          ? { at: passed.at, ...passed.customer }
          : null,
    },
  };
}

/** Everyone who acted on the issue, in the order they first did, with what they did. */
function teamOf(issue: Issue, config: Config): TeamMember[] {
  const team = new Map<string, Set<TeamRole>>();
  const add = (id: string | null | undefined, role: TeamRole) => {
    if (!id) return;
    const roles = team.get(id) ?? new Set<TeamRole>();
    roles.add(role);
    team.set(id, roles);
  };
  const ROLE_OF: Record<string, TeamRole> = {
    register: 'registrar',
    plan: 'planner',
    approve: 'approver',
    'approve-level': 'approver',
    reject: 'approver',
    contact: 'contact',
    confirm: 'contact',
    review: 'reviewer',
    accept: 'acceptor',
    'accept-failed': 'acceptor',
    'action-done': 'action-owner',
  };
  for (const e of issue.history) {
    const role = ROLE_OF[e.action];
    if (role) add(e.by, role);
    if (e.action === 'review' && Array.isArray(e.attendees))
      for (const who of e.attendees) if (typeof who === 'string') add(who, 'reviewer');
  }
  add(issue.assignee.person, 'owner');
  for (const a of issue.actions) add(a.who, 'action-owner');
  return [...team].map(([id, roles]) => {
    const person = config.people.find((p) => p.id === id);
    return { id, name: person?.name ?? null, roles: [...roles], held: person?.roles ?? [] };
  });
}
