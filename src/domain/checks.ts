// Checklist items the tool decides from the issue itself (`check: NAME` in a template): no
// box to tick. An answer may turn a computed pass into a fail, never a computed fail into a
// pass (CONTRACT, "The acceptance gate"). Each check says why it passed or failed.
import type { Config } from './config.js';
import { confirmationFor, customerGate } from './customer.js';
import type { Issue } from './issue.js';
import { lintCause } from './vague.js';

export const CHECKS = [
  'customer-satisfied',
  'plan-agreed',
  'rca-complete',
  'actions-verified',
  'temporary-handled',
  'preventive-targeted',
  'review-held',
  'customer-informed',
  'effectiveness-planned',
] as const;
export type CheckName = (typeof CHECKS)[number];

export interface CheckResult {
  ok: boolean;
  /** a code of the reason, worded where it is shown (check.<name>.<ok|fail>) */
  reason: string;
  /** what the reason names: actions, a satisfaction */
  detail: string;
}

const lastPlan = (issue: Issue) => {
  for (let n = issue.history.length - 1; n >= 0; n--) if (issue.history[n]?.action === 'plan') return n;
  return -1;
};

const result = (ok: boolean, detail = ''): CheckResult => ({ ok, reason: ok ? 'ok' : 'fail', detail });

/** What the issue says of `name` at `now`. */
export function computeCheck(name: CheckName, issue: Issue, config: Config, now: Date): CheckResult {
  switch (name) {
    case 'customer-satisfied': {
      const c = confirmationFor(issue);
      return result(c !== null && customerGate(config, c) === null, c ? `${c.satisfaction}/5` : '');
    }
    case 'plan-agreed':
      return result(issue.history.some((e) => e.action === 'confirm' && e.plan === true));
    case 'rca-complete': {
      const r = issue.rca;
      const ok = Boolean(r?.direct_cause && r.indirect_causes.length > 0 && r.root_cause);
      return result(ok && lintCause(r?.root_cause ?? '') === null);
    }
    case 'actions-verified': {
      const open = issue.actions.filter((a) => a.kind === 'permanent' && (!a.done_at || !a.measured));
      return result(open.length === 0, open.map((a) => a.id).join(', '));
    }
    case 'temporary-handled': {
      const live = issue.actions.filter(
        (a) =>
          a.kind === 'temporary' &&
          !a.withdrawn_at &&
          !(a.remove_by && Date.parse(a.remove_by) > now.getTime() && a.who),
      );
      return result(live.length === 0, live.map((a) => a.id).join(', '));
    }
    case 'preventive-targeted': {
      const loose = issue.actions.filter((a) => a.kind === 'preventive' && !(a.target && a.who));
      return result(loose.length === 0, loose.map((a) => a.id).join(', '));
    }
    case 'review-held':
      return result(issue.history.some((e) => e.action === 'review'));
    case 'customer-informed': {
      const plan = lastPlan(issue);
      return result(plan >= 0 && issue.history.slice(plan + 1).some((e) => e.action === 'contact'));
    }
    case 'effectiveness-planned': {
      const unwatched = issue.actions.filter((a) => a.kind === 'permanent' && !a.withdrawn_at && !a.effectiveness);
      return result(unwatched.length === 0, unwatched.map((a) => a.id).join(', '));
    }
  }
}
