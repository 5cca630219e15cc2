// The interactive side of `new`: ask for what the flags did not give.
import type { Io } from '../context.js';
import { productLines } from '../domain/people.js';
import type { Config } from '../domain/config.js';
import { SEVERITIES } from '../domain/vocabulary.js';
import { parseDateInput } from '../domain/time.js';
import { locale, t } from '../i18n/index.js';
import { askChoice, askText } from '../prompts.js';
import type { NewOptions } from './new.js';

export async function askRegistration(given: NewOptions, config: Config, io: Io): Promise<Partial<NewOptions>> {
  const answers: Partial<NewOptions> = {};
  const none = { value: '', name: t('promptNone') };
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
      SEVERITIES.map((s) => ({ value: s, name: `${s}  ${t(`severity.${s}`)}` })),
      'medium',
    ));
  answers.customer = given.customer?.trim() || (await askText(io, { message: t('promptCustomer'), required: true }));
  if (given.contact === undefined) answers.contact = await askText(io, { message: t('promptContact') });
  if (given.product === undefined) {
    answers.product = config.products.length
      ? await askChoice(io, t('promptProduct'), [
          none,
          ...config.products.map((p) => ({ value: p.name, name: p.line ? `${p.name}  (${p.line})` : p.name })),
        ])
      : await askText(io, { message: t('promptProduct') });
  }
  const catalogued = config.products.find((p) => p.name === answers.product);
  if (given.line === undefined && !catalogued?.line) {
    const lines = productLines(config);
    answers.line = lines.length
      ? await askChoice(io, t('promptLine'), [none, ...lines.map((l) => ({ value: l, name: l }))])
      : await askText(io, { message: t('promptLine') });
  }
  if (given.component === undefined) {
    const components = catalogued?.components ?? [];
    answers.component = components.length
      ? await askChoice(io, t('promptComponent'), [none, ...components.map((c) => ({ value: c, name: c }))])
      : await askText(io, { message: t('promptComponent') });
  }
  if (given.failureMode === undefined && config.failure_modes.length) {
    const lang = locale();
    answers.failureMode = await askChoice(io, t('new.failureMode'), [
      none,
      ...config.failure_modes.map((m) => ({ value: m.id, name: m.label[lang] ? `${m.label[lang]}  (${m.id})` : m.id })),
    ]);
  }
  if (given.description === undefined) answers.description = await askText(io, { message: t('promptDescription') });
  if (given.expectedBy === undefined) {
    answers.expectedBy = await askText(io, {
      message: t('promptExpectedBy'),
      check: (v) => (parseDateInput(v, config.timezone) ? null : t('promptBadDate')),
    });
  }
  return answers;
}
