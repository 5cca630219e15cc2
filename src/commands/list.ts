// `aftersales list`: one line per issue, filtered; `--json` for scripts.
import {
  allIssues,
  checkFilters,
  openContext,
  out,
  paint,
  say,
  statusLabels,
  type Context,
  type Globals,
  type Io,
} from '../context.js';
import type { StoreScan } from '../store/all.js';
import { STATUSES } from '../domain/vocabulary.js';
import { anyFilter, passes, statusOf, teamOfIssue, type FilterOptions } from '../domain/filters.js';
import { matchesWhere, whereOf } from '../domain/fields.js';
import type { Config } from '../domain/config.js';
import { factsOf, type ListFacts, type OrderFacts } from '../domain/facts.js';
import { isOverdue } from '../domain/overdue.js';
import { dateInZone } from '../domain/time.js';
import { t } from '../i18n/index.js';
import { columns, type Column } from '../render/text.js';
import { formatProblem, type Problem } from '../store/problem.js';
import { issueTexts } from '../store/issue-index.js';
import { progressBar } from '../render/progress.js';
import { ownerName, valueLabel } from '../render/labels.js';
import { byCodePoint } from '../domain/order.js';

export interface ListOptions extends FilterOptions {
  overdue?: boolean;
  where?: string[];
  json?: boolean;
  wide?: boolean;
}

/** `--status` takes a comma list; `open` stands for every status but accepted and cancelled. */
function statusFilter(value: string | undefined): Set<string> | null {
  if (!value) return null;
  const labels = statusLabels();
  const wanted = new Set<string>();
  for (const text of value.split(',')) {
    const s = statusOf(text, labels);
    if (s === 'open') {
      for (const x of STATUSES) if (x !== 'accepted' && x !== 'cancelled') wanted.add(x);
    } else if (s) wanted.add(s);
  }
  return wanted;
}

/** Whether an issue, by its facts, is one that `opts` asks for. */
export function selects(opts: ListOptions, now: Date, config: Config): (f: ListFacts) => boolean {
  const statuses = statusFilter(opts.status);
  const where = whereOf(opts.where, config);
  const teamOf = teamOfIssue(config);
  return (f) =>
    matchesWhere(f.fields, where) &&
    (!statuses || statuses.has(f.status)) &&
    passes(opts, f, teamOf) &&
    (!opts.overdue || isOverdue(f, now));
}

/** Whether `opts` filters at all (else every issue is listed). */
const filters = (opts: ListOptions) => Boolean(opts.status || anyFilter(opts) || opts.overdue || opts.where?.length);

/** Oldest first, ties by ID. */
export const byReported = (a: OrderFacts, b: OrderFacts) => a.reported - b.reported || byCodePoint(a.id, b.id);

export async function run(opts: ListOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io, { light: true });
  checkFilters(opts, ctx.store.config);
  const wanted = selects(opts, ctx.now, ctx.store.config);
  if (opts.json) {
    writeJsonArray(io, await chosenTexts(ctx, filters(opts) ? wanted : null));
    return 0;
  }
  const { issues, broken } = await allIssues(ctx, 'list');
  warnSkipped(io, broken);
  const shown = issues.filter(wanted).sort(byReported);
  if (shown.length === 0) {
    say(io, t('noIssues'));
    return 0;
  }
  const tz = ctx.store.config.timezone;
  const c = paint(io);
  const late = shown.map((f) => isOverdue(f, ctx.now));
  const word = memo((key: string) => t(key as Parameters<typeof t>[0]));
  const typeName = memo((type: string) => valueLabel(ctx.store.config, 'type', type));
  // people and teams by name; --owner and --team still take their ids
  const names = new Map<string, string | null>();
  const owner = (person: string | null, team: string | null) => {
    const key = `${person}/${team}`;
    if (!names.has(key)) names.set(key, ownerName(ctx.store.config, person, team));
    return names.get(key) ?? null;
  };
  const rows = shown.map((f) => [
    f.id,
    word(`status.${f.status}`),
    word(`severity.${f.severity}`),
    typeName(f.type),
    owner(f.person, f.team) ?? word('label.none'),
    f.resolutionDue !== null ? dateInZone(new Date(f.resolutionDue), tz) : word('label.none'),
    f.title,
  ]);
  const header = [
    'label.id',
    'label.status',
    'label.severity',
    'label.type',
    'label.owner',
    'label.due',
    'label.title',
  ] as const;
  out(
    io,
    columns(
      header.map((h, i) => ({ header: t(h).toUpperCase(), ...FIT[i] })),
      rows,
      {
        maxWidth: opts.wide ? undefined : io.columns,
        paint: (text, col, row) =>
          row < 0
            ? c.bold(text)
            : col === 5 && late[row]
              ? c.red(text)
              : col === 2 && shown[row]?.severity === 'critical'
                ? c.red(text)
                : text,
      },
    ),
  );
  return 0;
}

