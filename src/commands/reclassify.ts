// `aftersales reclassify ID [--type T] [--severity S] [--product P] --reason R [--redispatch]`.
import { allIssues, changeIssues, openContext, out, type Globals, type Io } from '../context.js';
import { assign, decide } from '../domain/dispatch.js';
import type { Issue } from '../domain/issue.js';
import { reclassifyIssue, type Reclassification } from '../domain/reclassify.js';
import { t } from '../i18n/index.js';
import { givenFields } from '../domain/fields.js';

export interface ReclassifyOptions extends Omit<Reclassification, 'fields'> {
  field?: string[];
  reason?: string;
  redispatch?: boolean;
  commit?: boolean;
}

export async function run(input: string, opts: ReclassifyOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const { store } = ctx;
  const id = store.resolve(input);
  // a team's strategy may weigh the other issues: read them before the lock
  const others: readonly Issue[] = opts.redispatch ? (await allIssues(ctx)).issues.filter((i) => i.id !== id) : [];
  const [after] = await changeIssues(
    ctx,
    [id],
    'reclassify',
    (issue, at, actor) => {
      const wanted = { ...opts, fields: givenFields(opts.field ?? [], store.config) };
      const next = reclassifyIssue(issue, wanted, opts.reason ?? '', store.config, at, actor);
      if (!opts.redispatch) return next;
      const d = decide(next, store.config, () => others);
      const same = d.person === next.assignee.person && d.team === next.assignee.team;
      return d.rule && !same
        ? assign(next, { ...d, reason: opts.reason?.trim() ?? null }, store.config, at, actor)
        : next;
    },
    { commit: opts.commit !== false },
  );
  out(io, t('reclassified', { id, type: after?.type ?? '', severity: after?.severity ?? '' }));
  return 0;
}
