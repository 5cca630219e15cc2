// The filters a user types (--status, --owner, --team, --type, --severity), checked against the
// config before anything is read: a typo in a CI job must fail it, not print "nothing found".
import type { Config } from './config.js';
import type { Facts } from './facts.js';
import { editDistance } from './edit-distance.js';
import { SEVERITIES, STATUSES } from './vocabulary.js';

export interface FilterOptions {
  status?: string;
  owner?: string;
  team?: string;
  type?: string;
  severity?: string;
  customer?: string;
  product?: string;
  line?: string;
  component?: string;
}

/** The facts the filters look at. */
type Filtered = Pick<Facts, 'person' | 'team' | 'type' | 'severity' | 'customer' | 'product' | 'line' | 'component'>;

/** The team an issue is with: its assignee's team, else the first team its person is in
 * (what `--team` keeps and `report --by team` groups by). */
export function teamOfIssue(config: Pick<Config, 'teams'>): (f: Pick<Facts, 'team' | 'person'>) => string | null {
  const byPerson = new Map<string, string>();
  for (const team of config.teams)
    for (const person of team.members) if (!byPerson.has(person)) byPerson.set(person, team.id);
  return (f) => f.team ?? (f.person ? (byPerson.get(f.person) ?? null) : null);
}

/** Whether an issue's facts pass every filter given (status aside: see list). A customer
 * matches by part of its name, the rest exactly. */
export function passes(opts: FilterOptions, f: Filtered, teamOf: (f: Filtered) => string | null): boolean {
  return (
    (!opts.owner || f.person === opts.owner) &&
    (!opts.team || teamOf(f) === opts.team) &&
    (!opts.type || f.type === opts.type) &&
    (!opts.severity || f.severity === opts.severity) &&
    (!opts.customer || f.customer.includes(opts.customer)) &&
    (!opts.product || f.product === opts.product) &&
    (!opts.line || f.line === opts.line) &&
    (!opts.component || f.component === opts.component)
  );
}

/** Whether any of the filters `passes` looks at is given. */
export const anyFilter = (opts: FilterOptions) =>
  Boolean(
    opts.owner ||
      opts.team ||
      opts.type ||
      opts.severity ||
      opts.customer ||
      opts.product ||
      opts.line ||
      opts.component,
  );

/** A value no filter knows: the flag, the value, the nearest known values and all of them. */
export interface UnknownValue {
  flag: string;
  value: string;
  nearest: string[];
  known: string[];
}

/** A status as shown (`in progress`, or the label in the reader's language) or as typed. */
export function statusOf(text: string, labels: ReadonlyMap<string, string>): string | null {
  const typed = text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if ((STATUSES as readonly string[]).includes(typed) || typed === 'open') return typed;
  return labels.get(text.trim().toLowerCase()) ?? null;
}

/** The first filter whose value the config does not know, or null. `labels`: status label → id. */
export function unknownFilter(
  opts: FilterOptions,
  config: Config,
  labels: ReadonlyMap<string, string>,
): UnknownValue | null {
  const lists: [Exclude<keyof FilterOptions, 'status' | 'customer'>, readonly string[]][] = [
    // an owner is a person, or the team of an issue no one holds yet; a store that names no
    // people yet takes any owner
    ['owner', config.people.length ? [...config.people.map((p) => p.id), ...config.teams.map((tm) => tm.id)] : []],
    ['team', config.teams.map((tm) => tm.id)],
    ['type', config.types],
    ['severity', SEVERITIES],
  ];
  for (const [flag, known] of lists) {
    const value = opts[flag];
    const open = known.length === 0 && flag !== 'team' && flag !== 'type' && flag !== 'severity';
    if (value === undefined || known.includes(value) || open) continue;
    return unknown(flag, value, known);
  }
  for (const s of opts.status?.split(',') ?? []) {
    if (statusOf(s, labels) === null) return unknown('status', s.trim(), ['open', ...STATUSES]);
  }
  return null;
}

function unknown(flag: string, value: string, known: readonly string[]): UnknownValue {
  const reach = Math.max(2, Math.floor(value.length / 3));
  const near = known
    .map((k) => ({ k, d: editDistance(value.toLowerCase(), k.toLowerCase(), Number.POSITIVE_INFINITY) }))
    .filter(({ k, d }) => d <= reach || k.toLowerCase().includes(value.toLowerCase()))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ k }) => k);
  return { flag: `--${flag}`, value, nearest: near, known: [...known] };
}
