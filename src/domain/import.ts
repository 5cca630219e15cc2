// Import from the Excel tracker (seed 1 opens on it): rows become registrations. Headers
// are `new`'s flag names or their Chinese labels; values are read the way spreadsheets and
// people write them. Every row is checked before anything is written.
import type { Config } from './config.js';
import type { SEVERITIES } from './vocabulary.js';
import type { Registration } from './register.js';
import { dateInZone, instantOf, parseDateInput } from './time.js';
import { expectedOf, parseField, type FieldDef, type FieldValue } from './fields.js';
import { HISTORY_FIELDS, HISTORY_LABELS, readPast, type HistoryField, type Past } from './import-history.js';

export type Cell = string | number | boolean | Date | null | undefined;

export const FIELDS = [
  'title',
  'type',
  'severity',
  'customer',
  'contact',
  'product',
  'line',
  'component',
  'description',
  'source',
  'occurred-at',
  'expected-by',
] as const;
export type Field = (typeof FIELDS)[number];

export const LABELS: Record<string, Field> = {
  标题: 'title',
  类型: 'type',
  问题类型: 'type',
  严重程度: 'severity',
  紧急程度: 'severity',
  客户: 'customer',
  客户名称: 'customer',
  联系方式: 'contact',
  联系人: 'contact',
  产品: 'product',
  产品线: 'line',
  部件: 'component',
  描述: 'description',
  问题描述: 'description',
  来源: 'source',
  发生时间: 'occurred-at',
  期望解决时间: 'expected-by',
  客户期望解决时间: 'expected-by',
};

const SEVERITY_WORDS: Record<string, (typeof SEVERITIES)[number]> = {
  critical: 'critical',
  紧急: 'critical',
  严重: 'critical',
  致命: 'critical',
  特急: 'critical',
  high: 'high',
  高: 'high',
  medium: 'medium',
  中: 'medium',
  一般: 'medium',
  normal: 'medium',
  low: 'low',
  低: 'low',
  轻微: 'low',
};

const TYPE_WORDS: Record<string, string> = {
  软件缺陷: 'software-bug',
  软件故障: 'software-bug',
  软件bug: 'software-bug',
  软件问题: 'software-bug',
  bug: 'software-bug',
  硬件: 'hardware',
  硬件故障: 'hardware',
  硬件问题: 'hardware',
  服务: 'service',
  服务问题: 'service',
  使用: 'usage',
  使用问题: 'usage',
  操作问题: 'usage',
  其他: 'other',
  其它: 'other',
};

export interface RowProblem {
  row: number;
  column: string;
  value: string;
  expected: string;
}

export interface Mapping {
  /** for each column of the sheet, the field it fills (or null: ignored) */
  fields: (Field | HistoryField | null)[];
  /** for each column, the config's own field it fills, by its id or a label */
  custom: (FieldDef | null)[];
  ignored: string[];
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, '-');

/** Which field each header names: --map entries first, then flag names, then Chinese labels. */
export function mapHeaders(
  headers: string[],
  extra: Record<string, string>,
  own: readonly FieldDef[] = [],
  history = false,
): Mapping {
  const custom = new Map(Object.entries(extra).map(([k, v]) => [norm(k), v as Field]));
  const known: readonly string[] = history ? [...FIELDS, ...HISTORY_FIELDS] : FIELDS;
  const labels: Record<string, string> = history ? { ...LABELS, ...HISTORY_LABELS } : LABELS;
  const fields = headers.map((h) => {
    const key = norm(h);
    const mapped =
      custom.get(key) ??
      known.find((f) => f === key || f.replaceAll('-', '') === key.replaceAll('-', '')) ??
      labels[h.trim()];
    return (mapped as Field | HistoryField | undefined) ?? null;
  });
  const theirs = headers.map((h, i) =>
    fields[i] !== null
      ? null
      : (own.find((f) => [f.id, f.label.en, f.label['zh-CN']].some((name) => name && norm(name) === norm(h))) ?? null),
  );
  return {
    fields,
    custom: theirs,
    ignored: headers.filter((h, i) => fields[i] === null && !theirs[i] && h.trim() !== ''),
  };
}

/** A cell as text. The ' that every CSV the tool writes puts before a leading = + - @, tab or
 * CR (so that no spreadsheet runs it) is taken off again: an export imports as it was. */
const text = (c: Cell) =>
  (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c))
    .trim()
    .replace(/^'(?=[=+\-@\t\r])/, '');

/** A spreadsheet date: a cell Excel typed as a date (wall time, read as UTC), or text. */
export function spreadsheetDate(c: Cell, timeZone: string, endOfDay: boolean): Date | null {
  if (c instanceof Date) {
    const t = new Date(Math.round(c.getTime() / 1000) * 1000);
    const bare = t.getUTCHours() === 0 && t.getUTCMinutes() === 0 && t.getUTCSeconds() === 0;
    return instantOf(
      {
        year: t.getUTCFullYear(),
        month: t.getUTCMonth() + 1,
        day: t.getUTCDate(),
        hour: bare && endOfDay ? 23 : t.getUTCHours(),
        minute: bare && endOfDay ? 59 : t.getUTCMinutes(),
        second: bare && endOfDay ? 59 : t.getUTCSeconds(),
      },
      timeZone,
    );
  }
  const s = text(c).replace(/年|月/g, '-').replace(/日/g, ' ').replace(/[/.]/g, '-').replace(/\s+/g, ' ').trim();
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec] = m;
    const iso = `${y}-${(mo as string).padStart(2, '0')}-${(d as string).padStart(2, '0')}${h ? ` ${h.padStart(2, '0')}:${mi}${sec ? `:${sec}` : ''}` : ''}`;
    return parseDateInput(iso, timeZone, { endOfDay });
  }
  return parseDateInput(text(c), timeZone, { endOfDay });
}

