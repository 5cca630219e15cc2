// `aftersales approve ID` / `aftersales reject ID --comment C`: decide a plan that needs
// approval; only someone holding the approval rule's role may.
import { changeIssues, openContext, out, type Globals, type Io } from '../context.js';
import { decideApproval, pendingRoles } from '../domain/approval.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface DecideOptions {
  comment?: string;
  commit?: boolean;
}

export async function run(
  decision: 'approved' | 'rejected',
  input: string,
  opts: DecideOptions,
  globals: Globals,
  io: Io,
): Promise<number> {
  const ctx = await openContext(globals, io);
  if (decision === 'rejected' && !opts.comment?.trim()) throw new AftersalesError('commentRequired');
  const id = ctx.store.resolve(input);
  let by = '';
  const [after] = await changeIssues(
    ctx,
    [id],
    decision === 'approved' ? 'approve' : 'reject',
    (issue, at, actor) => {
      by = actor;
      return decideApproval(issue, decision, opts.comment?.trim() || null, ctx.store.config, at, actor);
    },
    { commit: opts.commit !== false },
  );
  const approval = after?.approval;
  if (after?.status === 'awaiting-approval' && approval) {
    const role = approval.given.at(-1)?.role ?? '';
    out(io, t('approvedLevel', { id, by, role, next: pendingRoles(approval).join(', ') }));
    return 0;
  }
  out(io, t(decision === 'approved' ? 'approved' : 'rejected', { id, by }));
  return 0;
}
