// `aftersales report`: the KPIs a manager decides on — in the terminal, as data (json,
// csv), as Markdown, or as a self-contained HTML page; at any git revision (--at) and
// against another one (--compare).
import { matchesWhere, whereOf } from '../domain/fields.js';
import { labelledReport } from '../render/labels.js';
import { basename, resolve } from 'node:path';
import { checkFilters, paint, say, write, type Context, type Globals, type Io } from '../context.js';
import {
  computeReport,
  DIMENSIONS,
  headlineFigures,
  previousPeriod,
  sampleSize,
  type Dimension,
  type Period,
  type Report,
  type ReportShape,
} from '../domain/kpi.js';
import { passes, teamOfIssue, type FilterOptions } from '../domain/filters.js';
import { openSources, readSources } from './report-sources.js';
import type { Config } from '../domain/config.js';
import { factsOf, type ReportFacts } from '../domain/facts.js';
import { isoInZone, isValidTimeZone, parseDateInput } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Comparison } from '../render/report.js';
import { writeFileAtomic } from '../store/files.js';

export interface ReportOptions extends FilterOptions {
  since?: string;
  until?: string;
  by?: string;
  format?: string;
  out?: string;
  at?: string;
  compare?: string;
  where?: string[];
  trend?: string;
  weight?: string;
  currency?: string;
  store?: string[];
  timezone?: string;
}

const FORMATS = ['table', 'json', 'csv', 'markdown', 'html'];

/** The Pareto's shape from --by (one dimension, or two for a cross-tab), --weight and --currency. */
function shapeOf(opts: ReportOptions, config: Config, format: string): ReportShape {
  const known = [...DIMENSIONS, ...config.fields.map((f) => `field:${f.id}`)];
  const by = (opts.by ?? 'type').split(',').map((d) => d.trim()) as Dimension[];
  if (by.length > 2) throw new AftersalesError('tooManyDimensions', { value: opts.by });
  for (const d of by)
    if (!known.includes(d)) throw new AftersalesError('badDimension', { known: known.join(', '), value: d });
  if (by[0] === by[1]) throw new AftersalesError('sameDimensionTwice', { value: by[0] });
  const weight = opts.weight ?? 'count';
  if (weight !== 'count' && weight !== 'cost') throw new AftersalesError('badWeight', { value: weight });
  if (opts.currency !== undefined && weight !== 'cost') throw new AftersalesError('currencyWithoutCost');
  if (opts.trend !== undefined && opts.trend !== 'month') throw new AftersalesError('badTrend', { value: opts.trend });
  const trend = opts.trend === 'month' || format === 'html' ? ('month' as const) : undefined;
  return { by, weight, ...(opts.currency ? { currency: opts.currency } : {}), ...(trend ? { trend } : {}) };
}

/** The timezone of the period and the months: --timezone, else the (first) store's. Stores
 * in several zones are reported in one, and the reader is told which. */
function reportingZone(opts: ReportOptions, contexts: readonly Context[], io: Io): (config: Config) => Config {
  const { timezone } = opts;
  if (timezone !== undefined) {
    if (!isValidTimeZone(timezone)) throw new AftersalesError('badTimezone', { value: timezone });
    return (config) => ({ ...config, timezone });
  }
  // one store: nothing to compare (the first Intl of a process costs it ~10 ms)
  if (contexts.length < 2) return (config) => config;
  // UTC and Etc/UTC are one zone
  const canonical = (zone: string) => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  const zones = [...new Set(contexts.map((c) => canonical(c.store.config.timezone)))];
  if (zones.length > 1) say(io, t('report.zones', { zone: zones[0], zones: zones.join(', ') }));
  return (config) => config;
}

