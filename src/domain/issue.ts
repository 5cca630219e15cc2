// The issue model: the whole after-sales loop, from registration to knowledge.
// Files hold only what is known; parsing fills every absent field with its default
// (null or []), so the JSON that scripts read always has every key.
import * as z from 'zod';

import { ACTION_KINDS, RCA_METHODS, SEVERITIES, STATUSES } from './vocabulary.js';

export {
  ACTION_KINDS,
  DIMENSIONS,
  OPEN_STATUSES,
  RCA_METHODS,
  SEVERITIES,
  STATUSES,
  isOpen,
  type Severity,
  type Status,
} from './vocabulary.js';

const DATE_TIME_HINT = 'an ISO 8601 date-time with offset, e.g. 2026-11-23T09:30:00+08:00';
export const DateTime = z.iso.datetime({ offset: true, error: DATE_TIME_HINT });
const text = () => z.string().min(1, { error: 'a non-empty text' });
const optText = () => z.string().nullable().default(null);
const optDate = () => DateTime.nullable().default(null);
export const PersonRef = z.string().regex(/^[A-Za-z0-9._@+-]+$/, { error: 'a person id such as li.si' });

export const Customer = z.object({
  name: text(),
  contact: optText(),
});

export const Product = z.object({
  name: optText(),
  line: optText(),
  component: optText(),
});

export const Attachment = z.object({
  path: text(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'a sha256 in 64 lower-case hex digits' }),
  size: z.number().int().nonnegative().nullable().default(null),
});

export const Assignee = z.object({
  team: optText(),
  person: PersonRef.nullable().default(null),
});

/** Due dates are stored with the policy that produced them, so a later config change
 * never rewrites history. */
export const Due = z.object({
  response: optDate(),
  resolution: optDate(),
  policy: z
    .object({
      severity: z.enum(SEVERITIES),
      response: z.string().nullable().default(null),
      resolution: z.string().nullable().default(null),
      calendar: z.boolean().default(false),
    })
    .nullable()
    .default(null),
});

export const Rca = z.object({
  direct_cause: text(),
  indirect_causes: z.array(text()).default([]),
  root_cause: text(),
  escape_point: optText(),
  method: z.enum(RCA_METHODS).default('5-why'),
});

export const Effectiveness = z.object({
  after: z.string().regex(/^\d+(\.\d+)?\s*[mhdw]$/, { error: 'a duration such as 90d' }),
  watch: z
    .object({ product: z.string().optional(), component: z.string().optional(), failure_mode: z.string().optional() })
    .refine((w) => Boolean(w.product || w.component || w.failure_mode), {
      error: 'at least one of product, component, failure_mode',
    }),
  threshold: z.number().int().nonnegative().default(0),
  result: z.enum(['effective', 'ineffective']).optional(),
  evaluated_at: DateTime.optional(),
  /** the issues that matched when it was evaluated */
  matching: z.array(z.string()).optional(),
});

export const Action = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'an action id such as T1 or P1' }),
  kind: z.enum(ACTION_KINDS),
  what: text(),
  who: PersonRef,
  when: DateTime,
  verify: text(),
  remove_by: optDate(),
  /** preventive actions land somewhere lasting: an SOP document or a backlog item */
  target: z
    .object({ kind: z.enum(['sop', 'backlog']), ref: text() })
    .nullable()
    .default(null),
  done_at: optDate(),
  evidence: optText(),
  /** the result measured against `verify` when it was done */
  measured: z.string().optional(),
  withdrawn_at: optDate(),
  withdrawn_evidence: optText(),
  vague_allowed: z.boolean().default(false),
  /** an effectiveness check: `after` the action was done, no more than `threshold` new issues
   * like `watch`; its verdict once recorded by `aftersales effect` */
  effectiveness: Effectiveness.optional(),
});

export const Approval = z.object({
  required: z.boolean().default(false),
  role: optText(),
  rule: optText(),
  requested_at: optDate(),
  /** when the plan has waited too long for the decision (the rule's `within`) */
  due: optDate(),
  /** approval levels: every role in order (serial) or in any order (parallel) */
  roles: z.array(z.string()).optional(),
  order: z.enum(['serial', 'parallel']).optional(),
  /** each level's time to decide (the rule's `within`), for the next level's due date */
  within: z.string().optional(),
  /** the levels approved so far */
  given: z.array(z.object({ role: z.string(), by: z.string(), at: DateTime })).default([]),
  decision: z.enum(['approved', 'rejected']).nullable().default(null),
  decided_by: optText(),
  decided_at: optDate(),
  comment: optText(),
});

