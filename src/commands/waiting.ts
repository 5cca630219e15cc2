// `aftersales wait ID --on customer|supplier|other --reason R` and `aftersales resume ID`.
import { changeIssues, openContext, out, type Globals, type Io } from '../context.js';
import { resumeIssue, waitIssue } from '../domain/waiting.js';
import { shortInZone } from '../domain/time.js';
import { t } from '../i18n/index.js';

interface Options {
  on?: string;
  reason?: string;
  note?: string;
  commit?: boolean;
}

export async function wait(input: string, opts: Options, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const id = ctx.store.resolve(input);
  const change = (issue: Parameters<typeof waitIssue>[0], at: string, by: string) =>
    waitIssue(issue, opts.on ?? '', opts.reason ?? '', at, by);
  await changeIssues(ctx, [id], 'wait', change, { commit: opts.commit !== false });
  out(io, t('waiting', { id, on: t(`waitOn.${opts.on as 'customer'}`) }));
  return 0;
}

export async function resume(input: string, opts: Options, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const { config } = ctx.store;
  const id = ctx.store.resolve(input);
  const [after] = await changeIssues(
    ctx,
    [id],
    'resume',
    (issue, at, by) => resumeIssue(issue, opts.note ?? null, config, at, by),
    { commit: opts.commit !== false },
  );
  const due = after?.due.resolution;
  out(
    io,
    t('resumed', {
      id,
      status: t(`status.${after?.status ?? 'in-progress'}`),
      due: due ? shortInZone(new Date(due), config.timezone) : '—',
    }),
  );
  return 0;
}
