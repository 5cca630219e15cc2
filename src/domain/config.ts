// The store's config (.aftersales/config.yaml). Every key has a default, so a config
// holding only what CONTRACT shows is valid. Cross-references (a team member who is not
// a person, a lead outside the team) are checked here too, with the path of the bad key.
import * as z from 'zod/mini';
import './zod-messages.js';
import { PREFIX_PATTERN } from './id.js';
import { isValidTimeZone } from './time.js';
import { SEVERITIES } from './vocabulary.js';

const DURATION = /^\d+(?:\.\d+)?\s*(m|h|d|w)$/;
export const Duration = z.string().check(z.regex(DURATION, { error: 'a duration such as 30m, 4h or 2d' }));

const nonEmpty = (params?: { error: string }) => z.string().check(z.minLength(1, params));
const optional = <T extends z.core.SomeType>(schema: T) => z.optional(schema);
const list = <T extends z.core.SomeType>(item: T, fallback: z.output<T>[] = []) => z._default(z.array(item), fallback);
const flag = (fallback: boolean) => z._default(z.boolean(), fallback);
const matching = (re: RegExp, error: string) => z.string().check(z.regex(re, { error }));
const labels = () => z._default(z.object({ en: z.optional(z.string()), 'zh-CN': z.optional(z.string()) }), {});
const whole = () => z.number().check(z.int(), z.positive());

export const Person = z.object({
  id: matching(/^[A-Za-z0-9._@+-]+$/, 'a person id such as li.si'),
  name: optional(nonEmpty()),
  email: optional(matching(/^[^@\s]+@[^@\s]+$/, 'an e-mail address')),
  roles: list(z.string()),
  away: flag(false),
  /** the keys this person signs commits with: "ssh-ed25519 AAAA…" or "gpg:FINGERPRINT" */
  signing_keys: optional(z.array(nonEmpty())),
  /** who this person is in the team's chat: a notice for them @-mentions them there */
  im: optional(
    z.object({
      dingtalk: optional(nonEmpty()),
      wecom: optional(nonEmpty()),
      feishu: optional(nonEmpty()),
    }),
  ),
});

export const Team = z.object({
  id: nonEmpty(),
  name: optional(z.string()),
  members: z.array(z.string()).check(z.minLength(1, { error: 'at least one member' })),
  strategy: z._default(z.enum(['round-robin', 'least-loaded', 'lead']), 'round-robin'),
  lead: optional(z.string()),
});

export const ProductEntry = z.object({
  name: nonEmpty(),
  line: optional(z.string()),
  components: list(z.string()),
});

