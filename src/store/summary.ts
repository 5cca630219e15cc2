// The summary view of the index (./issue-index.ts): what counting commands need of an
// issue, small enough to load fast. Kept apart from ./issue-record.ts (which loads the
// parsers) because the main thread expands every stored summary it reads.
import type { Action, HistoryEvent, Issue } from '../domain/issue.js';

/**
 * The summary view: an issue without what only people read or only one issue's commands
 * use. Kept: every state, date, owner and count that list, check, report, inbox, sla --all
 * and the dispatch strategies look at; the titles; the root cause (recurrences) and
 * knowledge root cause and fix (what `new` prints of a suggestion, the permanent actions'
 * wording standing for a fix not written down); the wording of an action while it is
 * still to be done or withdrawn (inbox shows it); history events
 * that change the status, assign the issue or reopen it, without who or why. Everything
 * else is its empty value (null, '', [], {}). Commands that show or search text (list
 * --json, export, kb, check --notify) read the full view.
 */
export function summaryOf(issue: Issue): Issue {
  return {
    id: issue.id,
    title: issue.title,
    status: issue.status,
    type: issue.type,
    severity: issue.severity,
    source: issue.source,
    customer: { name: issue.customer.name, contact: null },
    product: { ...issue.product },
    description: null,
    occurred_at: issue.occurred_at,
    reported_at: issue.reported_at,
    expected_by: issue.expected_by,
    attachments: [],
    assignee: { ...issue.assignee },
    cc: [...issue.cc],
    due: { response: issue.due.response, resolution: issue.due.resolution, policy: null },
    rca: issue.rca ? rcaOf(issue.rca.root_cause) : null,
    actions: issue.actions.map((a) =>
      actionOf(
        a.id,
        a.kind,
        a.who,
        a.when,
        a.remove_by,
        a.done_at,
        a.withdrawn_at,
        pending(a) || (a.kind === 'permanent' && !issue.knowledge?.fix) ? a.what : '',
      ),
    ),
    approval: issue.approval ? { ...issue.approval } : null,
    acceptance: {
      template: issue.acceptance.template,
      rounds: issue.acceptance.rounds.map((r) =>
        roundOf(
          r.round,
          r.at,
          r.result,
          r.customer?.satisfaction ?? null,
          r.customer?.channel ?? null,
          !!r.customer,
          r.compensation ? { ...r.compensation } : null,
        ),
      ),
      result: issue.acceptance.result,
      score: issue.acceptance.score,
      satisfaction: issue.acceptance.satisfaction,
    },
    knowledge: issue.knowledge ? knowledgeOf(issue.knowledge.root_cause, issue.knowledge.fix) : null,
    history: issue.history
      .filter(counts)
      .map((e) => eventOf(e.at, e.action, e.from, e.to, e.assignee ? { ...e.assignee } : null)),
  };
}

/** An action someone still has to do or to withdraw: its wording is shown in inboxes. */
const pending = (a: Action) => !a.withdrawn_at && (!a.done_at || (a.kind === 'temporary' && a.remove_by !== null));

/** History events the counting commands read: status changes, assignments, reopens. */
const counts = (e: HistoryEvent) => e.to !== null || e.assignee !== null || e.action === 'reopen';

const rcaOf = (root: string): NonNullable<Issue['rca']> => ({
  direct_cause: '',
  indirect_causes: [],
  root_cause: root,
  escape_point: null,
  method: '5-why',
});
const knowledgeOf = (root: string | null, fix: string | null): Issue['knowledge'] => ({
  summary: null,
  root_cause: root,
  fix,
  evidence: null,
  tags: [],
});

function actionOf(
  id: string,
  kind: Action['kind'],
  who: string,
  when: string,
  removeBy: string | null,
  doneAt: string | null,
  withdrawnAt: string | null,
  what: string,
): Action {
  return {
    id,
    kind,
    what,
    who,
    when,
    verify: '',
    remove_by: removeBy,
    target: null,
    done_at: doneAt,
    evidence: null,
    withdrawn_at: withdrawnAt,
    withdrawn_evidence: null,
    vague_allowed: false,
  };
}

type Round = Issue['acceptance']['rounds'][number];
function roundOf(
  round: number,
  at: string,
  result: Round['result'],
  satisfaction: number | null,
  channel: string | null,
  confirmed: boolean,
  compensation: Round['compensation'],
): Round {
  return {
    round,
    at,
    by: '',
    template: '',
    answers: {},
    score: null,
    result,
    failed_items: [],
    customer: confirmed ? { satisfaction, said: null, channel } : null,
    compensation,
  };
}

function eventOf(
  at: string,
  action: string,
  from: HistoryEvent['from'],
  to: HistoryEvent['to'],
  assignee: HistoryEvent['assignee'],
): HistoryEvent {
  return { at, by: '', action, from, to, note: null, rule: null, notify: [], assignee };
}

