// The summary view of the index (./issue-index.ts): what counting commands need of an
// issue, small enough to load fast. Kept apart from ./issue-record.ts (which loads the
// parsers) because the main thread expands every stored summary it reads.
import type { Issue } from '../domain/issue.js';

/**
 * The summary view: an issue without the free text that only people read — description,
 * history notes and notify lists, acceptance answers, action verification and evidence,
 * attachments. What counts, states and dates (list, check, report, inbox and the
 * dispatch strategies) is all there, in a little over half the bytes (history events are
 * stored as tuples). Commands that show or search text (list --json, export, kb, check --notify) read
 * the full view.
 */
export function summaryOf(issue: Issue): Issue {
  return {
    ...issue,
    description: null,
    attachments: [],
    // what `new` prints of a suggestion: the root cause and the fix
    knowledge: issue.knowledge ? { summary: null, root_cause: issue.knowledge.root_cause, fix: issue.knowledge.fix, evidence: null, tags: [] } : null,
    actions: issue.actions.map((a) => ({ ...a, verify: '', evidence: null, withdrawn_evidence: null })),
    history: issue.history.map((e) => ({ at: e.at, by: e.by, action: e.action, from: e.from, to: e.to, note: null, rule: e.rule, notify: [], assignee: e.assignee })),
    acceptance: {
      ...issue.acceptance,
      rounds: issue.acceptance.rounds.map((r) => ({ ...r, answers: {}, customer: r.customer ? { ...r.customer, said: null } : null })),
    },
  };
}

/** A history event as stored in the summary: [at, by, action, from, to, rule, assignee]. */
type Event = Issue['history'][number];
type StoredEvent = [Event['at'], Event['by'], Event['action'], Event['from'], Event['to'], Event['rule'], Event['assignee']];

/** The summary as written to the index: history events as tuples (their keys were a third
 * of the bytes). */
export function storedSummary(issue: Issue): unknown {
  const s = summaryOf(issue);
  return { ...s, history: s.history.map((e): StoredEvent => [e.at, e.by, e.action, e.from, e.to, e.rule, e.assignee]) };
}

/** The summary as read back: the issue shape every command expects. */
export function expandSummary(stored: { history: unknown }): Issue {
  const issue = stored as unknown as Issue;
  issue.history = (stored.history as StoredEvent[]).map(([at, by, action, from, to, rule, assignee]) => ({ at, by, action, from, to, note: null, rule, notify: [], assignee }));
  return issue;
}