const TIME_RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const Calendar = z.object({
  workdays: list(z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']), ['mon', 'tue', 'wed', 'thu', 'fri']),
  hours: z._default(matching(TIME_RANGE, 'working hours such as "09:00-18:00"'), '09:00-18:00'),
  holidays: list(matching(DAY, 'a date such as 2026-10-01')),
  /** extra working days, e.g. a Saturday made up for a holiday (调休) */
  workdays_extra: list(matching(DAY, 'a date such as 2026-10-11')),
  timezone: optional(z.string()),
});

export const SlaTarget = z.object({ response: optional(Duration), resolution: optional(Duration) });

const Query = z.record(z.string(), z.unknown());

export const DispatchRule = z.object({
  name: nonEmpty(),
  when: z._default(Query, {}),
  assign: z
    .object({ team: optional(z.string()), person: optional(z.string()) })
    .check(z.refine((a) => Boolean(a.team) !== Boolean(a.person), { error: 'exactly one of team or person' })),
  cc: list(z.string()),
});

export const ApprovalRule = z
  .object({
    name: optional(z.string()),
    when: z._default(Query, {}),
    role: optional(nonEmpty()),
    /** levels: each role approves once, one after another (serial) or in any order (parallel) */
    roles: optional(z.array(nonEmpty()).check(z.minLength(1))),
    order: z._default(z.enum(['serial', 'parallel']), 'serial'),
    /** how long a plan may wait for each level before check flags it (default 1d) */
    within: optional(Duration),
    /** a plan's approval (the default), or a compensation's above an amount */
    applies_to: z._default(z.enum(['plan', 'compensate']), 'plan'),
    above: optional(z.number().check(z.nonnegative())),
  })
  .check(z.refine((r) => Boolean(r.role) !== Boolean(r.roles), { error: 'a role, or roles: [a, b] for levels' }));

export const Webhook = z.object({
  url: z.string().check(z.url()),
  events: list(z.string()),
  format: z._default(z.enum(['generic', 'slack', 'dingtalk', 'wecom', 'feishu']), 'generic'),
  secret: optional(z.string()),
});

/** A field of the plant's own form: serial number, order number, warranty, machine hours. */
export const FieldDef = z.object({
  id: matching(/^[a-z][a-z0-9_-]*$/, 'an id such as serial or machine_hours'),
  label: labels(),
  type: z._default(z.enum(['text', 'number', 'date', 'enum', 'bool']), 'text'),
  values: optional(z.array(nonEmpty())),
  required: flag(false),
  /** asked by interactive `new` (required fields always are) */
  ask: flag(false),
});

/** The built-in fields a store may require beyond title, type, severity and customer. */
export const REQUIRABLE = [
  'contact',
  'occurred_at',
  'product',
  'line',
  'component',
  'description',
  'expected_by',
  'source',
] as const;

const CustomerMail = z.object({
  smtp: z.object({
    host: nonEmpty(),
    port: z._default(whole(), 587),
    secure: flag(false),
    user: optional(z.string()),
    pass: optional(z.string()),
  }),
  from: z.string().check(z.minLength(3)),
  events: list(z.enum(['registered', 'plan-agreed', 'verifying', 'accepted']), [
    'registered',
    'plan-agreed',
    'verifying',
    'accepted',
  ]),
  /** true: every issue is mailed unless registered otherwise; false: only `new --notify-customer` */
  default: flag(false),
  locale: optional(z.enum(['en', 'zh-CN'])),
});

export const Config = z.object({
  prefix: z._default(matching(PREFIX_PATTERN, 'upper-case letters and digits, starting with a letter (e.g. AS)'), 'AS'),
  timezone: z._default(
    z.string().check(z.refine(isValidTimeZone, { error: 'an IANA timezone such as Asia/Shanghai' })),
    'Asia/Shanghai',
  ),
  locale: optional(z.enum(['en', 'zh-CN'])),
  types: z._default(z.array(nonEmpty()).check(z.minLength(1)), [
    'software-bug',
    'hardware',
    'service',
    'usage',
    'other',
  ]),
  sources: list(nonEmpty(), ['customer', 'inspection', 'partner', 'internal']),
  people: list(Person),
  teams: list(Team),
  /** how a value is shown: a type, a source (`hardware: 硬件`); else the built-in label, else the value */
  labels: z._default(z.record(z.string(), z.string()), {}),
  products: list(ProductEntry),
  fields: list(FieldDef),
  /** who is told as an issue uses up its resolution time: each level once per issue */
  escalation: list(
    z.object({
      at: matching(/^\d+(\.\d+)?%$/, 'a share of the resolution time such as 75%'),
      notify: z.union([z.enum(['owner', 'lead']), z.object({ role: nonEmpty() })]),
    }),
  ),
  /** built-in fields every issue must have (the form "at least" holds them) */
  required: list(z.enum(REQUIRABLE)),
  sla: z._default(
    z.object({
      calendar: optional(Calendar),
      targets: z._default(z.partialRecord(z.enum(SEVERITIES), SlaTarget), {}),
    }),
    { targets: {} },
  ),
  /** what failed, in the plant's words: recurrence matches on it beside product and component */
  failure_modes: list(
    z.object({
      id: matching(/^[A-Za-z0-9._-]+$/, 'an id such as spindle-noise'),
      label: labels(),
    }),
  ),
  dispatch: list(DispatchRule),
  approval: list(ApprovalRule),
  acceptance: z._default(
    z.object({
      template: z._default(z.string(), 'three-dimension'),
      by_type: z._default(z.record(z.string(), z.string()), {}),
      role: optional(z.string()),
      /** false: a round may pass without the customer's confirmation */
      require_customer: flag(true),
      /** the least satisfaction (1–5) a confirmation needs for the round to pass */
      min_satisfaction: z._default(z.number().check(z.int(), z.gte(1), z.lte(5)), 4),
    }),
    { template: 'three-dimension', by_type: {}, require_customer: true, min_satisfaction: 4 },
  ),
  /** who may not do what (the separation of duties); each relaxed by setting it true */
  duties: z._default(
    z.object({
      self_approval: flag(false),
      owner_accepts: flag(false),
      others_complete_actions: flag(false),
    }),
    { self_approval: false, owner_accepts: false, others_complete_actions: false },
  ),
  git: z._default(z.object({ autoCommit: flag(true) }), { autoCommit: true }),
  notify: z._default(
    z.object({
      webhooks: list(Webhook),
      /** local commands that get the event as JSON on stdin */
      hooks: list(z.object({ command: nonEmpty(), events: list(z.string()) })),
      timeout_ms: z._default(whole(), 5000),
      /** e-mail to the customer at the steps they care about, for issues opted in */
      customer: optional(CustomerMail),
    }),
    { webhooks: [], hooks: [], timeout_ms: 5000 },
  ),
});

export type Config = z.infer<typeof Config>;
export type Person = z.infer<typeof Person>;
export type Team = z.infer<typeof Team>;

export { configReferenceProblems, type ConfigProblem } from './config-references.js';
export { personByEmail, productLines } from './people.js';
