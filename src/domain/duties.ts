// The separation of duties (config `duties:`, each false by default): whoever submitted a
// plan does not approve it; the issue's assignee does not run its acceptance; an action is
// marked done or withdrawn by its owner, the assignee or a lead. Checked by the commands and,
// commit by commit, by `audit`.
import { AftersalesError } from '../errors.js';
import type { Config } from './config.js';
import type { Issue } from './issue.js';

/** Who submitted the plan awaiting a decision: the latest plan event's actor. */
export function planSubmitter(issue: Issue): string | null {
  for (let i = issue.history.length - 1; i >= 0; i--) {
    const e = issue.history[i];
    if (e?.action === 'plan') return e.by;
  }
  return null;
}

export function checkApprover(issue: Issue, config: Config, by: string): void {
  if (!config.duties.self_approval && planSubmitter(issue) === by)
    throw new AftersalesError('dutySelfApproval', { by, id: issue.id });
}

export function checkAcceptor(issue: Issue, config: Config, by: string): void {
  if (!config.duties.owner_accepts && issue.assignee.person === by)
    throw new AftersalesError('dutyOwnerAccepts', { by, id: issue.id });
}

export function checkActionActor(issue: Issue, config: Config, actionId: string, by: string): void {
  if (config.duties.others_complete_actions) return;
  const action = issue.actions.find((a) => a.id.toLowerCase() === actionId.toLowerCase());
  if (!action || action.who === by || issue.assignee.person === by) return;
  if (config.people.find((p) => p.id === by)?.roles.includes('lead')) return;
  throw new AftersalesError('dutyOthersComplete', { by, action: action.id, who: action.who });
}
