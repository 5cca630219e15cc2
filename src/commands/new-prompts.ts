// The interactive side of `new`: ask for what the flags did not give.
import { expectedOf, fieldLabel, parseField, type FieldValue } from '../domain/fields.js';
import type { Io } from '../context.js';
import { productLines } from '../domain/people.js';
import type { Config } from '../domain/config.js';
import { SEVERITIES } from '../domain/vocabulary.js';
import { parseDateInput } from '../domain/time.js';
import { locale, t } from '../i18n/index.js';
import { askChoice, askText } from '../prompts.js';
import { AftersalesError } from '../errors.js';
import type { NewOptions } from './new.js';

/** Typed in place of a product of the catalogue. */
const OTHER = '\u0000other';

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
  const date = (v: string) => (parseDateInput(v, config.timezone) ? null : t('promptBadDate'));
  const catalogued = () => config.products.find((p) => p.name === answers.product);
  // each question the flags left open, in order; the review can ask one again
  const questions: [keyof NewOptions, () => Promise<string>][] = [];
  const ask = (key: keyof NewOptions, open: boolean, q: () => Promise<string>) => {
    if (open) questions.push([key, q]);
  };
  ask('title', !given.title?.trim(), () => askText(io, { message: t('promptTitle'), required: true }));
  ask('type', !given.type, () =>
    askChoice(
      io,
      t('promptType'),
      config.types.map((ty) => ({ value: ty, name: ty })),
      answers.type,
    ),
  );
  ask('severity', !given.severity, () =>
    askChoice(
      io,
      t('promptSeverity'),
      // the value as typed beside its label, once where they are the same word (English)
      SEVERITIES.map((s) => ({ value: s, name: t(`severity.${s}`) === s ? s : `${s}  ${t(`severity.${s}`)}` })),
      answers.severity ?? 'medium',
    ),
  );
  ask('customer', !given.customer?.trim(), () => askText(io, { message: t('promptCustomer'), required: true }));
  ask('contact', given.contact === undefined, () =>
    askText(io, { message: t('promptContact'), required: needs('contact') }),
  );
  ask('product', given.product === undefined, async () => {
    if (!config.products.length) return askText(io, { message: t('promptProduct'), required: needs('product') });
    const picked = await askChoice(io, t('promptProduct'), [
      ...noneFor('product'),
      ...config.products.map((p) => ({ value: p.name, name: p.line ? `${p.name}  (${p.line})` : p.name })),
      { value: OTHER, name: t('promptOtherProduct') },
    ]);
    // one outside the catalogue is taken as typed (new says so once it is registered)
    return picked === OTHER ? askText(io, { message: t('promptProductName'), required: true }) : picked;
  });
  ask('line', given.line === undefined, async () => {
    if (catalogued()?.line) return '';
    const lines = productLines(config);
    return lines.length
      ? askChoice(io, t('promptLine'), [...noneFor('line'), ...lines.map((l) => ({ value: l, name: l }))])
      : askText(io, { message: t('promptLine'), required: needs('line') });
  });
  ask('component', given.component === undefined, async () => {
    const components = catalogued()?.components ?? [];
    return components.length
      ? askChoice(io, t('promptComponent'), [
          ...noneFor('component'),
          ...components.map((c) => ({ value: c, name: c })),
        ])
      : askText(io, { message: t('promptComponent'), required: needs('component') });
  });
  ask('failureMode', given.failureMode === undefined && config.failure_modes.length > 0, () => {
    const lang = locale();
    return askChoice(io, t('new.failureMode'), [
      optional,
      ...config.failure_modes.map((m) => ({ value: m.id, name: m.label[lang] ? `${m.label[lang]}  (${m.id})` : m.id })),
    ]);
  });
  ask('description', given.description === undefined, () =>
    askText(io, { message: t('promptDescription'), required: needs('description') }),
  );
  ask('source', given.source === undefined && config.sources.length > 0, () =>
    askChoice(io, t('promptSource'), [optional, ...config.sources.map((v) => ({ value: v, name: v }))]),
  );
  ask('occurredAt', given.occurredAt === undefined, () => askText(io, { message: t('promptOccurredAt'), check: date }));
  ask('expectedBy', given.expectedBy === undefined, () =>
    askText(io, { message: t('promptExpectedBy'), required: needs('expected_by'), check: date }),
  );
  for (const [key, q] of questions) answers[key] = (await q()) as never;
  const own = { ...fields, ...(await askFields(fields, config, io)) };
  await review({ ...given, ...answers }, own, questions, answers, io);
  return { ...answers, fields: own };
}

/** The registration as it will be written, then save, change an answer, or discard. */
async function review(
  all: Partial<NewOptions>,
  fields: Record<string, FieldValue>,
  questions: [keyof NewOptions, () => Promise<string>][],
  answers: Partial<NewOptions>,
  io: Io,
): Promise<void> {
  const shown: [keyof NewOptions, string][] = [
    ['title', 'promptTitle'],
    ['type', 'promptType'],
    ['severity', 'promptSeverity'],
    ['customer', 'promptCustomer'],
    ['contact', 'promptContact'],
    ['product', 'promptProduct'],
    ['line', 'promptLine'],
    ['component', 'promptComponent'],
    ['failureMode', 'new.failureMode'],
    ['description', 'promptDescription'],
    ['source', 'promptSource'],
    ['occurredAt', 'promptOccurredAt'],
    ['expectedBy', 'promptExpectedBy'],
  ];
  const name = (key: string) =>
    t(key as Parameters<typeof t>[0])
      .replace(/[（(].*$/, '')
      .trim();
  for (;;) {
    const lines = shown.flatMap(([key, label]) => {
      const v = all[key];
      return typeof v === 'string' && v ? [`  ${name(label)}: ${v}`] : [];
    });
    for (const [id, v] of Object.entries(fields)) lines.push(`  ${id}: ${String(v)}`);
    io.stderr.write(`\n${t('new.review')}\n${lines.join('\n')}\n\n`);
    const choice = await askChoice(
      io,
      t('new.reviewWhat'),
      [
        { value: 'save', name: t('new.save') },
        { value: 'edit', name: t('new.edit') },
        { value: 'discard', name: t('new.discard') },
      ],
      'save',
    );
    if (choice === 'save') return;
    if (choice === 'discard') throw new AftersalesError('promptCancelled');
    const labels = new Map(shown);
    const key = await askChoice(
      io,
      t('new.editWhich'),
      questions.map(([k]) => ({ value: k, name: name(labels.get(k) ?? k) })),
    );
    const q = questions.find(([k]) => k === key);
    if (q) all[q[0]] = answers[q[0]] = (await q[1]()) as never;
  }
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
