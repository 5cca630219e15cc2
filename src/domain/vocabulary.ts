// The words of the issue model, apart from its zod schemas: commands that only read the
// index (list, check, report) use these without loading zod, which costs ~100 ms.
export const STATUSES = [
  'new',
  'assigned',
  'planned',
  'awaiting-approval',
  'in-progress',
  'verifying',
  'waiting',
  'accepted',
  'cancelled',
] as const;
export const OPEN_STATUSES = STATUSES.filter((s) => s !== 'accepted' && s !== 'cancelled');
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const ACTION_KINDS = ['temporary', 'permanent', 'preventive'] as const;
export const RCA_METHODS = ['5-why', 'fishbone', '8d', 'other'] as const;
export const DIMENSIONS = ['problem', 'trust', 'process'] as const;

export type Status = (typeof STATUSES)[number];
export type Severity = (typeof SEVERITIES)[number];

export function isOpen(issue: { status: string }): boolean {
  return issue.status !== 'accepted' && issue.status !== 'cancelled';
}
