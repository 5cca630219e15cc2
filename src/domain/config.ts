// The store's config (.aftersales/config.yaml). Every key has a default, so a config
// holding only what CONTRACT shows is valid. Cross-references (a team member who is not
// a person, a lead outside the team) are checked here too, with the path of the bad key.
import * as z from 'zod';
import { PREFIX_PATTERN } from './id.js';
import { isValidTimeZone } from './time.js';
import { SEVERITIES } from './vocabulary.js';

const DURATION = /^\d+(?:\.\d+)?\s*(m|h|d|w)$/;
export const Duration = z.string().regex(DURATION, { error: 'a duration such as 30m, 4h or 2d' });

export const Person = z.object({
  id: z.string().regex(/^[A-Za-z0-9._@+-]+$/, { error: 'a person id such as li.si' }),
  name: z.string().min(1).optional(),
  email: z
    .string()
    .regex(/^[^@\s]+@[^@\s]+$/, { error: 'an e-mail address' })
    .optional(),
  roles: z.array(z.string()).default([]),
  away: z.boolean().default(false),
  /** the keys this person signs commits with: "ssh-ed25519 AAAA…" or "gpg:FINGERPRINT" */
  signing_keys: z.array(z.string().min(1)).optional(),
  /** who this person is in the team's chat: a notice for them @-mentions them there */
  im: z
    .object({
      dingtalk: z.string().min(1).optional(),
      wecom: z.string().min(1).optional(),
      feishu: z.string().min(1).optional(),
    })
    .optional(),
});

export const Team = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  members: z.array(z.string()).min(1, { error: 'at least one member' }),
  strategy: z.enum(['round-robin', 'least-loaded', 'lead']).default('round-robin'),
  lead: z.string().optional(),
});

export const ProductEntry = z.object({
  name: z.string().min(1),
  line: z.string().optional(),
  components: z.array(z.string()).default([]),
});

const TIME_RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;
export const Calendar = z.object({
  workdays: z
    .array(z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']))
    .default(['mon', 'tue', 'wed', 'thu', 'fri']),
  hours: z.string().regex(TIME_RANGE, { error: 'working hours such as "09:00-18:00"' }).default('09:00-18:00'),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date such as 2026-10-01' })).default([]),
  /** extra working days, e.g. a Saturday made up for a holiday (调休) */
  workdays_extra: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date such as 2026-10-11' })).default([]),
  timezone: z.string().optional(),
});

export const SlaTarget = z.object({ response: Duration.optional(), resolution: Duration.optional() });

const Query = z.record(z.string(), z.unknown());

export const DispatchRule = z.object({
  name: z.string().min(1),
  when: Query.default({}),
  assign: z
    .object({ team: z.string().optional(), person: z.string().optional() })
    .refine((a) => Boolean(a.team) !== Boolean(a.person), { error: 'exactly one of team or person' }),
  cc: z.array(z.string()).default([]),
});

export const ApprovalRule = z
  .object({
    name: z.string().optional(),
    when: Query.default({}),
    role: z.string().min(1).optional(),
    /** levels: each role approves once, one after another (serial) or in any order (parallel) */
    roles: z.array(z.string().min(1)).min(1).optional(),
    order: z.enum(['serial', 'parallel']).default('serial'),
    /** how long a plan may wait for each level before check flags it (default 1d) */
    within: Duration.optional(),
    /** a plan's approval (the default), or a compensation's above an amount */
    applies_to: z.enum(['plan', 'compensate']).default('plan'),
    above: z.number().nonnegative().optional(),
  })
  .refine((r) => Boolean(r.role) !== Boolean(r.roles), { error: 'a role, or roles: [a, b] for levels' });

export const Webhook = z.object({
  url: z.string().url(),
  events: z.array(z.string()).default([]),
  format: z.enum(['generic', 'slack', 'dingtalk', 'wecom', 'feishu']).default('generic'),
  secret: z.string().optional(),
});

/** A field of the plant's own form: serial number, order number, warranty, machine hours. */
export const FieldDef = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, { error: 'an id such as serial or machine_hours' }),
  label: z.object({ en: z.string().optional(), 'zh-CN': z.string().optional() }).default({}),
  type: z.enum(['text', 'number', 'date', 'enum', 'bool']).default('text'),
  values: z.array(z.string().min(1)).optional(),
  required: z.boolean().default(false),
  /** asked by interactive `new` (required fields always are) */
  ask: z.boolean().default(false),
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

