// `aftersales import FILE.csv|FILE.xlsx [--dry-run] [--map 'Excel列=field']…`: one issue
// per row, dispatched like `new`, in one commit. Any bad row: its row number, column and
// value, exit 2, nothing written.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  allIssues,
  actorOf,
  announce,
  commitChange,
  openContext,
  out,
  say,
  type Globals,
  type Io,
  guardMerges,
} from '../context.js';
import { assign, decide, TeamLoads } from '../domain/dispatch.js';
import { idRandom } from '../clock.js';
import { newId } from '../domain/id.js';
import { FIELDS, mapHeaders, readRows, type Cell, type ImportedRow } from '../domain/import.js';
import { HISTORY_FIELDS, historicIssue } from '../domain/import-history.js';
import type { Issue } from '../domain/issue.js';
import { registerIssue } from '../domain/register.js';
import { breathe, StagedIssues } from '../store/staged.js';
import { isoInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface ImportOptions {
  dryRun?: boolean;
  map?: string[];
  dispatch?: boolean;
  commit?: boolean;
  allowDuplicates?: boolean;
  /** closed and open cases with their past (domain/import-history.ts) */
  history?: boolean;
}

/** What makes two reports one problem: the same customer, title and time it occurred (as an
 * instant: the store's time zone may have changed since). */
const sameProblem = (customer: string, title: string, occurred: number | null) =>
  JSON.stringify([customer.trim(), title.trim(), occurred]);

/** Rows that repeat an issue of the store, or an earlier row: refused unless allowed. */
function duplicates(rows: ImportedRow[], existing: readonly Issue[]) {
  const at = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  const seen = new Map(existing.map((i) => [sameProblem(i.customer.name, i.title, at(i.occurred_at)), i.id]));
  // an export imported again: its rows name the issues by ID
  for (const i of existing) seen.set(i.id, i.id);
  const found: { row: number; of: string }[] = [];
  for (const { row, registration: r, past } of rows) {
    const key = sameProblem(r.customer, r.title, r.occurredAt ? r.occurredAt.getTime() : null);
    const of = (past?.id && seen.get(past.id)) || seen.get(key);
    if (past?.id && !of) seen.set(past.id, t('importRow', { row }));
    if (of) found.push({ row, of });
    else seen.set(key, t('importRow', { row }));
  }
  return found;
}

/** Text in whatever encoding Excel wrote: UTF-8 (with or without BOM), else GB18030 (⊃ GBK). */
export function decodeSpreadsheetText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function readSheetFile(path: string): Promise<Cell[][]> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new AftersalesError('inputFileMissing', { file: path });
  }
  if (/\.xlsx$/i.test(path)) {
    const { readSheet } = await import('read-excel-file/node');
    try {
      return (await readSheet(bytes)) as Cell[][];
    } catch (err) {
      throw new AftersalesError('importUnreadable', {
        file: path,
        reason: err instanceof Error ? err.message : String(err),
      });
    }
  }
  const { parse } = await import('csv-parse/sync');
  try {
    return parse(decodeSpreadsheetText(bytes), { relax_column_count: true, skip_empty_lines: true }) as Cell[][];
  } catch (err) {
    throw new AftersalesError('importUnreadable', {
      file: path,
      reason: err instanceof Error ? err.message.split('\n')[0] : String(err),
    });
  }
}

function parseMap(entries: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const i = e.lastIndexOf('=');
    if (i <= 0) throw new AftersalesError('badMap', { value: e });
    out[e.slice(0, i)] = e.slice(i + 1).trim();
  }
  return out;
}

