// The filters a user types (--status, --owner, --team, --type, --severity), checked against the
// config before anything is read: a typo in a CI job must fail it, not print "nothing found".
import type { Config } from './config.js';
import { editDistance } from './edit-distance.js';
import { SEVERITIES, STATUSES } from './vocabulary.js';

export interface FilterOptions {
  status?: string;
  owner?: string;
  team?: string;
  type?: string;
  severity?: string;
}

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
  const lists: [keyof FilterOptions, readonly string[]][] = [
    // an owner is a person, or the team of an issue no one holds yet; a store that names no
    // people yet takes any owner
    ['owner', config.people.length ? [...config.people.map((p) => p.id), ...config.teams.map((tm) => tm.id)] : []],
    ['team', config.teams.map((tm) => tm.id)],
    ['type', config.types],
    ['severity', SEVERITIES],
  ];
  for (const [flag, known] of lists) {
    const value = opts[flag];
    if (value === undefined || known.includes(value) || (flag === 'owner' && known.length === 0)) continue;
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
