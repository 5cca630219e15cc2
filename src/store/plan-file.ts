// Reading plan.yaml: the schema of CONTRACT, with every problem located in the file, and
// dates in the forms people write (a bare date means the end of that day).
import * as z from 'zod/mini';
import '../domain/zod-messages.js';
import { ACTION_KINDS, Effectiveness, Rca } from '../domain/issue.js';
import type { Plan } from '../domain/plan.js';
import { isoInZone, parseDateInput } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { fieldName } from './problems.js';
import { locate } from './yaml.js';
import { readValidated } from './yaml-file.js';

const text = () => z.string({ error: 'a text' }).check(z.minLength(1, { error: 'a non-empty text' }));
const date = () => z.union([z.string(), z.date()], { error: 'a date such as 2026-11-25 or 2026-11-25T18:00:00+08:00' });

export const PlanAction = z.object({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'an action id such as T1 or P1' })),
  kind: z.enum(ACTION_KINDS),
  what: text(),
  who: z.string({ error: 'exactly one person id' }).check(z.minLength(1, { error: 'exactly one person id' })),
  when: date(),
  verify: text(),
  remove_by: z.optional(date()),
  target: z.optional(z.object({ kind: z.enum(['sop', 'backlog']), ref: text() })),
  effectiveness: z.optional(z.pick(Effectiveness, { after: true, watch: true, threshold: true })),
});

export const PlanFile = z.object({
  rca: Rca,
  actions: z.array(PlanAction).check(z.minLength(1, { error: 'at least one action' })),
});

export function loadPlanFile(path: string, shownAs: string, timeZone: string): Plan {
  const { data, loaded } = readValidated(path, shownAs, PlanFile, 'planFileInvalid');
  const toIso = (value: string | Date, path: (string | number)[]): string => {
    const d = value instanceof Date ? value : parseDateInput(value, timeZone, { endOfDay: true });
    if (!d) {
      const at = locate(loaded, path);
      throw new AftersalesError('planFileInvalid', {
        location: `${shownAs}:${at.line}:${at.column}`,
        field: fieldName(path),
        found: JSON.stringify(value),
        expected: 'a date such as 2026-11-25 or 2026-11-25T18:00:00+08:00',
      });
    }
    return isoInZone(d, timeZone);
  };
  return {
    rca: data.rca,
    actions: data.actions.map((a, i) => ({
      id: a.id,
      kind: a.kind,
      what: a.what,
      who: a.who,
      verify: a.verify,
      when: toIso(a.when, ['actions', i, 'when']),
      remove_by: a.remove_by === undefined ? null : toIso(a.remove_by, ['actions', i, 'remove_by']),
      target: a.target ?? null,
      ...(a.effectiveness ? { effectiveness: a.effectiveness } : {}),
    })),
  };
}
