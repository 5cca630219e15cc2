// `aftersales check`: the CI gate. Overdue items fail the build (exit 1); warnings do
// not. Formats: text (by owner, most overdue first), json, junit, github annotations.
import { matchesWhere, whereOf } from '../domain/fields.js';
import { ownerIdName, span } from '../render/labels.js';
import type { Config } from '../domain/config.js';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allIssues, checkFilters, openContext, out, paint, say, type Globals, type Io } from '../context.js';
import { checkIssue, effectItems, type OverdueItem, type Warning } from '../domain/overdue.js';
import { ownerOf, type Deadline, type CheckFacts } from '../domain/facts.js';
import { isOpen } from '../domain/vocabulary.js';
import { durationMinutes, parseDuration } from '../domain/sla.js';
import { isoInZone, shortInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { githubAnnotation, junit, stepSummary } from '../render/ci.js';
import { columns } from '../render/text.js';
import { formatProblem } from '../store/problem.js';
import type { LoadedYaml } from '../store/yaml.js';
import { repoRelative } from '../store/locate.js';
import { byCodePoint } from '../domain/order.js';

export interface CheckCliOptions {
  warnWithin?: string;
  warnAt?: string;
  format?: string;
  team?: string;
  owner?: string;
  severity?: string;
  where?: string[];
  notify?: boolean;
}

const FORMATS = ['text', 'json', 'junit', 'github'];

function parseWarnAt(value: string | undefined): number[] {
  if (!value) return [];
  return value.split(',').map((part) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(part);
    const n = m ? Number(m[1]) : NaN;
    if (!(n > 0 && n <= 100)) throw new AftersalesError('badWarnAt', { value });
    return n / 100;
  });
}

/** The field an item is about, for an annotation on its line. */
function fieldPath(item: Deadline): (string | number)[] {
  if (item.kind === 'resolution' || item.kind === 'response') return ['due', item.kind];
  if (item.kind === 'approval') return ['approval', 'due'];
  return ['actions', item.index ?? -1, item.kind === 'temporary' ? 'remove_by' : 'when'];
}

function describe(item: OverdueItem | Warning, tz: string, now: Date): string {
  const due = shortInZone(new Date(item.due), tz);
  const kind = t(`check.kind.${item.kind}`);
  const what = item.action ? t('check.kindOf', { kind, action: item.action }) : kind;
  if (item.kind === 'effectiveness')
    return 'reason' in item
      ? t('check.effectReady', { what, due })
      : t('check.effectFailed', { what, due, matching: (item.matching ?? []).join(', ') });
  if ('reason' in item) {
    return item.reason === 'sla-used'
      ? t('check.slaUsed', { what, due, used: Math.round((item.used ?? 0) * 100) })
      : t('check.dueSoon', { what, due, left: span(Date.parse(item.due) - now.getTime()) });
  }
  return t('check.overdueBy', { what, due, late: span(now.getTime() - Date.parse(item.due)) });
}

/** A plan's approval, once per person holding its role (its submitter aside, unless the
 * duties let them approve their own): the approvers are who it waits on. */
function toApprovers<T extends Deadline>(items: T[], f: CheckFacts, config: Config): T[] {
  return items.flatMap((item) => {
    if (item.kind !== 'approval' || !f.waiting.approval) return [item];
    const [pending, , submitter, given = ''] = f.waiting.approval;
    const roles = pending.split(',');
    const people = config.people
      .filter((p) => p.roles.some((r) => roles.includes(r)))
      .filter((p) => (p.id !== submitter || config.duties.self_approval) && !given.split(',').includes(p.id))
      .map((p) => p.id);
    return people.length ? people.map((owner) => ({ ...item, owner })) : [item];
  });
}

/** Most overdue first (ties by issue). */
function sortByDue(items: Deadline[]): void {
  items.sort((a, b) => a.at - b.at || byCodePoint(a.issue, b.issue));
}

