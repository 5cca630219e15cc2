// The issue model: the whole after-sales loop, from registration to knowledge.
// Files hold only what is known; parsing fills every absent field with its default
// (null or []), so the JSON that scripts read always has every key.
import * as z from 'zod/mini';
import './zod-messages.js';

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
const text = () => z.string().check(z.minLength(1, { error: 'a non-empty text' }));
const optText = () => z._default(z.nullable(z.string()), null);
const optDate = () => z._default(z.nullable(DateTime), null);
const orNull = <T extends z.core.SomeType>(schema: T) => z._default(z.nullable(schema), null);
const list = <T extends z.core.SomeType>(item: T) => z._default(z.array(item), []);
const count = () => z.number().check(z.int(), z.nonnegative());
export const PersonRef = z.string().check(z.regex(/^[A-Za-z0-9._@+-]+$/, { error: 'a person id such as li.si' }));

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
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, { error: 'a sha256 in 64 lower-case hex digits' })),
  size: orNull(count()),
});

export const Assignee = z.object({
  team: optText(),
  person: orNull(PersonRef),
});

/** Due dates are stored with the policy that produced them, so a later config change
 * never rewrites history. */
export const Due = z.object({
  response: optDate(),
  resolution: optDate(),
  policy: orNull(
    z.object({
      severity: z.enum(SEVERITIES),
      response: optText(),
      resolution: optText(),
      calendar: z._default(z.boolean(), false),
    }),
  ),
});

export const Rca = z.object({
  direct_cause: text(),
  indirect_causes: list(text()),
  root_cause: text(),
  escape_point: optText(),
  method: z._default(z.enum(RCA_METHODS), '5-why'),
});

const Watch = z
  .object({
    product: z.optional(z.string()),
    component: z.optional(z.string()),
    failure_mode: z.optional(z.string()),
  })
  .check(
    z.refine((w) => Boolean(w.product || w.component || w.failure_mode), {
      error: 'at least one of product, component, failure_mode',
    }),
  );

export const Effectiveness = z.object({
  after: z.string().check(z.regex(/^\d+(\.\d+)?\s*[mhdw]$/, { error: 'a duration such as 90d' })),
  watch: Watch,
  threshold: z._default(count(), 0),
  result: z.optional(z.enum(['effective', 'ineffective'])),
  evaluated_at: z.optional(DateTime),
  /** the issues that matched when it was evaluated */
  matching: z.optional(z.array(z.string())),
});

export const Action = z.object({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'an action id such as T1 or P1' })),
  kind: z.enum(ACTION_KINDS),
  what: text(),
  who: PersonRef,
  when: DateTime,
  verify: text(),
  remove_by: optDate(),
  /** preventive actions land somewhere lasting: an SOP document or a backlog item */
  target: orNull(z.object({ kind: z.enum(['sop', 'backlog']), ref: text() })),
  done_at: optDate(),
  evidence: optText(),
  /** the result measured against `verify` when it was done */
  measured: z.optional(z.string()),
  withdrawn_at: optDate(),
  withdrawn_evidence: optText(),
  vague_allowed: z._default(z.boolean(), false),
  /** an effectiveness check: `after` the action was done, no more than `threshold` new issues
   * like `watch`; its verdict once recorded by `aftersales effect` */
  effectiveness: z.optional(Effectiveness),
});

export const Approval = z.object({
  required: z._default(z.boolean(), false),
  role: optText(),
  rule: optText(),
  requested_at: optDate(),
  /** when the plan has waited too long for the decision (the rule's `within`) */
  due: optDate(),
  /** approval levels: every role in order (serial) or in any order (parallel) */
  roles: z.optional(z.array(z.string())),
  order: z.optional(z.enum(['serial', 'parallel'])),
  /** each level's time to decide (the rule's `within`), for the next level's due date */
  within: z.optional(z.string()),
  /** the levels approved so far */
  given: list(z.object({ role: z.string(), by: z.string(), at: DateTime })),
  decision: orNull(z.enum(['approved', 'rejected'])),
  decided_by: optText(),
  decided_at: optDate(),
  comment: optText(),
});