export const Config = z.object({
  prefix: z
    .string()
    .regex(PREFIX_PATTERN, { error: 'upper-case letters and digits, starting with a letter (e.g. AS)' })
    .default('AS'),
  timezone: z
    .string()
    .refine(isValidTimeZone, { error: 'an IANA timezone such as Asia/Shanghai' })
    .default('Asia/Shanghai'),
  locale: z.enum(['en', 'zh-CN']).optional(),
  types: z.array(z.string().min(1)).min(1).default(['software-bug', 'hardware', 'service', 'usage', 'other']),
  sources: z.array(z.string().min(1)).default(['customer', 'inspection', 'partner', 'internal']),
  people: z.array(Person).default([]),
  teams: z.array(Team).default([]),
  /** how a value is shown: a type, a source (`hardware: 硬件`); else the built-in label, else the value */
  labels: z.record(z.string(), z.string()).default({}),
  products: z.array(ProductEntry).default([]),
  fields: z.array(FieldDef).default([]),
  /** who is told as an issue uses up its resolution time: each level once per issue */
  escalation: z
    .array(
      z.object({
        at: z.string().regex(/^\d+(\.\d+)?%$/, { error: 'a share of the resolution time such as 75%' }),
        notify: z.union([z.enum(['owner', 'lead']), z.object({ role: z.string().min(1) })]),
      }),
    )
    .default([]),
  /** built-in fields every issue must have (the form "at least" holds them) */
  required: z.array(z.enum(REQUIRABLE)).default([]),
  sla: z
    .object({
      calendar: Calendar.optional(),
      targets: z.partialRecord(z.enum(SEVERITIES), SlaTarget).default({}),
    })
    .default({ targets: {} }),
  /** what failed, in the plant's words: recurrence matches on it beside product and component */
  failure_modes: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9._-]+$/, { error: 'an id such as spindle-noise' }),
        label: z.object({ en: z.string().optional(), 'zh-CN': z.string().optional() }).default({}),
      }),
    )
    .default([]),
  dispatch: z.array(DispatchRule).default([]),
  approval: z.array(ApprovalRule).default([]),
  acceptance: z
    .object({
      template: z.string().default('three-dimension'),
      by_type: z.record(z.string(), z.string()).default({}),
      role: z.string().optional(),
      /** false: a round may pass without the customer's confirmation */
      require_customer: z.boolean().default(true),
      /** the least satisfaction (1–5) a confirmation needs for the round to pass */
      min_satisfaction: z.number().int().min(1).max(5).default(4),
    })
    .default({ template: 'three-dimension', by_type: {}, require_customer: true, min_satisfaction: 4 }),
  /** who may not do what (the separation of duties); each relaxed by setting it true */
  duties: z
    .object({
      self_approval: z.boolean().default(false),
      owner_accepts: z.boolean().default(false),
      others_complete_actions: z.boolean().default(false),
    })
    .default({ self_approval: false, owner_accepts: false, others_complete_actions: false }),
  git: z.object({ autoCommit: z.boolean().default(true) }).default({ autoCommit: true }),
  notify: z
    .object({
      webhooks: z.array(Webhook).default([]),
      /** local commands that get the event as JSON on stdin */
      hooks: z.array(z.object({ command: z.string().min(1), events: z.array(z.string()).default([]) })).default([]),
      timeout_ms: z.number().int().positive().default(5000),
      /** e-mail to the customer at the steps they care about, for issues opted in */
      customer: z
        .object({
          smtp: z.object({
            host: z.string().min(1),
            port: z.number().int().positive().default(587),
            secure: z.boolean().default(false),
            user: z.string().optional(),
            pass: z.string().optional(),
          }),
          from: z.string().min(3),
          events: z
            .array(z.enum(['registered', 'plan-agreed', 'verifying', 'accepted']))
            .default(['registered', 'plan-agreed', 'verifying', 'accepted']),
          /** true: every issue is mailed unless registered otherwise; false: only `new --notify-customer` */
          default: z.boolean().default(false),
          locale: z.enum(['en', 'zh-CN']).optional(),
        })
        .optional(),
    })
    .default({ webhooks: [], hooks: [], timeout_ms: 5000 }),
});

export type Config = z.infer<typeof Config>;
export type Person = z.infer<typeof Person>;
export type Team = z.infer<typeof Team>;

export { configReferenceProblems, type ConfigProblem } from './config-references.js';
export { personByEmail, productLines } from './people.js';
