// Whether an issue's state is what its history says: the status is where the last status
// change took it, an accepted issue passed its last round, and every action is done (or
// withdrawn) exactly when an event says so. A hand edit of `status: accepted` or of an
// action's `done_at` parses fine; this is what `validate` finds it by.
import type { HistoryEvent, Issue } from './issue.js';

export interface Inconsistency {
  path: (string | number)[];
  found: unknown;
  expected: string;
}

/** The event a status change or an action's mark belongs to, latest by time (file order on ties). */
function latest(history: readonly HistoryEvent[], keep: (e: HistoryEvent) => boolean): [HistoryEvent, number] | null {
  let best: [HistoryEvent, number] | null = null;
  history.forEach((e, i) => {
    if (keep(e) && (!best || Date.parse(e.at) >= Date.parse(best[0].at))) best = [e, i];
  });
  return best;
}

/** The action an action-done / action-withdrawn event is about (older events name it in the note). */
const actionOf = (e: HistoryEvent): string | null =>
  typeof e.action_id === 'string' ? e.action_id : (/^([^:\s]+)/.exec(e.note ?? '')?.[1] ?? null);

/** Where the status moves take the issue, in the history's order (the order the commands
 * appended them; the merge driver orders merged events by time): a move made from a status the
 * issue had already left — on a clone that had not yet seen an earlier move, merged in since —
 * does not apply. So a cancel followed on another clone by a plan made from the old status
 * leaves the issue cancelled. The deciding move and its index, or null. */
export function replayStatus(history: readonly { at: string; from?: unknown; to?: unknown }[]) {
  const order = history.map((e, i) => [e, i] as const).filter(([e]) => typeof e.to === 'string');
  let current: [(typeof order)[number][0], number] | null = null;
  for (const [e, i] of order) if (!current || e.from === null || e.from === current[0].to) current = [e, i];
  return current;
}

export function inconsistencies(issue: Issue): Inconsistency[] {
  const out: Inconsistency[] = [];
  const move = replayStatus(issue.history);
  if (move && move[0].to !== issue.status)
    out.push({
      path: ['status'],
      found: issue.status,
      expected: `"${String(move[0].to)}", where its status changes (the last that applies: history[${move[1]}]) took it`,
    });
  // accepted by a passed round: the one the deciding accept recorded (a round failed on another
  // clone that had not seen the acceptance may follow it)
  const deciding = move?.[0] as HistoryEvent | undefined;
  const passed = (at: string | undefined) => issue.acceptance.rounds.some((r) => r.at === at && r.result === 'pass');
  if (
    issue.status === 'accepted' &&
    !(deciding?.action === 'accept' ? passed(deciding.at) : passed(issue.acceptance.rounds.at(-1)?.at))
  )
    out.push({ path: ['status'], found: issue.status, expected: 'a status other than accepted: no passed last round' });
  // since the last plan: a re-plan replaces actions, and the marks made before it with them
  const planned = latest(issue.history, (e) => e.action === 'plan')?.[1] ?? -1;
  const marks = (kind: string) =>
    issue.history.flatMap((e, i) => (e.action === kind && i > planned ? [[e, i] as const] : []));
  for (const [kind, field] of [
    ['action-done', 'done_at'],
    ['action-withdrawn', 'withdrawn_at'],
  ] as const) {
    const events = marks(kind);
    issue.actions.forEach((a, i) => {
      const at = a[field];
      if (at && !marked(issue, kind, a.id, at))
        out.push({ path: ['actions', i, field], found: at, expected: `the time of the ${kind} event of ${a.id}` });
    });
    for (const [e, j] of events) {
      const a = issue.actions.find((x) => x.id === actionOf(e));
      // marked: at this event's time, or at another's for it (two clones marked it apart)
      const mark = a?.[field];
      if (!mark || (mark !== e.at && !events.some(([x]) => actionOf(x) === a?.id && x.at === mark)))
        out.push({
          path: ['history', j],
          found: `${kind} ${actionOf(e) ?? '?'} at ${e.at}`,
          expected: `action ${actionOf(e) ?? '?'} with ${field} ${e.at}, as this event says`,
        });
    }
  }
  return out;
}

/** An event of `kind` marks action `id` at `at` (before the last plan too: an action kept
 * through a re-plan keeps its mark). */
const marked = (issue: Issue, kind: string, id: string, at: string) =>
  issue.history.some((e) => e.action === kind && actionOf(e) === id && e.at === at);
