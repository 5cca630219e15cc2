// The interactive side of `new`: ask for what the flags did not give.
import { expectedOf, fieldLabel, parseField, type FieldValue } from '../domain/fields.js';
import type { Io } from '../context.js';
import { productLines } from '../domain/people.js';
import type { Config } from '../domain/config.js';
import { SEVERITIES } from '../domain/vocabulary.js';
import { parseDateInput } from '../domain/time.js';
import { locale, t } from '../i18n/index.js';
import { askChoice, askText } from '../prompts.js';
import type { NewOptions } from './new.js';

export async function askRegistration(
  given: NewOptions,
  fields: Record<string, FieldValue>,
  config: Config,
  io: Io,
): Promise<Partial<NewOptions> & { fields: Record<string, FieldValue> }> {
  const answers: Partial<NewOptions> = {};
  const needs = (name: Config['required'][number]) => config.required.includes(name);
  const optional = { value: '', name: t('promptNone') };
  // a required field offers no "(none)"
  const noneFor = (name: Config['required'][number]) => (needs(name) ? [] : [optional]);
  const none = optional;
  answers.title = given.title?.trim() || (await askText(io, { message: t('promptTitle'), required: true }));
  answers.type =
    given.type ||
    (await askChoice(
      io,
      t('promptType'),
      config.types.map((ty) => ({ value: ty, name: ty })),
    ));
  answers.severity =
    given.severity ||
    (await askChoice(
      io,
      t('promptSeverity'),
      // the value as typed beside its label, once where they are the same word (English)
      SEVERITIES.map((s) => ({ value: s, name: t(`severity.${s}`) === s ? s : `${s}  ${t(`severity.${s}`)}` })),
      'medium',
    ));
  answers.customer = given.customer?.trim() || (await askText(io, { message: t('promptCustomer'), required: true }));
  if (given.contact === undefined)
    answers.contact = await askText(io, { message: t('promptContact'), required: needs('contact') });
  if (given.product === undefined) {
    answers.product = config.products.length
      ? await askChoice(io, t('promptProduct'), [
          ...noneFor('product'),
          ...config.products.map((p) => ({ value: p.name, name: p.line ? `${p.name}  (${p.line})` : p.name })),
        ])
      : await askText(io, { message: t('promptProduct'), required: needs('product') });
  }
  const catalogued = config.products.find((p) => p.name === answers.product);
  if (given.line === undefined && !catalogued?.line) {
    const lines = productLines(config);
    answers.line = lines.length
      ? await askChoice(io, t('promptLine'), [...noneFor('line'), ...lines.map((l) => ({ value: l, name: l }))])
      : await askText(io, { message: t('promptLine'), required: needs('line') });
  }
  if (given.component === undefined) {
    const components = catalogued?.components ?? [];
    answers.component = components.length
      ? await askChoice(io, t('promptComponent'), [
          ...noneFor('component'),
          ...components.map((c) => ({ value: c, name: c })),
        ])
      : await askText(io, { message: t('promptComponent'), required: needs('component') });
  }
  if (given.failureMode === undefined && config.failure_modes.length) {
    const lang = locale();
    answers.failureMode = await askChoice(io, t('new.failureMode'), [
      none,
      ...config.failure_modes.map((m) => ({ value: m.id, name: m.label[lang] ? `${m.label[lang]}  (${m.id})` : m.id })),
    ]);
  }
  if (given.description === undefined)
    answers.description = await askText(io, { message: t('promptDescription'), required: needs('description') });
  if (given.expectedBy === undefined) {
    answers.expectedBy = await askText(io, {
      message: t('promptExpectedBy'),
      required: needs('expected_by'),
      check: (v) => (parseDateInput(v, config.timezone) ? null : t('promptBadDate')),
    });
  }
  return { ...answers, fields: { ...fields, ...(await askFields(fields, config, io)) } };
}

/** The config's own fields the flags left out: required ones and those marked `ask`. */
async function askFields(
  given: Record<string, FieldValue>,
  config: Config,
  io: Io,
): Promise<Record<string, FieldValue>> {
  const out: Record<string, FieldValue> = {};
  const lang = locale();
  for (const def of config.fields) {
    if (given[def.id] !== undefined || !(def.required || def.ask)) continue;
    const message = fieldLabel(def, lang);
    const choices =
      def.type === 'enum'
        ? (def.values ?? []).map((v) => ({ value: v, name: v }))
        : def.type === 'bool'
          ? [
              { value: 'yes', name: t('answer.yes') },
              { value: 'no', name: t('answer.no') },
            ]
          : null;
    const none = def.required ? [] : [{ value: '', name: t('promptNone') }];
    const raw = choices
      ? await askChoice(io, message, [...none, ...choices])
      : await askText(io, {
          message,
          required: def.required,
          check: (v) =>
            !v.trim() || parseField(def, v, config.timezone) !== null
              ? null
              : t('promptFieldBad', { expected: expectedOf(def) }),
        });
    const value = parseField(def, raw, config.timezone);
    if (value !== null) out[def.id] = value;
  }
  return out;
}