export const Answer = z.object({
  result: z.enum(['pass', 'fail', 'na']),
  evidence: optText(),
  /** the files the answer gave as its evidence (the answers file's `attach:`) */
  attachments: z.optional(z.array(Attachment)),
});

const satisfaction = () => orNull(z.number().check(z.int(), z.gte(1), z.lte(5)));
const share = () => orNull(z.number().check(z.gte(0), z.lte(1)));

export const CustomerConfirmation = z.object({
  satisfaction: satisfaction(),
  said: optText(),
  channel: optText(),
});

export const Compensation = z.object({
  kind: text(),
  amount: orNull(z.number().check(z.nonnegative())),
  currency: optText(),
  note: optText(),
});

export const AcceptanceRound = z.object({
  round: z.number().check(z.int(), z.positive()),
  at: DateTime,
  by: text(),
  template: text(),
  answers: z._default(z.record(z.string(), Answer), {}),
  score: share(),
  result: z.enum(['pass', 'fail']),
  failed_items: list(z.string()),
  customer: orNull(CustomerConfirmation),
  /** why the customer's word failed the round: satisfaction-low, said-empty */
  customer_gate: optText(),
  compensation: orNull(Compensation),
});

export const Acceptance = z.object({
  template: optText(),
  rounds: list(AcceptanceRound),
  result: orNull(z.enum(['pass', 'fail'])),
  score: share(),
  satisfaction: satisfaction(),
});

export const Knowledge = z.object({
  summary: optText(),
  root_cause: optText(),
  fix: optText(),
  evidence: optText(),
  tags: list(z.string()),
});

export const HistoryEvent = z.looseObject({
  at: DateTime,
  by: text(),
  action: text(),
  from: orNull(z.enum(STATUSES)),
  to: orNull(z.enum(STATUSES)),
  note: optText(),
  /** a note the tool wrote: a code and its parameters, worded when shown (render/history.ts) */
  note_code: z.optional(z.string()),
  note_params: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  /** the dispatch rule, approval rule or template that decided this event */
  rule: optText(),
  /** who is to be told of this event (assignee, cc, next owner) */
  notify: list(z.string()),
  /** for dispatch and reassign events: whom the issue went to */
  assignee: orNull(z.object({ team: optText(), person: optText() })),
});

export const Issue = z.looseObject({
  id: z.string().check(
    z.regex(/^[A-Z][A-Z0-9]{0,9}-[0-9A-Z]{4}-[0-9A-Z]{6}$/, {
      error: 'an ID such as AS-1F3K-7N4X2P',
    }),
  ),
  title: text(),
  status: z.enum(STATUSES),
  type: text(),
  severity: z.enum(SEVERITIES),
  source: optText(),
  customer: Customer,
  product: z._default(Product, { name: null, line: null, component: null }),
  /** one of the config's `failure_modes`: what recurrence matches on, beside product and component */
  failure_mode: z.optional(z.string().check(z.minLength(1))),
  /** whether the customer is e-mailed at the steps of notify.customer (null: the config's default) */
  notify_customer: z.optional(z.boolean()),
  /** the config's own fields (`fields:`), by id */
  fields: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
  description: optText(),
  occurred_at: optDate(),
  reported_at: DateTime,
  expected_by: optDate(),
  attachments: list(Attachment),
  assignee: z._default(Assignee, { team: null, person: null }),
  cc: list(PersonRef),
  due: z._default(Due, { response: null, resolution: null, policy: null }),
  rca: orNull(Rca),
  actions: list(Action),
  approval: orNull(Approval),
  acceptance: z._default(Acceptance, { template: null, rounds: [], result: null, score: null, satisfaction: null }),
  knowledge: orNull(Knowledge),
  history: z.array(HistoryEvent).check(z.minLength(1, { error: 'at least the registration event' })),
});

export type Issue = z.infer<typeof Issue>;
export type IssueInput = z.input<typeof Issue>;
export type Action = z.infer<typeof Action>;
export type HistoryEvent = z.infer<typeof HistoryEvent>;
export type AcceptanceRound = z.infer<typeof AcceptanceRound>;

/** Canonical order of an issue file's top-level keys: new keys are placed by it. */
export const ISSUE_KEY_ORDER = Object.keys(Issue.shape);
