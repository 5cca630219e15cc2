// The corrective plan (seed 1, step 2; 8D): a root-cause analysis and concrete actions,
// each with what, exactly one who, when, and how to verify. Re-planning adds or replaces
// actions by id; the history keeps what was replaced.
import { pendingRoles, requestApproval, rolesOf } from './approval.js';
import { holders } from './people.js';
import type { Config } from './config.js';
import { matches } from './query.js';
import { AftersalesError } from '../errors.js';
import type { Action, Issue } from './issue.js';
import { transition } from './status.js';
import { lintAction, lintCause, type VagueFinding } from './vague.js';

export interface PlannedAction {
  id: string;
  kind: Action['kind'];
  what: string;
  who: string;
  when: string;
  verify: string;
  remove_by: string | null;
  target: Action['target'];
  effectiveness?: Action['effectiveness'];
}

export interface Plan {
  rca: NonNullable<Issue['rca']>;
  actions: PlannedAction[];
}

export interface PlanOutcome {
  issue: Issue;
  /** actions whose `when` falls after the resolution due date */
  late: string[];
  vague: { action: string; findings: VagueFinding[] }[];
}

/** Checks that need the config or the issue; the schema has already checked the shape. */
export function checkPlan(plan: Plan, issue: Issue, config: Config): void {
  const people = new Set(config.people.map((p) => p.id));
  const ids = new Set<string>();
  for (const a of plan.actions) {
    if (ids.has(a.id)) throw new AftersalesError('planDuplicateAction', { action: a.id });
    ids.add(a.id);
    if (!people.has(a.who)) {
      throw new AftersalesError('unknownPerson', { person: a.who, known: [...people].join(', ') });
    }
    if (a.kind === 'temporary' && !a.remove_by)
      throw new AftersalesError('planTemporaryNeedsRemoveBy', { action: a.id });
    if (a.kind === 'temporary' && a.remove_by && Date.parse(a.remove_by) < Date.parse(a.when)) {
      throw new AftersalesError('planRemoveBeforeWhen', { action: a.id });
    }
    if (a.kind === 'preventive' && !a.target) throw new AftersalesError('planPreventiveNeedsTarget', { action: a.id });
    if (a.effectiveness) checkEffectiveness(a.id, a.kind, a.effectiveness, config);
  }
  const merged = mergeActions(issue.actions, plan.actions);
  if (!merged.some((a) => a.kind === 'permanent')) throw new AftersalesError('planNeedsPermanent');
}

/** An effectiveness check watches what the config knows: its products, components, failure modes. */
function checkEffectiveness(id: string, kind: Action['kind'], e: NonNullable<Action['effectiveness']>, config: Config) {
  if (kind === 'temporary') throw new AftersalesError('effectTemporary', { action: id });
  const products = config.products.map((p) => p.name);
  const components = config.products.flatMap((p) => p.components ?? []);
  const modes = config.failure_modes.map((m) => m.id);
  const unknown = (value: string | undefined, known: string[], field: string) => {
    if (value !== undefined && known.length && !known.includes(value))
      throw new AftersalesError('effectWatchUnknown', { action: id, field, value, known: known.join(', ') });
  };
  unknown(e.watch.product, products, 'product');
  unknown(e.watch.component, components, 'component');
  if (e.watch.failure_mode !== undefined && !modes.includes(e.watch.failure_mode))
    throw new AftersalesError('effectWatchUnknown', {
      action: id,
      field: 'failure_mode',
      value: e.watch.failure_mode,
      known: modes.join(', ') || '—',
    });
}

function mergeActions(existing: Action[], planned: PlannedAction[]): Action[] {
  const byId = new Map(existing.map((a) => [a.id, a]));
  for (const p of planned) {
    const before = byId.get(p.id);
    const same = before && before.what === p.what && before.who === p.who && before.kind === p.kind;
    byId.set(p.id, {
      ...p,
      // an action restated unchanged keeps its progress
      done_at: same ? before.done_at : null,
      evidence: same ? before.evidence : null,
      withdrawn_at: same ? before.withdrawn_at : null,
      withdrawn_evidence: same ? before.withdrawn_evidence : null,
      vague_allowed: false,
    });
  }
  return [...byId.values()];
}

export { holders } from './people.js';

export function applyPlan(
  issue: Issue,
  plan: Plan,
  config: Config,
  at: string,
  by: string,
  allowVague: boolean,
): PlanOutcome {
  checkPlan(plan, issue, config);
  const cause = lintCause(plan.rca.root_cause);
  if (cause && !allowVague) throw new AftersalesError('planVagueCause', { words: cause.words.join(', ') });
  const vague = plan.actions
    .map((a) => ({ action: a.id, findings: lintAction(a) }))
    .filter((v) => v.findings.length > 0);
  if (vague.length && !allowVague) {
    const first = vague[0] as (typeof vague)[number];
    const finding = first.findings[0] as VagueFinding;
    throw new AftersalesError(finding.words.length ? 'planVague' : 'planUnverifiable', {
      action: first.action,
      field: finding.field,
      words: finding.words.join(', '),
    });
  }
  const vagueIds = new Set(vague.map((v) => v.action));
  const actions = mergeActions(issue.actions, plan.actions).map((a) =>
    vagueIds.has(a.id) ? { ...a, vague_allowed: true } : a,
  );
  const replaced = issue.actions.filter((old) => plan.actions.some((p) => p.id === old.id));
  const due = issue.due.resolution ? Date.parse(issue.due.resolution) : Infinity;
  const late = plan.actions.filter((a) => Date.parse(a.when) > due).map((a) => a.id);

  const owners = [...new Set(plan.actions.map((a) => a.who))];
  let next: Issue = { ...issue, rca: plan.rca, actions };
  next = transition(next, 'plan', at, by, {
    // worded when shown (render/history.ts): the actions as `ID kind`, the vague ones allowed
    note_code: 'plan-actions',
    note_params: {
      count: plan.actions.length,
      actions: plan.actions.map((a) => `${a.id} ${a.kind}`).join(', '),
      vague: [...(cause ? ['RCA'] : []), ...vague.map((v) => v.action)].join(', ') || null,
    },
    notify: owners,
    ...(replaced.length ? { replaced } : {}),
    ...(issue.rca && JSON.stringify(issue.rca) !== JSON.stringify(plan.rca) ? { previous_rca: issue.rca } : {}),
  });

  const rule = config.approval.find((r) => r.applies_to === 'plan' && matches(r.when, next));
  if (rule) {
    next = { ...next, approval: requestApproval(rule, config, at) };
    const first = pendingRoles(next.approval as NonNullable<Issue['approval']>);
    next = transition(next, 'request-approval', at, by, {
      rule: rule.name ?? null,
      notify: holders(config, ...first),
      note_code: 'needs-role',
      note_params: { role: rolesOf(rule).join(rule.order === 'parallel' ? ' + ' : ' → ') },
    });
  } else {
    next = transition({ ...next, approval: null }, 'start', at, by, { notify: owners });
  }
  return { issue: next, late, vague };
}

/** approve / reject: only by someone holding the role the approval rule named. */
export { decideApproval } from './approval.js';
