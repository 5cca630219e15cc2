// `aftersales report`: the KPIs a manager decides on — in the terminal, as data (json,
// csv), as Markdown, or as a self-contained HTML page; at any git revision (--at) and
// against another one (--compare).
import { matchesWhere, whereOf } from '../domain/fields.js';
import { labelledReport } from '../render/labels.js';
import { basename, resolve } from 'node:path';
import { allIssues, openContext, paint, say, write, type Globals, type Io } from '../context.js';
import { computeReport, DIMENSIONS, headlineFigures, type Dimension, type Period, type Report } from '../domain/kpi.js';
import type { Config } from '../domain/config.js';
import { factsOf, type ReportFacts } from '../domain/facts.js';
import { isoInZone, parseDateInput } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Comparison } from '../render/report.js';
import { writeFileAtomic } from '../store/files.js';

export interface ReportOptions {
  since?: string;
  until?: string;
  by?: string;
  format?: string;
  out?: string;
  at?: string;
  compare?: string;
  where?: string[];
}

const FORMATS = ['table', 'json', 'csv', 'markdown', 'html'];

export async function run(opts: ReportOptions, globals: Globals, io: Io): Promise<number> {
  const format = opts.format ?? (opts.out?.endsWith('.html') ? 'html' : 'table');
  if (!FORMATS.includes(format)) throw new AftersalesError('badFormat', { allowed: FORMATS.join(', '), value: format });
  const by = (opts.by ?? 'type') as Dimension;
  const ctx = await openContext(globals, io, { light: true });
  const { store } = ctx;
  const dims = [...DIMENSIONS, ...store.config.fields.map((f) => `field:${f.id}`)];
  if (!dims.includes(by)) throw new AftersalesError('badDimension', { known: dims.join(', '), value: opts.by });
  const where = whereOf(opts.where, store.config);

  const periodFor = (config: Config): Period => {
    const date = (flag: string, value: string | undefined, endOfDay: boolean) => {
      if (!value) return null;
      const d = parseDateInput(value, config.timezone, { endOfDay });
      if (!d) throw new AftersalesError('badDate', { flag, value });
      return d;
    };
    return { since: date('--since', opts.since, false), until: date('--until', opts.until, true) };
  };
  const reportOf = (issues: readonly ReportFacts[], config: Config, now: Date) =>
    computeReport(
      where.length ? issues.filter((f) => matchesWhere(f.fields, where)) : issues,
      config,
      periodFor(config),
      now,
      by,
    );

  let report: Report;
  let now = ctx.now;
  if (opts.at) {
    const past = await (await import('../store/at-revision.js')).storeAtRevision(store.paths, opts.at);
    now = past.date;
    report = reportOf(past.issues.map(factsOf), past.config, now);
  } else {
    const { issues, broken } = await allIssues(ctx, 'counts');
    if (broken.length)
      say(io, t('check.unjudged', { problem: `${broken.length} file(s); aftersales validate lists them` }));
    report = reportOf(issues, store.config, now);
  }
  let compare: Comparison | undefined;
  if (opts.compare) {
    const then = await (await import('../store/at-revision.js')).storeAtRevision(store.paths, opts.compare);
    const before = reportOf(then.issues.map(factsOf), then.config, then.date);
    const nowFigures = headlineFigures(report);
    compare = {
      rev: opts.compare,
      figures: headlineFigures(before).map((f, i) => {
        const v = nowFigures[i]?.value ?? null;
        // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON key of the earlier figure (report --compare)
        return { name: f.name, then: f.value, now: v, change: v === null || f.value === null ? null : v - f.value };
      }),
    };
  }

  let text: string;
  // the renderers (and cli-table3) are loaded only for the formats that need them
  switch (format) {
    case 'json':
      text = `${JSON.stringify(compare ? { ...report, compare } : report, null, 2)}\n`;
      break;
    case 'csv':
      text = (await import('../render/report.js')).renderCsv(report);
      break;
    case 'markdown':
      text = (await import('../render/report.js')).renderMarkdown(labelledReport(report, store.config), compare);
      break;
    case 'html': {
      const { renderHtml } = await import('../render/report-html.js');
      text = renderHtml(
        labelledReport(report, store.config),
        { store: basename(store.root), generatedAt: isoInZone(now, store.config.timezone) },
        compare,
      );
      break;
    }
    default:
      text = `${(await import('../render/report.js')).renderTable(labelledReport(report, store.config), paint(io, opts.out ? 'stderr' : 'stdout'), compare)}\n`;
  }
  if (opts.out) {
    const file = resolve(globals.cwd, opts.out);
    writeFileAtomic(file, text);
    say(io, t('reportWritten', { file }));
  } else {
    write(io, 'stdout', text);
  }
  return 0;
}