export async function run(opts: ReportOptions, globals: Globals, io: Io): Promise<number> {
  const format = opts.format ?? (opts.out?.endsWith('.html') ? 'html' : 'table');
  if (!FORMATS.includes(format)) throw new AftersalesError('badFormat', { allowed: FORMATS.join(', '), value: format });
  if (opts.store?.length && (opts.at || opts.compare)) throw new AftersalesError('storeWithRevision');
  const contexts = await openSources(opts.store ?? [], globals, io);
  const ctx = contexts[0] as Context;
  const { store } = ctx;
  const zoned = reportingZone(opts, contexts, io);
  const configs = contexts.map((c) => zoned(c.store.config));
  const shape = shapeOf(opts, configs[0] as Config, format);
  const where = whereOf(opts.where, store.config);
  for (const config of configs) checkFilters(opts, config);

  const periodFor = (config: Config): Period => {
    const date = (flag: string, value: string | undefined, endOfDay: boolean) => {
      if (!value) return null;
      const d = parseDateInput(value, config.timezone, { endOfDay });
      if (!d) throw new AftersalesError('badDate', { flag, value });
      return d;
    };
    const period = { since: date('--since', opts.since, false), until: date('--until', opts.until, true) };
    if (period.since && period.until && period.since > period.until)
      throw new AftersalesError('reversedPeriod', { since: opts.since, until: opts.until });
    return period;
  };
  for (const config of configs) periodFor(config); // a bad or reversed date fails before anything is read
  const chosen = (issues: readonly ReportFacts[], config: Config) => {
    const teamOf = teamOfIssue(config);
    return issues.filter((f) => passes(opts, f, teamOf) && (!where.length || matchesWhere(f.fields, where)));
  };
  const reportOf = (issues: readonly ReportFacts[], config: Config, now: Date, period = periodFor(config)) =>
    computeReport(chosen(issues, config), config, period, now, shape);

  let report: Report;
  let now = ctx.now;
  let config = store.config;
  let previous: Report | undefined;
  if (opts.at) {
    const past = await (await import('../store/at-revision.js')).storeAtRevision(store.paths, opts.at);
    now = past.date;
    config = zoned(past.config);
    report = reportOf(past.issues.map(factsOf), config, now);
  } else {
    const sources = await readSources(contexts, io, globals.cwd);
    config = zoned(sources.config);
    report = reportOf(sources.issues, config, now);
    if (sources.stores.length) report.stores = sources.stores;
    const before = previousPeriod(periodFor(config), now, config.timezone);
    if (before && format === 'html') previous = reportOf(sources.issues, config, before.until as Date, before);
  }
  // the other formats say it in the report itself
  if (report.weight.left_out && (format === 'json' || format === 'csv'))
    say(io, t('report.leftOut', { n: report.weight.left_out, currency: report.weight.currency ?? '—' }));
  const given = filtersGiven(opts);
  if (given) report.filters = given;
  let compare: Comparison | undefined;
  if (opts.compare) {
    const then = await (await import('../store/at-revision.js')).storeAtRevision(store.paths, opts.compare);
    const before = reportOf(then.issues.map(factsOf), zoned(then.config), then.date);
    compare = comparison(opts.compare, before, report);
  } else if (previous) {
    compare = comparison(t('kpi.previousPeriod'), previous, report);
  }

  let text: string;
  // the renderers (and cli-table3) are loaded only for the formats that need them
  switch (format) {
    case 'json':
      text = `${JSON.stringify(opts.compare && compare ? { ...report, compare } : report, null, 2)}\n`;
      break;
    case 'csv':
      text = (await import('../render/report-text.js')).renderCsv(report);
      break;
    case 'markdown':
      text = (await import('../render/report-text.js')).renderMarkdown(
        labelledReport(report, config),
        opts.compare ? compare : undefined,
      );
      break;
    case 'html': {
      const { renderHtml } = await import('../render/report-html.js');
      text = renderHtml(
        labelledReport(report, config),
        { store: report.stores?.join(' · ') ?? basename(store.root), generatedAt: isoInZone(now, config.timezone) },
        compare,
      );
      break;
    }
    default:
      text = `${(await import('../render/report.js')).renderTable(labelledReport(report, config), paint(io, opts.out ? 'stderr' : 'stdout'), opts.compare ? compare : undefined)}\n`;
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

/** Each headline figure then and now. */
function comparison(rev: string, before: Report, after: Report): Comparison {
  const nowFigures = headlineFigures(after);
  return {
    rev,
    figures: headlineFigures(before).map((f, i) => {
      const v = nowFigures[i]?.value ?? null;
      const change = v === null || f.value === null ? null : v - f.value;
      const [nThen, nNow] = [sampleSize(before, f.name), sampleSize(after, f.name)];
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON key of the earlier figure (report --compare)
      const n = nThen === null || nNow === null ? {} : { n: { then: nThen, now: nNow } };
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON key of the earlier figure (report --compare)
      return { name: f.name, then: f.value, now: v, change, ...n };
    }),
  };
}

const FILTERS = ['owner', 'team', 'type', 'severity', 'customer', 'product', 'line', 'component'] as const;

/** The filters given, for the report to say what it is over. */
function filtersGiven(opts: ReportOptions): Record<string, string> | null {
  const given: Record<string, string> = {};
  for (const k of FILTERS) if (opts[k]) given[k] = opts[k] as string;
  if (opts.where?.length) given.where = opts.where.join(', ');
  return Object.keys(given).length ? given : null;
}
