// Acceptance checklists and their scoring (CONTRACT): acceptance by data, not by feeling.
// Score = Σ weight of passed items ÷ Σ weight of items not answered `na`; a round passes
// when every mandatory item passes and the score reaches `pass_score`. A missing answer
// counts as failed; a mandatory item cannot be `na`.
import { isBareEvidence } from './vague.js';
import * as z from 'zod/mini';
import './zod-messages.js';
import { AftersalesError } from '../errors.js';
import { DIMENSIONS } from './vocabulary.js';
import { CHECKS, type CheckResult } from './checks.js';

const nonEmpty = () => z.string().check(z.minLength(1));

export const Localized = z.union([
  nonEmpty(),
  z.strictObject({ en: z.optional(nonEmpty()), 'zh-CN': z.optional(nonEmpty()) }).check(
    z.refine((v) => v.en || v['zh-CN'], {
      error: 'a text, or { en: …, zh-CN: … }',
    }),
  ),
]);
export type Localized = z.infer<typeof Localized>;

export const ChecklistItem = z.object({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'an item id such as fix-verified' })),
  dimension: z.enum(DIMENSIONS),
  text: Localized,
  criterion: Localized,
  method: Localized,
  mandatory: z._default(z.boolean(), false),
  weight: z._default(z.number().check(z.positive({ error: 'a weight above 0' })), 1),
  /** whether `na` is an accepted answer; never for a mandatory item */
  na_allowed: z.optional(z.boolean()),
  /** decided by the tool from the issue (./checks.ts), not asked */
  check: z.optional(z.enum(CHECKS)),
  /** required: a pass without evidence text or an attached file counts as failed */
  evidence: z.optional(z.enum(['required', 'optional'])),
});

export const Checklist = z
  .object({
    name: nonEmpty(),
    pass_score: z._default(z.number().check(z.gte(0), z.lte(1)), 0.8),
    items: z.array(ChecklistItem).check(z.minLength(1, { error: 'at least one item' })),
  })
  .check(
    z.superRefine((c, ctx) => {
      const seen = new Set<string>();
      c.items.forEach((item, i) => {
        if (seen.has(item.id))
          ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: 'an item id used once in the template' });
        seen.add(item.id);
        if (item.mandatory && item.na_allowed) {
          ctx.addIssue({
            code: 'custom',
            path: ['items', i, 'na_allowed'],
            message: 'false: a mandatory item cannot be answered na',
          });
        }
      });
    }),
  );

export type Checklist = z.infer<typeof Checklist>;
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export function localized(text: Localized, locale: string): string {
  if (typeof text === 'string') return text;
  return (locale === 'zh-CN' ? (text['zh-CN'] ?? text.en) : (text.en ?? text['zh-CN'])) ?? '';
}

/** An item of the template by its text, in `locale`; the id where the template lacks it. */
export const itemText = (checklist: Checklist, id: string, locale: string): string =>
  localized(checklist.items.find((i) => i.id === id)?.text ?? id, locale);

export const AnswerResult = z.enum(['pass', 'fail', 'na']);

export const AnswersFile = z.object({
  items: z._default(
    z.record(
      z.string(),
      z.object({
        result: AnswerResult,
        evidence: z.optional(z.nullable(z.string())),
        /** files kept as the evidence, relative to the answers file */
        attach: z.optional(z.array(z.string())),
      }),
    ),
    {},
  ),
  customer: z.optional(
    z.object({
      satisfaction: z.optional(z.number().check(z.int({ error: 'a whole number from 1 to 5' }), z.gte(1), z.lte(5))),
      said: z.optional(z.string()),
      channel: z.optional(z.string()),
    }),
  ),
  compensation: z.optional(
    z.object({
      kind: nonEmpty(),
      amount: z.optional(z.number().check(z.nonnegative())),
      currency: z.optional(z.string()),
      note: z.optional(z.string()),
    }),
  ),
});
export type AnswersFile = z.infer<typeof AnswersFile>;

export interface Verdict {
  score: number | null;
  result: 'pass' | 'fail';
  failed: string[];
}

/** Refuse answers the template cannot take: unknown items, `na` where not allowed. */
export function checkAnswers(checklist: Checklist, answers: AnswersFile): void {
  const ids = new Set(checklist.items.map((i) => i.id));
  for (const id of Object.keys(answers.items)) {
    if (!ids.has(id))
      throw new AftersalesError('answerUnknownItem', {
        item: id,
        template: checklist.name,
        known: [...ids].join(', '),
      });
  }
  for (const item of checklist.items) {
    const a = answers.items[item.id];
    if (a?.result === 'na' && (item.mandatory || item.na_allowed === false)) {
      throw new AftersalesError('answerMandatoryNa', { item: item.id });
    }
  }
}

/** An item's result: as answered (missing counts as failed); a computed check decides, and an
 * answer can only turn its pass into a fail; a pass without required evidence fails. */
export function itemResult(
  item: ChecklistItem,
  answer: AnswersFile['items'][string] | undefined,
  computed?: CheckResult,
): 'pass' | 'fail' | 'na' {
  if (item.check && computed) return computed.ok && answer?.result !== 'fail' ? 'pass' : 'fail';
  const result = answer?.result ?? 'fail';
  // a bare claim (已完成, done) is no evidence
  const said = answer?.evidence?.trim();
  const evidence = Boolean((said && !isBareEvidence(said)) || answer?.attach?.length);
  if (result === 'pass' && item.evidence === 'required' && !evidence) return 'fail';
  return result;
}

export function scoreRound(
  checklist: Checklist,
  answers: AnswersFile,
  computed: Record<string, CheckResult> = {},
): Verdict {
  let passed = 0;
  let counted = 0;
  const failed: string[] = [];
  for (const item of checklist.items) {
    const result = itemResult(item, answers.items[item.id], computed[item.id]);
    if (result === 'na') continue;
    counted += item.weight;
    if (result === 'pass') passed += item.weight;
    else failed.push(item.id);
  }
  const score = counted > 0 ? passed / counted : null;
  const mandatoryOk = checklist.items
    .filter((i) => i.mandatory)
    .every((i) => itemResult(i, answers.items[i.id], computed[i.id]) === 'pass');
  const result = mandatoryOk && score !== null && score >= checklist.pass_score ? 'pass' : 'fail';
  return { score, result, failed };
}