export async function run(opts: CheckCliOptions, globals: Globals, io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  if (!FORMATS.includes(format)) throw new AftersalesError('badFormat', { allowed: FORMATS.join(', '), value: format });
  const alsoAnnotate = opts.format === undefined && io.env.GITHUB_ACTIONS === 'true';
  let withinMs: number | null = null;
  if (opts.warnWithin) {
    const d = parseDuration(opts.warnWithin);
    if (!d) throw new AftersalesError('badDuration', { flag: '--warn-within', value: opts.warnWithin });
    withinMs = durationMinutes(d) * 60000;
  }
  const warnAt = parseWarnAt(opts.warnAt);
  const ctx = await openContext(globals, io, { light: true });
  const { store } = ctx;
  const { config } = store;
  checkFilters(opts, config);
  const team = opts.team ? config.teams.find((tm) => tm.id === opts.team) : undefined;
  const { issues, broken } = await allIssues(ctx, 'facts');
  const where = whereOf(opts.where, config);
  const keep = (f: CheckFacts, item: OverdueItem) =>
    matchesWhere(f.fields, where) &&
    (!opts.owner || item.owner === opts.owner) &&
    (!opts.severity || f.severity === opts.severity) &&
    (!team || f.team === team.id || (item.owner !== null && team.members.includes(item.owner)));

  // An issue with no item at all is still a testcase in JUnit when the filters select it.
  const keepIssue = (f: CheckFacts) =>
    matchesWhere(f.fields, where) &&
    (!opts.severity || f.severity === opts.severity) &&
    (!opts.owner || f.person === opts.owner) &&
    (!team || f.team === team.id || team.members.includes(f.person ?? ''));
  const overdue: Deadline[] = [];
  const warnings: Warning[] = [];
  for (const issue of issues) {
    if (issue.effects.length) {
      const r = effectItems(issue, issues, ctx.now, config.timezone);
      overdue.push(...r.overdue.filter((i) => keep(issue, i)));
      warnings.push(...r.warnings.filter((i) => keep(issue, i)));
    }
    if (issue.deadlines.length === 0) continue; // most issues: closed, nothing left to meet
    const r = checkIssue(issue, ctx.now, { withinMs, warnAt });
    overdue.push(...toApprovers(r.overdue, issue, config).filter((i) => keep(issue, i)));
    warnings.push(...toApprovers(r.warnings, issue, config).filter((i) => keep(issue, i)));
  }
  sortByDue(overdue);
  sortByDue(warnings);
  const tz = config.timezone;
  const fileOf = (id: string) => repoRelative(store.paths, store.fileOf(id));
  // the issues flagged, for their titles
  const flaggedIds = new Set([...overdue, ...warnings].map((i) => i.issue));
  const byIssue = new Map<string, CheckFacts>(issues.filter((f) => flaggedIds.has(f.id)).map((f) => [f.id, f]));

  if (format === 'json') {
    const shape = (i: OverdueItem) => ({
      issue: i.issue,
      kind: i.kind,
      due: i.due,
      owner: i.owner,
      action: i.action,
      ...(i.matching ? { matching: i.matching } : {}),
    });
    out(
      io,
      JSON.stringify(
        {
          overdue: overdue.map(shape),
          warnings: warnings.map((w) => ({ ...shape(w), reason: w.reason, threshold: w.threshold, used: w.used })),
        },
        null,
        2,
      ),
    );
  } else if (format === 'junit') {
    const flagged = new Map<string, OverdueItem[]>();
    for (const o of overdue) {
      const items = flagged.get(o.issue);
      if (items) items.push(o);
      else flagged.set(o.issue, [o]);
    }
    // one failing testcase per overdue item (CI servers read only a testcase's first failure),
    // one passing testcase per open issue with none; Jenkins splits a classname at its last dot
    const classname = (owner: string | null) => `aftersales.${(owner ?? 'unassigned').replace(/\./g, '_')}`;
    const cases = issues
      .filter((f) => flagged.has(f.id) || (isOpen(f) && keepIssue(f)))
      .sort((a, b) => byCodePoint(a.id, b.id))
      .flatMap((f) => {
        const items = flagged.get(f.id) ?? [];
        const base = { classname: classname(ownerOf(f)), file: store.fileOf(f.id) };
        if (!items.length) return [{ ...base, name: `${f.id} ${f.title}`, failures: [] }];
        return items.map((o) => ({
          ...base,
          classname: classname(o.owner ?? ownerOf(f)),
          name: `${f.id} ${f.title}: ${o.kind}${o.action ? ` ${o.action}` : ''}`,
          failures: [{ type: o.kind, message: describe(o, tz, ctx.now) }],
        }));
      });
    out(io, junit('aftersales check', cases, isoInZone(ctx.now, 'UTC')));
  } else {
    if (format === 'github' || alsoAnnotate) {
      const { lineOf, loadYaml } = await import('../store/yaml.js');
      const docs = new Map<string, LoadedYaml>();
      const doc = (id: string) => {
        let d = docs.get(id);
        if (!d) docs.set(id, (d = loadYaml(readFileSync(join(store.root, store.fileOf(id)), 'utf8'))));
        return d;
      };
      for (const [level, items] of [
        ['error', overdue],
        ['warning', warnings],
      ] as const) {
        for (const item of items) {
          const line = lineOf(doc(item.issue), fieldPath(item));
          out(
            io,
            githubAnnotation(
              level,
              { file: fileOf(item.issue), line },
              `${item.issue} ${byIssue.get(item.issue)?.title ?? ''}: ${describe(item, tz, ctx.now)}`,
              `aftersales check: ${item.kind}`,
            ),
          );
        }
      }
      // GitHub shows the first ten annotations of a kind; the job's summary lists them all
      const summary = io.env.GITHUB_STEP_SUMMARY;
      if (summary) {
        const row = (mark: string) => (i: OverdueItem | Warning) => [
          mark,
          i.issue,
          byIssue.get(i.issue)?.title ?? '',
          describe(i, tz, ctx.now),
          i.owner ?? '—',
        ];
        const heading = `aftersales check: ${overdue.length} overdue, ${warnings.length} warning(s)`;
        appendFileSync(summary, stepSummary(heading, [...overdue.map(row('❌')), ...warnings.map(row('⚠️'))]));
      }
    }
    if (format === 'text') printText(io, overdue, warnings, byIssue, config, ctx.now);
  }
  if (opts.notify) await (await import('../notify/announce.js')).announceOverdue(ctx, overdue, issues);
  for (const p of broken) say(io, t('check.unjudged', { problem: formatProblem(p) }));
  if (broken.length) return 2;
  return overdue.length ? 1 : 0;
}

