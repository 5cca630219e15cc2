// `aftersales notify --flush`: send again the notices that could not be delivered.
// `aftersales notify --digest`: to each person, what waits on them today, overdue first (the
// items of `inbox`), for a morning job.
import { join } from 'node:path';
import { allIssues, notifyTrusted, openContext, out, say, type Context, type Globals, type Io } from '../context.js';
import { inbox } from '../domain/inbox.js';
import type { Notice } from '../domain/notify.js';
import { isoInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { deliver, flush } from '../notify/deliver.js';
import { hooksTrusted } from '../notify/trust.js';

export async function run(opts: { flush?: boolean; digest?: boolean }, globals: Globals, io: Io): Promise<number> {
  if (!opts.flush && !opts.digest) throw new AftersalesError('notifyWhat');
  const ctx = await openContext(globals, io);
  if (opts.digest) return digest(ctx);
  const trusted = await hooksTrusted(ctx.store.root, ctx.store.config);
  const outcome = await flush(ctx.store.config, join(ctx.store.paths.runtimeDir, 'outbox'), ctx.now, trusted);
  for (const f of outcome.failures) say(io, t('notifyFailed', { failure: f }));
  say(io, t('notifyFlushed', { delivered: outcome.delivered, queued: outcome.queued }));
  return outcome.queued ? 1 : 0;
}

async function digest(ctx: Context): Promise<number> {
  const { config } = ctx.store;
  const issues = (await allIssues(ctx, 'inbox')).issues;
  const at = isoInZone(ctx.now, config.timezone);
  const notices: Notice[] = [];
  for (const person of config.people) {
    if (person.away) continue;
    const items = inbox(person.id, config, issues, ctx.now);
    if (!items.length) continue;
    const overdue = items.filter((i) => i.overdue).length;
    out(ctx.io, t('digestLine', { person: person.id, count: items.length, overdue }));
    notices.push({
      event: 'digest',
      at,
      by: 'aftersales notify --digest',
      note: null,
      to: [person.id],
      issue: { id: '', title: '', status: '', severity: '', customer: '', assignee: person.id },
      items: items.map((i) => ({ issue: i.issue, kind: i.kind, due: i.due, overdue: i.overdue, what: i.what })),
    });
  }
  if (!notices.length) return 0;
  const outcome = await deliver(
    config,
    notices,
    join(ctx.store.paths.runtimeDir, 'outbox'),
    ctx.now,
    await notifyTrusted(ctx),
  );
  for (const f of outcome.failures) say(ctx.io, t('notifyFailed', { failure: f }));
  return 0;
}