export function severityOf(value: string): string | null {
  return SEVERITY_WORDS[value.trim().toLowerCase()] ?? null;
}

export function typeOf(value: string, config: Config): string | null {
  const v = value.trim();
  const direct = config.types.find((t) => t.toLowerCase() === v.toLowerCase());
  if (direct) return direct;
  const word = TYPE_WORDS[v.toLowerCase()];
  return word && config.types.includes(word) ? word : null;
}

export interface ImportedRow {
  row: number;
  registration: Registration;
  /** with --history: what the row says of the case's past */
  past?: Past;
}

/** Read every row; problems are collected, never thrown, so all of them can be shown. */
export function readRows(
  headers: string[],
  rows: Cell[][],
  mapping: Mapping,
  config: Config,
  now: Date,
  history = false,
): { rows: ImportedRow[]; problems: RowProblem[] } {
  const out: ImportedRow[] = [];
  const problems: RowProblem[] = [];
  const column = (f: Field | HistoryField) => mapping.fields.indexOf(f);
  const tz = config.timezone;
  rows.forEach((cells, i) => {
    if (cells.every((c) => text(c) === '')) return;
    const row = i + 2; // the header is row 1, as in the spreadsheet
    const get = (f: Field | HistoryField): Cell => (column(f) >= 0 ? cells[column(f)] : undefined);
    const bad = (f: Field | HistoryField, expected: string) =>
      problems.push({ row, column: headers[column(f)] ?? f, value: text(get(f)), expected });
    for (const f of ['title', 'type', 'severity', 'customer'] as const) {
      if (!text(get(f))) bad(f, 'a value (required)');
    }
    for (const name of config.required) {
      const f = name.replace('_', '-') as Field;
      const catalogued = f === 'line' && config.products.find((p) => p.name === text(get('product')))?.line;
      if (!text(get(f)) && !catalogued)
        problems.push({
          row,
          column: headers[column(f)] ?? f,
          value: '',
          expected: 'a value (required by the config)',
        });
    }
    const fields: Record<string, FieldValue> = {};
    mapping.custom.forEach((def, k) => {
      if (!def || !text(cells[k])) return;
      const cell = cells[k];
      const value =
        def.type === 'date' && cell instanceof Date
          ? dateInZone(spreadsheetDate(cell, tz, false) as Date, tz)
          : parseField(def, text(cell), tz);
      if (value === null)
        problems.push({ row, column: headers[k] ?? def.id, value: text(cell), expected: expectedOf(def) });
      else fields[def.id] = value;
    });
    for (const def of config.fields)
      if (def.required && fields[def.id] === undefined && !problems.some((p) => p.row === row && p.column === def.id))
        problems.push({ row, column: def.id, value: '', expected: 'a value (required by the config)' });
    for (const f of mapping.fields) if (f && text(get(f)).includes('\0')) bad(f, 'text without a NUL character');
    if (/[\r\n]/.test(text(get('title')))) bad('title', 'one line (the rest belongs in the description)');
    const type = text(get('type')) ? typeOf(text(get('type')), config) : null;
    if (text(get('type')) && !type) bad('type', `one of ${config.types.join(', ')}`);
    const severity = text(get('severity')) ? severityOf(text(get('severity'))) : null;
    if (text(get('severity')) && !severity) bad('severity', 'one of critical, high, medium, low (or 紧急, 高, 中, 低)');
    const date = (f: 'occurred-at' | 'expected-by') => {
      if (!text(get(f))) return null;
      const d = spreadsheetDate(get(f) ?? null, tz, f === 'expected-by');
      if (!d) bad(f, 'a date such as 2026-11-23, 2026/11/23 14:30 or 2026年11月23日');
      return d;
    };
    const occurredAt = date('occurred-at');
    if (occurredAt && occurredAt > now) bad('occurred-at', 'a time not in the future');
    const expectedBy = date('expected-by');
    const source = text(get('source')) || null;
    if (source && !config.sources.includes(source)) bad('source', `one of ${config.sources.join(', ')}`);
    const past = history
      ? readPast(
          {
            text: (f) => text(get(f)),
            date: (f) => {
              if (!text(get(f))) return null;
              const d = spreadsheetDate(get(f) ?? null, tz, false);
              if (!d) bad(f, 'a date such as 2026-11-23, 2026/11/23 14:30 or 2026年11月23日');
              return d ?? undefined;
            },
            bad,
          },
          config,
          now,
          occurredAt,
        )
      : undefined;
    out.push({
      row,
      ...(past ? { past } : {}),
      registration: {
        title: text(get('title')),
        type: type ?? '',
        severity: severity ?? '',
        customer: text(get('customer')),
        contact: text(get('contact')) || null,
        product: text(get('product')) || null,
        line: text(get('line')) || null,
        component: text(get('component')) || null,
        description: text(get('description')) || null,
        source,
        occurredAt,
        expectedBy,
        fields,
      },
    });
  });
  return { rows: out, problems };
}
