// Registration (seed 1, step 1): one standard form for every problem, checked against
// the config before anything is written.
import { AftersalesError } from '../errors.js';
import type { Config } from './config.js';
import { SEVERITIES } from './vocabulary.js';
import type { Issue, Severity } from './issue.js';
import { dueDates } from './sla.js';
import { historyEvent } from './status.js';
import { isoInZone } from './time.js';

export interface Registration {
  title: string;
  type: string;
  severity: string;
  customer: string;
  contact?: string | null;
  product?: string | null;
  line?: string | null;
  component?: string | null;
  description?: string | null;
  source?: string | null;
  occurredAt?: Date | null;
  expectedBy?: Date | null;
  attachments?: Issue['attachments'];
  failureMode?: string | null;
  fields?: Record<string, string | number | boolean>;
  notifyCustomer?: boolean;
}

/** Problems with a registration that the user must fix; warnings are returned, not thrown. */
export function checkRegistration(r: Registration, config: Config, now: Date): string[] {
  if (!r.title.trim()) throw new AftersalesError('emptyField', { field: 'title', flag: '--title' });
  if (/[\r\n]/.test(r.title.trim())) throw new AftersalesError('titleOneLine', { flag: '--title' });
  for (const [field, value] of Object.entries(r)) {
    if (typeof value === 'string' && value.includes('\0')) throw new AftersalesError('nulInText', { field });
  }
  if (!r.customer.trim()) throw new AftersalesError('emptyField', { field: 'customer', flag: '--customer' });
  if (!config.types.includes(r.type)) {
    throw new AftersalesError('unknownType', { type: r.type, known: config.types.join(', ') });
  }
  if (!(SEVERITIES as readonly string[]).includes(r.severity)) {
    throw new AftersalesError('unknownSeverity', { severity: r.severity, known: SEVERITIES.join(', ') });
  }
  const warnings: string[] = [];
  if (r.occurredAt && r.occurredAt > now) {
    throw new AftersalesError('occurredInFuture', { at: isoInZone(r.occurredAt, config.timezone) });
  }
  if (r.expectedBy && r.expectedBy < now) warnings.push('expectedInPast');
  const modes = config.failure_modes.map((m) => m.id);
  if (r.failureMode && !modes.includes(r.failureMode))
    throw new AftersalesError('unknownFailureMode', { value: r.failureMode, known: modes.join(', ') || '—' });
  if (r.product && config.products.length > 0 && !config.products.some((p) => p.name === r.product)) {
    warnings.push('unknownProduct');
  }
  return warnings;
}

/** The issue as registered: status `new`, due dates computed from the SLA policy. */
export function registerIssue(r: Registration, id: string, config: Config, now: Date, actor: string): Issue {
  const tz = config.timezone;
  const reportedAt = isoInZone(now, tz);
  const catalogue = config.products.find((p) => p.name === r.product);
  const severity = r.severity as Severity;
  return {
    id,
    title: r.title.trim(),
    status: 'new',
    type: r.type,
    severity,
    source: r.source ?? null,
    customer: { name: r.customer.trim(), contact: r.contact ?? null },
    product: {
      name: r.product ?? null,
      line: r.line ?? catalogue?.line ?? null,
      component: r.component ?? null,
    },
    ...(r.failureMode ? { failure_mode: r.failureMode } : {}),
    ...(r.notifyCustomer === undefined ? {} : { notify_customer: r.notifyCustomer }),
    ...(r.fields && Object.keys(r.fields).length ? { fields: r.fields } : {}),
    description: r.description ?? null,
    occurred_at: r.occurredAt ? isoInZone(r.occurredAt, tz) : null,
    reported_at: reportedAt,
    expected_by: r.expectedBy ? isoInZone(r.expectedBy, tz) : null,
    attachments: r.attachments ?? [],
    assignee: { team: null, person: null },
    cc: [],
    due: dueDates(now, severity, config),
    rca: null,
    actions: [],
    approval: null,
    acceptance: { template: null, rounds: [], result: null, score: null, satisfaction: null },
    knowledge: null,
    history: [historyEvent(reportedAt, actor, 'register', null, 'new')],
  };
}
