// `aftersales plan ID`: attach the root-cause analysis and the corrective actions, from
// --file plan.yaml or interactively; then either request approval or start the work.
import { useVagueLists } from '../domain/vague.js';
import { resolve } from 'node:path';
import { changeIssues, openContext, out, say, type Globals, type Io } from '../context.js';
import { applyPlan, holders, type Plan, type PlanOutcome } from '../domain/plan.js';
import { isoInZone, shortInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { loadPlanFile } from '../store/plan-file.js';

export interface PlanOptions {
  file?: string;
  allowVague?: boolean;
  commit?: boolean;
}

export async function run(input: string, opts: PlanOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const { store } = ctx;
  const id = store.resolve(input);
  useVagueLists(store.root);
  const tz = store.config.timezone;
  let plan: Plan;
  let draft: { discard(): void } | null = null;
  if (opts.file) {
    plan = loadPlanFile(resolve(globals.cwd, opts.file), opts.file, tz);
  } else if (io.stdinIsTTY) {
    const { askPlan } = await import('./plan-prompts.js');
    const { Draft } = await import('./prompt-draft.js');
    // every answer is kept as it is given: Ctrl-C loses nothing, the next run resumes
    const answers = await Draft.open(store.paths.runtimeDir, `plan-${id}`, io, isoInZone(ctx.now, tz));
    draft = answers;
    plan = await askPlan(store.read(id).issue, store.config, answers, Boolean(opts.allowVague));
  } else {
    throw new AftersalesError('missingFlag', { flag: '--file plan.yaml' });
  }
  let outcome: PlanOutcome | null = null;
  const [issue] = await changeIssues(
    ctx,
    [id],
    'plan',
    (current, at, actor) => {
      outcome = applyPlan(current, plan, store.config, at, actor, Boolean(opts.allowVague));
      return outcome.issue;
    },
    { commit: opts.commit !== false },
  );
  const done = outcome as PlanOutcome | null;
  if (!issue || !done) return 2;
  draft?.discard();
  if (done.vague.length) say(io, t('planVagueAllowed', { actions: done.vague.map((v) => v.action).join(', ') }));
  if (done.late.length && issue.due.resolution) {
    say(io, t('planLate', { actions: done.late.join(', '), due: shortInZone(new Date(issue.due.resolution), tz) }));
  }
  const role = issue.approval?.role;
  const next =
    issue.status === 'awaiting-approval' && role
      ? t('planNextApproval', { role, people: holders(store.config, role).join(', ') })
      : t('planNextStart');
  out(io, t('planSaved', { id: issue.id, count: plan.actions.length, next }));
  return 0;
}
