// `aftersales list`: one line per issue, filtered; `--json` for scripts.
import { allIssues, openContext, out, paint, say, type Globals, type Io } from '../context.js';
import { STATUSES } from '../domain/vocabulary.js';
import type { Issue } from '../domain/issue.js';
import { isOverdue, owner } from '../domain/overdue.js';
import { dateInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { columns } from '../render/text.js';
import { formatProblem } from '../store/problem.js';
import { byCodePoint } from '../domain/order.js';

export interface ListOptions {
  status?: string;
  owner?: string;
  team?: string;
  type?: string;
  severity?: string;
  customer?: string;
  overdue?: boolean;
  json?: boolean;
}

/** `--status` takes a comma list; `open` stands for every status but accepted and cancelled. */
function statusFilter(value: string | undefined): Set<string> | null {
  if (!value) return null;
  const wanted = new Set<string>();
  for (const s of value.split(',').map((x) => x.trim())) {
    if (s === 'open') STATUSES.filter((x) => x !== 'accepted' && x !== 'cancelled').forEach((x) => wanted.add(x));
    else if ((STATUSES as readonly string[]).includes(s)) wanted.add(s);
    else throw new AftersalesError('unknownStatus', { status: s, known: ['open', ...STATUSES].join(', ') });
  }
  return wanted;
}

export function filterIssues(issues: Issue[], opts: ListOptions, now: Date): Issue[] {
  const statuses = statusFilter(opts.status);
  return issues.filter(
    (i) =>
      (!statuses || statuses.has(i.status)) &&
      (!opts.owner || i.assignee.person === opts.owner) &&
      (!opts.team || i.assignee.team === opts.team) &&
      (!opts.type || i.type === opts.type) &&
      (!opts.severity || i.severity === opts.severity) &&
      (!opts.customer || i.customer.name.includes(opts.customer)) &&
      (!opts.overdue || isOverdue(i, now)),
  );
}

export async function run(opts: ListOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io, { light: true });
  const { issues, broken } = await allIssues(ctx, opts.json ? 'full' : 'summary');
  for (const p of broken) say(io, `warning: skipped ${formatProblem(p)}`);
  const shown = byReportedAt(filterIssues(issues, opts, ctx.now));
  if (opts.json) {
    writeJsonArray(io, shown);
    return 0;
  }
  if (shown.length === 0) {
    say(io, t('noIssues'));
    return 0;
  }
  const tz = ctx.store.config.timezone;
  const c = paint(io);
  const late = shown.map((i) => isOverdue(i, ctx.now));
  const word = memo((key: string) => t(key as Parameters<typeof t>[0]));
  const rows = shown.map((i) => [
    i.id,
    word(`status.${i.status}`),
    word(`severity.${i.severity}`),
    i.type,
    owner(i) ?? word('label.none'),
    i.due.resolution ? dateInZone(new Date(i.due.resolution), tz) : word('label.none'),
    i.title,
  ]);
  const header = ['label.id', 'label.status', 'label.severity', 'label.type', 'label.owner', 'label.due', 'label.title'] as const;
  out(
    io,
    columns(
      header.map((h, i) => ({ header: t(h).toUpperCase(), flexible: i === header.length - 1 })),
      rows,
      {
        maxWidth: io.columns,
        paint: (text, col, row) =>
          row < 0 ? c.bold(text) : col === 5 && late[row] ? c.red(text) : col === 2 && shown[row]?.severity === 'critical' ? c.red(text) : text,
      },
    ),
  );
  return 0;
}

/** `f` remembering its answers: a few words repeat over thousands of rows. */
function memo(f: (key: string) => string): (key: string) => string {
  const seen = new Map<string, string>();
  return (key) => {
    let v = seen.get(key);
    if (v === undefined) seen.set(key, (v = f(key)));
    return v;
  };
}

/** Oldest first (ties by ID); each time parsed once, not at every comparison. */
function byReportedAt(issues: Issue[]): Issue[] {
  const keyed = issues.map((issue) => ({ issue, at: Date.parse(issue.reported_at) }));
  keyed.sort((a, b) => a.at - b.at || byCodePoint(a.issue.id, b.issue.id));
  return keyed.map((k) => k.issue);
}

/** The bytes of JSON.stringify(items, null, 2), written an item at a time: 20,000 issues
 * as one string took 1.2 GB. */
function writeJsonArray(io: Io, items: readonly unknown[]): void {
  if (items.length === 0) {
    out(io, '[]');
    return;
  }
  io.stdout.write('[\n');
  items.forEach((item, n) => {
    const text = JSON.stringify(item, null, 2).replaceAll('\n', '\n  ');
    io.stdout.write(`  ${text}${n < items.length - 1 ? ',' : ''}\n`);
  });
  io.stdout.write(']\n');
}