// How the summary is stored: one small object with short keys, a key left out where its
// value is empty, lists of tuples for actions, rounds and events. Parsing is most of the
// cost of reading 20,000 issues, and it grows with bytes and with objects; this is a third
// of the bytes of the summary written as an issue.
type StoredAction = [string, Action['kind'], string, string, string | null, string | null, string | null, string?];
type StoredRound = [number, string, Round['result'], number | null, string | null, 0 | 1, Round['compensation']?];
type StoredEvent = [string, string, HistoryEvent['from'], HistoryEvent['to'], HistoryEvent['assignee']?];
interface Stored {
  i: string; // id
  t: string; // title
  s: Issue['status'];
  y: string; // type
  v: Issue['severity'];
  r: string; // reported_at
  c: string; // customer name
  o?: string; // source
  p?: [string | null, string | null, string | null]; // product name, line, component
  oc?: string; // occurred_at
  e?: string; // expected_by
  a?: [string | null, string | null]; // assignee team, person
  cc?: string[];
  d?: [string | null, string | null]; // due response, resolution
  rc?: string; // root cause
  ac?: StoredAction[];
  ap?: Issue['approval'];
  at?: string | null; // acceptance template
  ar?: StoredRound[];
  ax?: [Issue['acceptance']['result'], number | null, number | null]; // acceptance result, score, satisfaction
  k?: [string | null, string | null]; // knowledge root cause, fix
  h: StoredEvent[];
}

/** The summary as written to the index. */
export function storedSummary(issue: Issue): Stored {
  const s = summaryOf(issue);
  const stored: Stored = {
    i: s.id,
    t: s.title,
    s: s.status,
    y: s.type,
    v: s.severity,
    r: s.reported_at,
    c: s.customer.name,
    h: [],
  };
  if (s.source !== null) stored.o = s.source;
  if (s.product.name !== null || s.product.line !== null || s.product.component !== null)
    stored.p = [s.product.name, s.product.line, s.product.component];
  if (s.occurred_at !== null) stored.oc = s.occurred_at;
  if (s.expected_by !== null) stored.e = s.expected_by;
  if (s.assignee.team !== null || s.assignee.person !== null) stored.a = [s.assignee.team, s.assignee.person];
  if (s.cc.length) stored.cc = s.cc;
  if (s.due.response !== null || s.due.resolution !== null) stored.d = [s.due.response, s.due.resolution];
  if (s.rca) stored.rc = s.rca.root_cause;
  if (s.actions.length) {
    stored.ac = s.actions.map((a) => {
      const tuple: StoredAction = [a.id, a.kind, a.who, a.when, a.remove_by, a.done_at, a.withdrawn_at];
      if (a.what) tuple.push(a.what);
      return tuple;
    });
  }
  if (s.approval) stored.ap = s.approval;
  const acc = s.acceptance;
  if (acc.template !== null) stored.at = acc.template;
  if (acc.rounds.length) {
    stored.ar = acc.rounds.map((r) => {
      const tuple: StoredRound = [
        r.round,
        r.at,
        r.result,
        r.customer?.satisfaction ?? null,
        r.customer?.channel ?? null,
        r.customer ? 1 : 0,
      ];
      if (r.compensation) tuple.push(r.compensation);
      return tuple;
    });
  }
  if (acc.result !== null || acc.score !== null || acc.satisfaction !== null)
    stored.ax = [acc.result, acc.score, acc.satisfaction];
  if (s.knowledge) stored.k = [s.knowledge.root_cause, s.knowledge.fix];
  stored.h = s.history.map((e) => {
    const tuple: StoredEvent = [e.at, e.action, e.from, e.to];
    if (e.assignee) tuple.push(e.assignee);
    return tuple;
  });
  return stored;
}

/** The summary as read back: exactly `summaryOf` of the issue, the shape every command
 * expects. Throws on what is not a stored summary (the index then parses the file again). */
export function expandSummary(value: unknown): Issue {
  const s = value as Stored;
  if (typeof s?.i !== 'string' || !Array.isArray(s.h)) throw new Error('not a stored summary');
  const ax = s.ax ?? [null, null, null];
  return {
    id: s.i,
    title: s.t,
    status: s.s,
    type: s.y,
    severity: s.v,
    source: s.o ?? null,
    customer: { name: s.c, contact: null },
    product: s.p ? { name: s.p[0], line: s.p[1], component: s.p[2] } : { name: null, line: null, component: null },
    description: null,
    occurred_at: s.oc ?? null,
    reported_at: s.r,
    expected_by: s.e ?? null,
    attachments: [],
    assignee: s.a ? { team: s.a[0], person: s.a[1] } : { team: null, person: null },
    cc: s.cc ?? [],
    due: s.d
      ? { response: s.d[0], resolution: s.d[1], policy: null }
      : { response: null, resolution: null, policy: null },
    rca: s.rc !== undefined ? rcaOf(s.rc) : null,
    actions: s.ac ? s.ac.map((a) => actionOf(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7] ?? '')) : [],
    approval: s.ap ?? null,
    acceptance: {
      template: s.at ?? null,
      rounds: s.ar ? s.ar.map((r) => roundOf(r[0], r[1], r[2], r[3], r[4], r[5] === 1, r[6] ?? null)) : [],
      result: ax[0],
      score: ax[1],
      satisfaction: ax[2],
    },
    knowledge: s.k ? knowledgeOf(s.k[0], s.k[1]) : null,
    history: s.h.map((e) => eventOf(e[0], e[1], e[2], e[3], e[4] ?? null)),
  };
}