export async function run(file: string, opts: ImportOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  if (!opts.dryRun) await guardMerges(ctx);
  const { store } = ctx;
  const { config } = store;
  const path = resolve(globals.cwd, file);
  const [header = [], ...body] = await readSheetFile(path);
  const headers = header.map((h) => String(h ?? ''));
  const mapping = mapHeaders(headers, parseMap(opts.map), config.fields, opts.history);
  const known: readonly string[] = opts.history ? [...FIELDS, ...HISTORY_FIELDS] : FIELDS;
  for (const f of Object.values(parseMap(opts.map))) {
    if (!known.includes(f)) throw new AftersalesError('badMap', { value: f });
  }
  if (mapping.ignored.length) say(io, t('importIgnored', { columns: mapping.ignored.join(', ') }));
  const { rows, problems } = readRows(headers, body, mapping, config, ctx.now, opts.history);
  for (const p of problems)
    say(io, t('importRowProblem', { row: p.row, column: p.column, value: p.value, expected: p.expected }));
  if (problems.length)
    throw new AftersalesError('importInvalid', {
      count: problems.length,
      rows: new Set(problems.map((p) => p.row)).size,
    });
  if (rows.length === 0) throw new AftersalesError('importEmpty', { file });

  const actor = await actorOf(ctx);
  const at = isoInZone(ctx.now, config.timezone);
  const plan = (existing: Issue[]) => {
    const loads = new TeamLoads(existing);
    const taken = new Set(existing.map((i) => i.id));
    const random = idRandom(io.env);
    return rows.map(({ registration, past, row }) => {
      // a past case's ID tells when it was reported, so IDs keep sorting by time
      const when = past?.reportedAt ?? ctx.now;
      let id = past?.id && !taken.has(past.id) ? past.id : newId(config.prefix, when, random);
      while (taken.has(id)) id = newId(config.prefix, when, random);
      taken.add(id);
      if (past) {
        const issue = historicIssue(registration, past, id, config, actor, { file: basename(file), row });
        loads.add(issue);
        return issue;
      }
      let issue = registerIssue(registration, id, config, ctx.now, actor);
      if (opts.dispatch !== false) {
        const d = decide(issue, config, () => loads);
        if (d.rule) issue = assign(issue, { ...d, reason: null }, config, at, actor);
      }
      loads.add(issue);
      return issue;
    });
  };

  const refuseDuplicates = (existing: Issue[]) => {
    const repeated = opts.allowDuplicates ? [] : duplicates(rows, existing);
    for (const d of repeated) say(io, t('importDuplicate', { row: d.row, of: d.of }));
    if (repeated.length) throw new AftersalesError('importDuplicates', { count: repeated.length });
  };
  if (opts.dryRun) {
    const existing = (await allIssues(ctx)).issues;
    refuseDuplicates(existing);
    for (const [n, issue] of plan(existing).entries()) {
      out(
        io,
        `${t('importRow', { row: rows[n]?.row ?? '?' })}  ${issue.type}  ${issue.severity}  ${issue.customer.name}  ${issue.title}  → ${issue.assignee.person ?? issue.assignee.team ?? t('label.none')}`,
      );
    }
    say(io, t('importDryRun', { count: rows.length }));
    return 0;
  }
  const issues = await store.locked(async () => {
    const existing = (await allIssues(ctx)).issues;
    refuseDuplicates(existing);
    const created = plan(existing);
    // written aside, then moved in and committed together: an interrupted import leaves nothing
    const staged = new StagedIssues(store);
    const showProgress = io.stderrIsTTY && created.length > 50;
    try {
      for (const [n, issue] of created.entries()) {
        staged.add(issue);
        if (showProgress && (n % 25 === 0 || n === created.length - 1))
          io.stderr.write(`\r${t('importProgress', { done: n + 1, total: created.length })}`);
        if (n % 200 === 199) await breathe(); // Ctrl-C is heard within a moment
      }
    } catch (err) {
      staged.undo();
      throw err;
    }
    if (showProgress) io.stderr.write('\n');
    await staged.land(async (files) => {
      try {
        await commitChange(ctx, {
          issues: created,
          action: `${opts.history ? 'import history' : 'import'} from ${basename(file)}`,
          files,
          commit: opts.commit !== false,
        });
      } catch (err) {
        // the files go away again: there is nothing to finish by hand, only the cause to fix
        if (err instanceof AftersalesError && err.key === 'gitCommitFailed')
          throw new AftersalesError('importNotCommitted', { reason: err.params.reason });
        throw err;
      }
    });
    return created;
  });
  await announce(
    ctx,
    issues.map((after) => ({ before: null, after })),
  );
  for (const issue of issues) out(io, issue.id);
  say(io, t('importDone', { count: issues.length, file: basename(file) }));
  return 0;
}
