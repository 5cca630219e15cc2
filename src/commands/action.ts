// `aftersales action ID ACTION_ID --done [--evidence E]` / `--withdrawn`.
import { changeIssues, openContext, out, say, type Globals, type Io } from '../context.js';
import { checkActionActor } from '../domain/duties.js';
import { markDone, markWithdrawn } from '../domain/execution.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Config } from '../domain/config.js';
import { holders } from '../domain/people.js';

export interface ActionOptions {
  done?: boolean;
  withdrawn?: boolean;
  evidence?: string;
  /** the result measured against the action's verify */
  measured?: string;
  attach?: string[];
  allowVague?: boolean;
  commit?: boolean;
}

/** The people an issue ready for acceptance waits on: the acceptance role's holders. */
const acceptors = (config: Config) => (config.acceptance.role ? holders(config, config.acceptance.role) : []);

export async function run(
  input: string,
  actionId: string,
  opts: ActionOptions,
  globals: Globals,
  io: Io,
): Promise<number> {
  const ctx = await openContext(globals, io);
  if (Boolean(opts.done) === Boolean(opts.withdrawn)) throw new AftersalesError('actionDoneOrWithdrawn');
  const id = ctx.store.resolve(input);
  const evidence = opts.evidence?.trim() || null;
  const measured = opts.measured?.trim() || null;
  if (opts.measured !== undefined && (!opts.done || !measured)) throw new AftersalesError('measuredNeedsDone');
  if (evidence && !opts.allowVague) {
    const { isBareEvidence, useVagueLists } = await import('../domain/vague.js');
    useVagueLists(ctx.store.root);
    if (isBareEvidence(evidence)) throw new AftersalesError('vagueEvidence', { evidence });
  }
  const [issue] = await changeIssues(
    ctx,
    [id],
    opts.done ? 'action-done' : 'action-withdrawn',
    (current, at, actor) => {
      checkActionActor(current, ctx.store.config, actionId, actor);
      return opts.done
        ? markDone(current, actionId, evidence, at, actor, measured, acceptors(ctx.store.config))
        : markWithdrawn(current, actionId, evidence, at, actor);
    },
    { commit: opts.commit !== false, attach: opts.attach },
  );
  const action = issue?.actions.find((a) => a.id.toLowerCase() === actionId.toLowerCase())?.id ?? actionId;
  out(io, t(opts.done ? 'actionDone' : 'actionWithdrawn', { id, action }));
  if (issue?.status === 'verifying' && issue.history.at(-1)?.action === 'verify') say(io, t('nowVerifying', { id }));
  return 0;
}
