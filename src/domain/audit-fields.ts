// What a commit may change in an issue file, and in the config. A field of an issue changes
// only through an event appended in the same commit whose action makes that change (a hand
// edit of `status` or of a score has none); an acceptance round, once recorded, never
// changes; the parts of the config that say who may do what change only by an admin.
import { canonical } from './merge.js';

type Obj = Record<string, unknown>;

/** The fields each event's action may change, besides the history it is appended to. */
const EVENT_FIELDS: Record<string, readonly string[]> = {
  dispatch: ['status', 'assignee', 'cc'],
  reassign: ['assignee', 'cc'],
  plan: ['status', 'rca', 'actions', 'approval'],
  'request-approval': ['status', 'approval'],
  start: ['status', 'approval'],
  approve: ['status', 'approval'],
  'approve-level': ['approval'],
  reject: ['status', 'approval'],
  'action-done': ['actions'],
  'action-withdrawn': ['actions'],
  verify: ['status'],
  accept: ['status', 'acceptance', 'knowledge'],
  'accept-failed': ['status', 'acceptance'],
  reopen: ['status'],
  cancel: ['status'],
  'recompute-due': ['due'],
  reclassify: ['type', 'severity', 'product', 'due', 'fields'],
  wait: ['status'],
  resume: ['status', 'due'],
  effect: ['actions'],
};

export interface FieldFinding {
  field: string;
  rule: string;
}

/** The fields changed between two versions of an issue that no appended event explains. */
export function unexplainedChanges(before: Obj, after: Obj, added: readonly Obj[]): FieldFinding[] {
  const allowed = new Set(added.flatMap((e) => EVENT_FIELDS[String(e.action)] ?? []));
  const out: FieldFinding[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (field === 'history' || canonical(before[field]) === canonical(after[field])) continue;
    if (!allowed.has(field)) {
      const makers = Object.keys(EVENT_FIELDS).filter((a) => EVENT_FIELDS[a]?.includes(field));
      out.push({
        field,
        rule: makers.length
          ? `changed without an event that changes it (${makers.join(', ')})`
          : 'set at registration; no event changes it',
      });
    } else if (field === 'status' && !added.some((e) => e.to === after.status)) {
      out.push({ field, rule: `changed to ${String(after.status)}, where no appended event moves it` });
    }
  }
  return out;
}

/** Acceptance rounds of `before` that `after` holds changed or has lost. A round may only move
 * to a later number, in order, when rounds appended beside it (a rebase of two clones' rounds)
 * sort before it in time: its content, number aside, never changes. */
export function rewrittenRounds(before: Obj, after: Obj): FieldFinding[] {
  const rounds = (o: Obj) => ((o.acceptance as Obj | undefined)?.rounds as unknown[] | undefined) ?? [];
  const content = (r: unknown) => canonical(r && typeof r === 'object' ? { ...(r as Obj), round: null } : r);
  const now = rounds(after);
  const time = (r: unknown) => Date.parse(String((r as Obj | null)?.at));
  const numbered = now.every((r, i) => (r as Obj | null)?.round === i + 1 && !(time(now[i - 1]) > time(r)));
  let from = 0;
  return rounds(before).flatMap((r, i) => {
    if (canonical(r) === canonical(now[i])) {
      from = i + 1;
      return [];
    }
    const found = numbered ? now.findIndex((x, j) => j >= from && content(x) === content(r)) : -1;
    if (found >= 0) {
      from = found + 1;
      return [];
    }
    return [{ field: `acceptance.rounds[${i}]`, rule: 'a recorded acceptance round never changes' }];
  });
}

/** The parts of the config that say who may do what. */
export const GUARDED = ['people', 'teams', 'approval', 'duties', 'acceptance', 'notify'] as const;

export function guardedChanges(before: Obj, after: Obj): string[] {
  return GUARDED.filter((k) => canonical(before[k]) !== canonical(after[k]));
}
