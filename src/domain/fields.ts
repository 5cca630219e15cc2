// The plant's own form: `fields:` in the config (serial number, warranty, machine hours…) and
// the built-in fields it requires. Values are typed from what a person or a spreadsheet writes;
// `--where id=value` filters on them. Pure: the config and the values in, problems out.
import type { Config } from './config.js';
import type { Issue } from './issue.js';
import { dateInZone, parseDateInput } from './time.js';
import { AftersalesError } from '../errors.js';

export type FieldDef = Config['fields'][number];
export type FieldValue = string | number | boolean;
export type Requirable = Config['required'][number];

const YES = new Set(['true', 'yes', 'y', '1', '是', '有', '对']);
const NO = new Set(['false', 'no', 'n', '0', '否', '无', '不']);

/** What a field of this kind takes, in words (for errors and validate). */
export function expectedOf(def: FieldDef): string {
  switch (def.type) {
    case 'number':
      return 'a number';
    case 'date':
      return 'a date such as 2026-11-23';
    case 'enum':
      return `one of ${(def.values ?? []).join(', ')}`;
    case 'bool':
      return 'yes or no (true/false, 是/否)';
    default:
      return 'a text';
  }
}

/** A value typed from text (a flag, a cell, an answer); null when it is not one of its kind. */
export function parseField(def: FieldDef, raw: string, timeZone: string): FieldValue | null {
  const text = raw.trim();
  if (!text) return null;
  switch (def.type) {
    case 'number': {
      const n = Number(text.replace(/,/g, ''));
      return Number.isFinite(n) && /^[-+]?[\d,]*\.?\d+(e[-+]?\d+)?$/i.test(text) ? n : null;
    }
    case 'date': {
      const d = parseDateInput(text.replace(/年|月/g, '-').replace(/日$/, '').replace(/[/.]/g, '-'), timeZone);
      return d ? dateInZone(d, timeZone) : null;
    }
    case 'enum':
      return def.values?.includes(text) ? text : null;
    case 'bool':
      return YES.has(text.toLowerCase()) ? true : NO.has(text.toLowerCase()) ? false : null;
    default:
      return text;
  }
}

/** Whether a stored value is of its field's kind. */
export function validValue(def: FieldDef, v: unknown): boolean {
  switch (def.type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
    case 'enum':
      return typeof v === 'string' && (def.values ?? []).includes(v);
    case 'bool':
      return typeof v === 'boolean';
    default:
      return typeof v === 'string' && v.trim() !== '';
  }
}

export const fieldLabel = (def: FieldDef, locale: 'en' | 'zh-CN'): string =>
  def.label[locale] ?? def.label.en ?? def.label['zh-CN'] ?? def.id;

/** Where each built-in requirable field lives in an issue, and the `new` flag that sets it. */
export const BUILT_IN: Record<Requirable, { path: string[]; flag: string }> = {
  contact: { path: ['customer', 'contact'], flag: '--contact' },
  occurred_at: { path: ['occurred_at'], flag: '--occurred-at' },
  product: { path: ['product', 'name'], flag: '--product' },
  line: { path: ['product', 'line'], flag: '--line' },
  component: { path: ['product', 'component'], flag: '--component' },
  description: { path: ['description'], flag: '--description' },
  expected_by: { path: ['expected_by'], flag: '--expected-by' },
  source: { path: ['source'], flag: '--source' },
};

export interface FieldProblem {
  path: string[];
  found: unknown;
  expected: string;
}

/** An issue's fields against the config: unknown ids, values of the wrong kind, and what the
 * store requires (its own fields and the built-in ones) but the issue lacks. */
export function fieldProblems(issue: Issue, config: Config): FieldProblem[] {
  const out: FieldProblem[] = [];
  const defs = new Map(config.fields.map((f) => [f.id, f]));
  const given = issue.fields ?? {};
  for (const [id, v] of Object.entries(given)) {
    const def = defs.get(id);
    if (!def)
      out.push({
        path: ['fields', id],
        found: id,
        expected: `a field of the config (${[...defs.keys()].join(', ') || 'none'})`,
      });
    else if (!validValue(def, v)) out.push({ path: ['fields', id], found: v, expected: expectedOf(def) });
  }
  for (const def of config.fields)
    if (def.required && given[def.id] === undefined)
      out.push({ path: ['fields'], found: undefined, expected: `a value for ${def.id} (required by the config)` });
  for (const name of config.required) {
    const { path } = BUILT_IN[name];
    const value = path.reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], issue);
    if (value === null || value === undefined || value === '')
      out.push({ path: path.slice(0, 1), found: value ?? null, expected: `${name} (required by the config)` });
  }
  return out;
}

/** `--where id=value…`, checked against the config: [field, typed value] pairs. */
export function parseWhere(
  where: readonly string[],
  config: Config,
): { ok: [string, FieldValue][] } | { bad: { value: string; expected: string } } {
  const ok: [string, FieldValue][] = [];
  for (const w of where) {
    const at = w.indexOf('=');
    const [id, raw] = at > 0 ? [w.slice(0, at).trim(), w.slice(at + 1)] : [w.trim(), ''];
    const def = config.fields.find((f) => f.id === id);
    if (!def)
      return {
        bad: {
          value: w,
          expected: `id=value with a field of the config (${config.fields.map((f) => f.id).join(', ') || 'none'})`,
        },
      };
    const value = parseField(def, raw, config.timezone);
    if (value === null) return { bad: { value: w, expected: `${id}=${expectedOf(def)}` } };
    ok.push([id, value]);
  }
  return { ok };
}

export const matchesWhere = (fields: Record<string, FieldValue> | null | undefined, where: [string, FieldValue][]) =>
  where.every(([id, v]) => fields?.[id] === v);

/** A flag's `id=value…` as typed pairs; a field the config lacks, or a value of the wrong kind, is exit 2. */
function typedPairs(flag: string, given: readonly string[], config: Config): [string, FieldValue][] {
  const parsed = parseWhere(given, config);
  if ('bad' in parsed) throw new AftersalesError('badField', { flag, ...parsed.bad });
  return parsed.ok;
}

/** `--where id=value…`, for the filters. */
export const whereOf = (where: readonly string[] | undefined, config: Config) =>
  typedPairs('--where', where ?? [], config);

/** `--field id=value…`, the values to set. */
export const givenFields = (given: readonly string[], config: Config): Record<string, FieldValue> =>
  Object.fromEntries(typedPairs('--field', given, config));

/** The JSON Schema of an issue file for editors, with the config's own fields by kind (the
 * shipped schema allows any plain values there). */
export function storeSchema(shipped: string, config: Pick<Config, 'fields'>): string {
  if (!config.fields.length) return shipped;
  const schema = JSON.parse(shipped) as { properties: Record<string, unknown> };
  const kind = (f: FieldDef): Record<string, unknown> => {
    const title = f.label.en ?? f.label['zh-CN'] ?? f.id;
    switch (f.type) {
      case 'number':
        return { title, type: 'number' };
      case 'date':
        return { title, type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
      case 'enum':
        return { title, enum: f.values ?? [] };
      case 'bool':
        return { title, type: 'boolean' };
      default:
        return { title, type: 'string', minLength: 1 };
    }
  };
  schema.properties.fields = {
    type: 'object',
    properties: Object.fromEntries(config.fields.map((f) => [f.id, kind(f)])),
    required: config.fields.filter((f) => f.required).map((f) => f.id),
    additionalProperties: false,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
