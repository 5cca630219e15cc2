// Acceptance rounds (seed 1 step 4, seed 2): a pass closes the issue and keeps its
// knowledge; a fail sends it back to in-progress, as rework, with the failed items named.
import { checkAcceptor } from './duties.js';
import { AftersalesError } from '../errors.js';
import type { AnswersFile, Checklist, Verdict } from './checklist.js';
import { scoreRound } from './checklist.js';
import type { Config } from './config.js';
import { allPermanentDone } from './execution.js';
import type { AcceptanceRound, Issue } from './issue.js';
import { transition } from './status.js';
import { confirmationFor, customerGate, recordConfirmation } from './customer.js';
import { computeCheck, type CheckResult } from './checks.js';

/** The checks of the template's computed items, as the issue stands at `at`. */
export function computedChecks(issue: Issue, checklist: Checklist, config: Config, at: string) {
  const computed: Record<string, CheckResult> = {};
  for (const item of checklist.items) {
    // with the customer gate lifted, its item is answered like any other
    if (item.check === 'customer-satisfied' && !config.acceptance.require_customer) continue;
    if (item.check) computed[item.id] = computeCheck(item.check, issue, config, new Date(at));
  }
  return computed;
}

/** The checks as they will be once `answers` (and its customer block) are recorded. */
export function previewChecks(issue: Issue, checklist: Checklist, answers: AnswersFile, config: Config, at: string) {
  const after = answers.customer ? recordAnswersConfirmation(issue, answers.customer, at, '') : issue;
  return computedChecks(after, checklist, config, at);
}

/** The answers file's `customer:` block, recorded as a `confirm` event; an empty `said` is kept
 * (and fails the round at the gate) rather than refused. */
function recordAnswersConfirmation(
  issue: Issue,
  c: NonNullable<AnswersFile['customer']>,
  at: string,
  by: string,
): Issue {
  const input = { satisfaction: c.satisfaction, said: c.said, channel: c.channel ?? 'other', keepEmpty: true };
  return recordConfirmation(issue, at, by, input);
}

export function checkReadyForAcceptance(issue: Issue, config: Config, by: string): void {
  if (issue.status === 'in-progress' && !allPermanentDone(issue)) {
    const open = issue.actions.filter((a) => a.kind === 'permanent' && !a.done_at).map((a) => a.id);
    throw new AftersalesError('acceptNotReady', { id: issue.id, actions: open.join(', ') || '—' });
  }
  if (issue.status !== 'in-progress' && issue.status !== 'verifying') {
    transition(issue, 'accept', '', by); // throws, naming the status and what is allowed
  }
  const role = config.acceptance.role;
  if (role && !config.people.find((p) => p.id === by)?.roles.includes(role)) {
    throw new AftersalesError('acceptRole', { role, by });
  }
  checkAcceptor(issue, config, by);
}

/** What the fix taught, kept on the issue when it is accepted (the knowledge base reads it). */
export function knowledgeOf(issue: Issue, round: AcceptanceRound): NonNullable<Issue['knowledge']> {
  const permanent = issue.actions.filter((a) => a.kind !== 'temporary');
  const evidence = [
    ...issue.actions.filter((a) => a.evidence).map((a) => `${a.id}: ${a.evidence}`),
    ...Object.entries(round.answers)
      .filter(([, a]) => a.result === 'pass' && a.evidence)
      .map(([id, a]) => `${id}: ${a.evidence}`),
  ];
  const fix = permanent.map((a) => a.what).join('；');
  return {
    summary: issue.rca ? `${issue.rca.root_cause} → ${fix}` : fix || null,
    root_cause: issue.rca?.root_cause ?? null,
    fix: fix || null,
    evidence: evidence.join('；') || null,
    tags: [issue.type, issue.product.name, issue.product.line, issue.product.component].filter((t): t is string =>
      Boolean(t),
    ),
  };
}

export function acceptIssue(
  issue: Issue,
  checklist: Checklist,
  answers: AnswersFile,
  config: Config,
  at: string,
  by: string,
): { issue: Issue; verdict: Verdict } {
  checkReadyForAcceptance(issue, config, by);
  // the answers file's customer block is a confirmation made at the acceptance
  if (answers.customer) issue = recordAnswersConfirmation(issue, answers.customer, at, by);
  const confirmation = confirmationFor(issue);
  if (config.acceptance.require_customer && !confirmation)
    throw new AftersalesError('acceptNeedsConfirm', { id: issue.id });
  const gate = config.acceptance.require_customer && confirmation ? customerGate(config, confirmation) : null;
  const verdict = scoreRound(checklist, answers, computedChecks(issue, checklist, config, at));
  if (gate) verdict.result = 'fail';
  const round: AcceptanceRound = {
    round: issue.acceptance.rounds.length + 1,
    at,
    by,
    template: checklist.name,
    answers: Object.fromEntries(
      Object.entries(answers.items).map(([id, a]) => [id, { result: a.result, evidence: a.evidence ?? null }]),
    ),
    score: verdict.score,
    result: verdict.result,
    failed_items: verdict.failed,
    customer: confirmation
      ? {
          satisfaction: confirmation.satisfaction || null,
          said: confirmation.said || null,
          channel: confirmation.channel,
        }
      : null,
    customer_gate: gate,
    compensation: answers.compensation
      ? {
          kind: answers.compensation.kind,
          amount: answers.compensation.amount ?? null,
          currency: answers.compensation.currency ?? null,
          note: answers.compensation.note ?? null,
        }
      : null,
  };
  const acceptance = {
    template: checklist.name,
    rounds: [...issue.acceptance.rounds, round],
    result: verdict.result,
    score: verdict.score,
    satisfaction: round.customer?.satisfaction ?? null,
  };
  const owners = [...new Set([issue.assignee.person, ...issue.cc].filter((p): p is string => Boolean(p)))];
  // the note is a code and its figures, worded in the reader's language (render/history.ts)
  const score = verdict.score === null ? null : Number(verdict.score.toFixed(2));
  if (verdict.result === 'pass') {
    const accepted = transition({ ...issue, acceptance }, 'accept', at, by, {
      notify: owners,
      note_code: 'accept-passed',
      note_params: { round: round.round, score },
    });
    return { issue: { ...accepted, knowledge: knowledgeOf(accepted, round) }, verdict };
  }
  const rework = issue.actions.map((a) => a.who);
  const failed = transition({ ...issue, acceptance }, 'accept-failed', at, by, {
    notify: [...new Set([...owners, ...rework])],
    note_code: 'accept-failed',
    note_params: { round: round.round, score, failed: verdict.failed.length },
  });
  return { issue: failed, verdict };
}

export function reopenIssue(issue: Issue, reason: string, at: string, by: string): Issue {
  const people = [
    ...new Set(
      [issue.assignee.person, ...issue.cc, ...issue.actions.map((a) => a.who)].filter((p): p is string => Boolean(p)),
    ),
  ];
  return transition(issue, 'reopen', at, by, { note: reason, notify: people });
}
