// `aftersales inbox`: what waits on me (the git identity), or on `--as PERSON`.
import { allIssues, actorOf, openContext, out, paint, say, type Globals, type Io } from '../context.js';
import { inbox } from '../domain/inbox.js';
import { shortInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { columns } from '../render/text.js';

export interface InboxOptions {
  as?: string;
  json?: boolean;
}

export async function run(opts: InboxOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io, { light: true });
  const { config } = ctx.store;
  const person = opts.as ?? (await actorOf(ctx));
  if (!config.people.some((p) => p.id === person)) {
    throw new AftersalesError(opts.as ? 'unknownPerson' : 'inboxWho', {
      person,
      known: config.people.map((p) => p.id).join(', '),
    });
  }
  const items = inbox(person, config, (await allIssues(ctx, 'inbox')).issues, ctx.now);
  if (opts.json) {
    out(io, JSON.stringify(items, null, 2));
    return 0;
  }
  if (items.length === 0) {
    say(io, t('inboxEmpty', { person }));
    return 0;
  }
  const c = paint(io);
  const tz = config.timezone;
  const rows = items.map((i) => [
    i.due ? shortInZone(new Date(i.due), tz) + (i.overdue ? ` ${t('label.overdue')}` : '') : t('label.none'),
    t(`inbox.${i.kind}`),
    i.issue,
    t(`severity.${i.severity}`),
    i.action ? `${i.action}: ${i.what}` : `${i.what} (${t(`status.${i.status}`)})`,
  ]);
  const headers = ['label.due', 'label.kind', 'label.id', 'label.severity', 'label.what'] as const;
  out(
    io,
    columns(
      headers.map((h, n) => ({ header: t(h).toUpperCase(), flexible: n === headers.length - 1 })),
      rows,
      {
        maxWidth: io.columns,
        paint: (text, col, row) => (row < 0 ? c.bold(text) : col === 0 && items[row]?.overdue ? c.red(text) : text),
      },
    ),
  );
  return 0;
}
