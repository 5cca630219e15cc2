// `reclassify`: the classification disputed (quality says misuse, service says a defect) and
// settled with a reason, as an event. The new severity brings its own SLA: the due dates are
// computed again from the registration under the policy of the new severity.
import { AftersalesError } from '../errors.js';
import type { Config } from './config.js';
import type { Issue } from './issue.js';
import { dueWithWaits } from './waiting.js';
import { transition } from './status.js';
import { toldOf } from './people.js';
import { SEVERITIES, type Severity } from './vocabulary.js';

export interface Reclassification {
  type?: string;
  severity?: string;
  product?: string;
  fields?: Record<string, string | number | boolean>;
}

export function reclassifyIssue(
  issue: Issue,
  wanted: Reclassification,
  reason: string,
  config: Config,
  at: string,
  by: string,
): Issue {
  if (!reason.trim()) throw new AftersalesError('reasonNeeded', { command: 'reclassify' });
  if (wanted.type !== undefined && !config.types.includes(wanted.type))
    throw new AftersalesError('unknownType', { type: wanted.type, known: config.types.join(', ') });
  if (wanted.severity !== undefined && !(SEVERITIES as readonly string[]).includes(wanted.severity))
    throw new AftersalesError('badSeverity', { value: wanted.severity, known: SEVERITIES.join(', ') });
  const before = { type: issue.type, severity: issue.severity as string, product: issue.product.name ?? '' };
  const changes: Record<string, { from: unknown; to: unknown }> = Object.fromEntries(
    (['type', 'severity', 'product'] as const)
      .filter((k) => wanted[k] !== undefined && wanted[k] !== before[k])
      .map((k) => [k, { from: before[k] || null, to: wanted[k] }]),
  );
  const beforeFields = issue.fields ?? {};
  for (const [id, v] of Object.entries(wanted.fields ?? {}))
    if (beforeFields[id] !== v) changes[`fields.${id}`] = { from: beforeFields[id] ?? null, to: v };
  if (!Object.keys(changes).length) throw new AftersalesError('reclassifySame', { id: issue.id });
  const severity = (wanted.severity ?? issue.severity) as Severity;
  const catalogued = config.products.find((p) => p.name === wanted.product);
  const next: Issue = {
    ...issue,
    type: wanted.type ?? issue.type,
    severity,
    product:
      wanted.product === undefined
        ? issue.product
        : { ...issue.product, name: wanted.product || null, line: catalogued?.line ?? issue.product.line },
    due: changes.severity ? dueWithWaits(issue, severity, config) : issue.due,
    ...(wanted.fields && Object.keys(wanted.fields).length ? { fields: { ...beforeFields, ...wanted.fields } } : {}),
  };
  return transition(next, 'reclassify', at, by, { note: reason.trim(), notify: toldOf(issue, by), changes });
}