export const Answer = z.object({
  result: z.enum(['pass', 'fail', 'na']),
  evidence: optText(),
  /** the files the answer gave as its evidence (the answers file's `attach:`) */
  attachments: z.array(Attachment).optional(),
});

export const CustomerConfirmation = z.object({
  satisfaction: z.number().int().min(1).max(5).nullable().default(null),
  said: optText(),
  channel: optText(),
});

export const Compensation = z.object({
  kind: text(),
  amount: z.number().nonnegative().nullable().default(null),
  currency: optText(),
  note: optText(),
});

export const AcceptanceRound = z.object({
  round: z.number().int().positive(),
  at: DateTime,
  by: text(),
  template: text(),
  answers: z.record(z.string(), Answer).default({}),
  score: z.number().min(0).max(1).nullable().default(null),
  result: z.enum(['pass', 'fail']),
  failed_items: z.array(z.string()).default([]),
  customer: CustomerConfirmation.nullable().default(null),
  /** why the customer's word failed the round: satisfaction-low, said-empty */
  customer_gate: z.string().nullable().default(null),
  compensation: Compensation.nullable().default(null),
});

export const Acceptance = z.object({
  template: optText(),
  rounds: z.array(AcceptanceRound).default([]),
  result: z.enum(['pass', 'fail']).nullable().default(null),
  score: z.number().min(0).max(1).nullable().default(null),
  satisfaction: z.number().int().min(1).max(5).nullable().default(null),
});

export const Knowledge = z.object({
  summary: optText(),
  root_cause: optText(),
  fix: optText(),
  evidence: optText(),
  tags: z.array(z.string()).default([]),
});

export const HistoryEvent = z.looseObject({
  at: DateTime,
  by: text(),
  action: text(),
  from: z.enum(STATUSES).nullable().default(null),
  to: z.enum(STATUSES).nullable().default(null),
  note: optText(),
  /** a note the tool wrote: a code and its parameters, worded when shown (render/history.ts) */
  note_code: z.string().optional(),
  note_params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  /** the dispatch rule, approval rule or template that decided this event */
  rule: optText(),
  /** who is to be told of this event (assignee, cc, next owner) */
  notify: z.array(z.string()).default([]),
  /** for dispatch and reassign events: whom the issue went to */
  assignee: z
    .object({ team: z.string().nullable().default(null), person: z.string().nullable().default(null) })
    .nullable()
    .default(null),
});

export const Issue = z.looseObject({
  id: z.string().regex(/^[A-Z][A-Z0-9]{0,9}-[0-9A-Z]{4}-[0-9A-Z]{6}$/, {
    error: 'an ID such as AS-1F3K-7N4X2P',
  }),
  title: text(),
  status: z.enum(STATUSES),
  type: text(),
  severity: z.enum(SEVERITIES),
  source: optText(),
  customer: Customer,
  product: Product.default({ name: null, line: null, component: null }),
  /** one of the config's `failure_modes`: what recurrence matches on, beside product and component */
  failure_mode: z.string().min(1).optional(),
  /** whether the customer is e-mailed at the steps of notify.customer (null: the config's default) */
  notify_customer: z.boolean().optional(),
  /** the config's own fields (`fields:`), by id */
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  description: optText(),
  occurred_at: optDate(),
  reported_at: DateTime,
  expected_by: optDate(),
  attachments: z.array(Attachment).default([]),
  assignee: Assignee.default({ team: null, person: null }),
  cc: z.array(PersonRef).default([]),
  due: Due.default({ response: null, resolution: null, policy: null }),
  rca: Rca.nullable().default(null),
  actions: z.array(Action).default([]),
  approval: Approval.nullable().default(null),
  acceptance: Acceptance.default({ template: null, rounds: [], result: null, score: null, satisfaction: null }),
  knowledge: Knowledge.nullable().default(null),
  history: z.array(HistoryEvent).min(1, { error: 'at least the registration event' }),
});

export type Issue = z.infer<typeof Issue>;
export type IssueInput = z.input<typeof Issue>;
export type Action = z.infer<typeof Action>;
export type HistoryEvent = z.infer<typeof HistoryEvent>;
export type AcceptanceRound = z.infer<typeof AcceptanceRound>;

/** Canonical order of an issue file's top-level keys: new keys are placed by it. */
export const ISSUE_KEY_ORDER = Object.keys(Issue.shape);
