// `aftersales export [--format csv|jsonl|xlsx] [--out FILE]`, with the filters of `list`: every
// issue, a flat row each (CSV with a BOM so Excel reads Chinese), the whole issue per line, or
// a workbook that `import --history` reads back (../render/xlsx.ts).
import { resolve } from 'node:path';
import { allIssues, checkFilters, openContext, say, write, type Globals, type Io } from '../context.js';
import type { Issue } from '../domain/issue.js';
import { factsOf } from '../domain/facts.js';
import { byCodePoint } from '../domain/order.js';
import { isoInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { locale, t } from '../i18n/index.js';
import { writeFileAtomic } from '../store/files.js';
import { selects, type ListOptions } from './list.js';
import { csvCell } from '../render/csv.js';
import { formatProblem } from '../store/problem.js';

export interface ExportOptions extends ListOptions {
  format?: string;
  out?: string;
}

export const CSV_COLUMNS = [
  'id',
  'title',
  'status',
  'type',
  'severity',
  'source',
  'customer',
  'contact',
  'product',
  'line',
  'component',
  'description',
  'occurred_at',
  'reported_at',
  'expected_by',
  'due_response',
  'due_resolution',
  'team',
  'owner',
  'cc',
  'root_cause',
  'actions',
  'actions_done',
  'accepted_at',
  'acceptance_rounds',
  'acceptance_score',
  'satisfaction',
  'reopened',
] as const;

function row(i: Issue, acc: number | null, tz: string): Record<(typeof CSV_COLUMNS)[number], string | number | null> {
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    type: i.type,
    severity: i.severity,
    source: i.source,
    customer: i.customer.name,
    contact: i.customer.contact,
    product: i.product.name,
    line: i.product.line,
    component: i.product.component,
    description: i.description,
    occurred_at: i.occurred_at,
    reported_at: i.reported_at,
    expected_by: i.expected_by,
    due_response: i.due.response,
    due_resolution: i.due.resolution,
    team: i.assignee.team,
    owner: i.assignee.person,
    cc: i.cc.join(' '),
    root_cause: i.rca?.root_cause ?? null,
    actions: i.actions.length,
    actions_done: i.actions.filter((a) => a.done_at).length,
    accepted_at: acc === null ? null : isoInZone(new Date(acc), tz),
    acceptance_rounds: i.acceptance.rounds.length,
    acceptance_score: i.acceptance.score,
    satisfaction: i.acceptance.satisfaction,
    reopened: i.history.filter((e) => e.action === 'reopen').length,
  };
}

export async function run(opts: ExportOptions, globals: Globals, io: Io): Promise<number> {
  const format = opts.format ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl' && format !== 'xlsx')
    throw new AftersalesError('badFormat', { allowed: 'csv, jsonl, xlsx', value: format });
  if (format === 'xlsx' && !opts.out) throw new AftersalesError('xlsxNeedsOut');
  const ctx = await openContext(globals, io, { light: true });
  checkFilters(opts, ctx.store.config);
  const wanted = selects(opts, ctx.now, ctx.store.config);
  const { issues, broken } = await allIssues(ctx);
  // a file that does not read is named, never dropped in silence (validate says the rest)
  for (const p of broken) say(io, t('exportSkipped', { problem: formatProblem(p) }));
  const chosen = issues.map((issue) => ({ issue, facts: factsOf(issue) })).filter((x) => wanted(x.facts));
  chosen.sort((a, b) => byCodePoint(a.issue.id, b.issue.id));
  const tz = ctx.store.config.timezone;
  if (format === 'xlsx') {
    const { workbook } = await import('../render/xlsx.js');
    const sheets = chosen.map(({ issue, facts }) => ({ issue, acceptedAt: facts.acceptedAt }));
    const bytes = await workbook({ issues: sheets, timeZone: tz, chinese: locale() === 'zh-CN' });
    writeFileAtomic(resolve(globals.cwd, opts.out as string), bytes);
    say(io, t('exported', { count: chosen.length, file: opts.out }));
    return 0;
  }
  const text =
    format === 'csv'
      ? `\uFEFF${[
          CSV_COLUMNS.join(','),
          ...chosen.map(({ issue, facts }) => {
            const r = row(issue, facts.acceptedAt, tz);
            return CSV_COLUMNS.map((c) => csvCell(r[c])).join(',');
          }),
        ].join('\r\n')}\r\n`
      : chosen.map(({ issue }) => `${JSON.stringify(issue)}\n`).join('');
  if (opts.out) {
    writeFileAtomic(resolve(globals.cwd, opts.out), text);
    say(io, t('exported', { count: chosen.length, file: opts.out }));
  } else {
    write(io, 'stdout', text);
  }
  return 0;
}