function printText(
  io: Io,
  overdue: OverdueItem[],
  warnings: Warning[],
  issues: Map<string, CheckFacts>,
  config: Config,
  now: Date,
): void {
  const c = paint(io);
  const tz = config.timezone;
  const groups = new Map<string, OverdueItem[]>();
  // an owner is a person or, for an issue with no person yet, its team: by name
  for (const item of overdue) {
    const key = item.owner ? ownerIdName(config, item.owner) : t('check.unowned');
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  // owners with the longest-overdue item first
  const owners = [...groups.entries()].sort((a, b) => Date.parse(a[1][0]?.due ?? '') - Date.parse(b[1][0]?.due ?? ''));
  for (const [owner, items] of owners) {
    out(io, c.bold(t('check.group', { owner, count: items.length })));
    const rows = items.map((i) => [i.issue, describe(i, tz, now), issues.get(i.issue)?.title ?? '']);
    out(
      io,
      columns([{ header: '' }, { header: '' }, { header: '', flexible: true }], rows, { maxWidth: io.columns })
        .split('\n')
        .slice(1)
        .map((l) => `  ${c.red(l)}`)
        .join('\n'),
    );
  }
  if (warnings.length) {
    out(io, c.bold(t('check.group', { owner: t('check.warnings'), count: warnings.length })));
    const rows = warnings.map((w) => [
      w.issue,
      w.owner ?? t('check.unowned'),
      describe(w, tz, now),
      issues.get(w.issue)?.title ?? '',
    ]);
    out(
      io,
      columns([{ header: '' }, { header: '' }, { header: '' }, { header: '', flexible: true }], rows, {
        maxWidth: io.columns,
      })
        .split('\n')
        .slice(1)
        .map((l) => `  ${c.yellow(l)}`)
        .join('\n'),
    );
  }
  say(
    io,
    overdue.length || warnings.length
      ? t('check.summary', { overdue: overdue.length, warnings: warnings.length })
      : t('check.clean'),
  );
}