/** How list's columns give way in a narrow terminal (id, status, severity, type, owner, due,
 * title): the type first, then the severity, the due date, the owner and the status; the
 * title, last to give way, keeps at least 12 cells. `--wide` shows every column whole. */
const FIT: Omit<Column, 'header'>[] = [
  {},
  { min: 10, drop: 5 },
  { drop: 2 },
  { min: 8, drop: 1 },
  { min: 8, drop: 4 },
  { drop: 3 },
  { flexible: true },
];

/** `f` remembering its answers: a few words repeat over thousands of rows. */
function memo(f: (key: string) => string): (key: string) => string {
  const seen = new Map<string, string>();
  return (key) => {
    let v = seen.get(key);
    if (v === undefined) seen.set(key, (v = f(key)));
    return v;
  };
}

/** What `--json` prints of each issue chosen (all of them without `wanted`), in list order:
 * the issue's JSON on one line, through the index as it keeps it (see store/issue-index.ts). */
async function chosenTexts(ctx: Context, wanted: ((f: ListFacts) => boolean) | null): Promise<Buffer[]> {
  if (!ctx.store.useIndex) {
    const { issues, broken } = await allIssues(ctx, 'full');
    warnSkipped(ctx.io, broken);
    const shown = issues.map((issue) => ({ issue, facts: factsOf(issue) })).filter((x) => !wanted || wanted(x.facts));
    return shown.sort((a, b) => byReported(a.facts, b.facts)).map((x) => Buffer.from(JSON.stringify(x.issue)));
  }
  const { issues, broken, blobs } = await chosenFacts(ctx, wanted);
  warnSkipped(ctx.io, broken);
  const ids = issues.sort(byReported).map((f) => f.id);
  const bar = progressBar(ctx.io, t('progress.reading'));
  try {
    return await issueTexts(ctx.store, ids, blobs, bar.update);
  } finally {
    bar.done();
  }
}

/** The issues `wanted` chooses, by their facts; without it, all of them, of which only the
 * IDs and times are read (two columns of the facts file). */
async function chosenFacts(ctx: Context, wanted: ((f: ListFacts) => boolean) | null): Promise<StoreScan<OrderFacts>> {
  if (!wanted) return allIssues(ctx, 'order');
  const scan = await allIssues(ctx, 'list');
  return { issues: scan.issues.filter(wanted), broken: scan.broken, blobs: scan.blobs };
}

const warnSkipped = (io: Io, broken: readonly Problem[]) => {
  for (const p of broken) say(io, t('list.skipped', { problem: formatProblem(p) }));
};

/** A JSON array of the texts, an issue a line, written a megabyte at a time: 20,000 issues
 * are 100 MB, and a write per issue into a pipe took seconds of system time. */
function writeJsonArray(io: Io, texts: readonly Buffer[]): void {
  if (texts.length === 0) {
    out(io, '[]');
    return;
  }
  let pieces: Buffer[] = [OPEN];
  let size = OPEN.length;
  for (const [n, text] of texts.entries()) {
    pieces.push(text, n < texts.length - 1 ? COMMA : LAST);
    size += text.length + 2;
    if (size >= CHUNK || n === texts.length - 1) {
      io.stdout.write(Buffer.concat(pieces));
      pieces = [];
      size = 0;
    }
  }
}
const CHUNK = 1 << 20;
const OPEN = Buffer.from('[\n');
const COMMA = Buffer.from(',\n');
const LAST = Buffer.from('\n]\n');
