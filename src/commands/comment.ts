// `aftersales comment ID TEXT` and `aftersales cancel ID --reason R`: history events.
import { changeIssues, openContext, out, type Globals, type Io } from '../context.js';
import { transition } from '../domain/status.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface NoteOptions {
  reason?: string;
  commit?: boolean;
  attach?: string[];
}

export async function comment(
  input: string,
  words: string[],
  opts: NoteOptions,
  globals: Globals,
  io: Io,
): Promise<number> {
  const ctx = await openContext(globals, io);
  const text = words.join(' ').trim();
  if (!text) throw new AftersalesError('emptyComment');
  const id = ctx.store.resolve(input);
  await changeIssues(
    ctx,
    [id],
    'comment',
    (issue, at, actor) =>
      transition(issue, 'comment', at, actor, {
        note: text,
        notify: [issue.assignee.person, ...issue.cc].filter((p): p is string => Boolean(p) && p !== actor),
      }),
    { commit: opts.commit !== false, attach: opts.attach },
  );
  out(io, t('commented', { id }));
  return 0;
}

export async function cancel(input: string, opts: NoteOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  if (!opts.reason?.trim()) throw new AftersalesError('reasonNeeded', { command: 'cancel' });
  const id = ctx.store.resolve(input);
  await changeIssues(
    ctx,
    [id],
    'cancel',
    (issue, at, actor) =>
      transition(issue, 'cancel', at, actor, {
        note: opts.reason?.trim(),
        notify: [issue.assignee.person, ...issue.cc].filter((p): p is string => Boolean(p)),
      }),
    { commit: opts.commit !== false },
  );
  out(io, t('cancelled', { id }));
  return 0;
}
