// Dispatch by rule (seed 1, step 1): the right person gets the problem by declared
// business rules. Rules are tried in order, first match wins; a team rule picks a member
// by the team's strategy, derived from the store's history so it survives clones.
import type { MessageKey } from '../i18n/index.js';
import type { Params } from '../errors.js';
import type { Config, Team } from './config.js';
import { isOpen } from './vocabulary.js';
import type { Issue } from './issue.js';
import { firstMismatch, type Mismatch } from './query.js';
import { transition } from './status.js';

export interface RuleOutcome {
  index: number;
  name: string;
  matched: boolean;
  mismatch: Mismatch | null;
  /** a person rule whose person is away does not apply */
  away: string | null;
}

export interface Decision {
  rule: string | null;
  team: string | null;
  person: string | null;
  cc: string[];
  outcomes: RuleOutcome[];
  /** how the team strategy chose, for --explain */
  /** why the team's strategy chose that person, in words of the catalog */
  strategy: Why | null;
}

function isAway(config: Config, person: string): boolean {
  return config.people.find((p) => p.id === person)?.away === true;
}

/** What team strategies read of the other issues: when each member last received an issue
 * from a team (from every history, so it survives clones), and how many open issues each holds.
 * Kept up to date issue by issue, so an import of 60,000 rows dispatches in linear time. */
export class TeamLoads {
  private readonly last = new Map<string, Map<string, number>>();
  private readonly open = new Map<string, number>();

  constructor(issues: readonly Issue[] = []) {
    for (const issue of issues) this.add(issue);
  }

  add(issue: Issue): void {
    for (const e of issue.history) {
      const a = e.assignee;
      if (!a?.team || !a.person) continue;
      let byPerson = this.last.get(a.team);
      if (!byPerson) this.last.set(a.team, (byPerson = new Map()));
      const at = new Date(e.at).getTime();
      if (at > (byPerson.get(a.person) ?? -Infinity)) byPerson.set(a.person, at);
    }
    const person = issue.assignee.person;
    if (person && isOpen(issue)) this.open.set(person, (this.open.get(person) ?? 0) + 1);
  }

  /** The time each member last received an issue from this team (ms). */
  lastReceived(team: Team): ReadonlyMap<string, number> {
    return this.last.get(team.id) ?? new Map();
  }

  openOf(person: string): number {
    return this.open.get(person) ?? 0;
  }
}

/** A reason, as a message of the catalog and its parameters (worded in the reader's language). */
export interface Why {
  key: MessageKey;
  params: Params;
}

/** Pick a member of `team` by its strategy, skipping people who are away. */
export function pickMember(
  team: Team,
  config: Config,
  others: readonly Issue[] | TeamLoads,
): { person: string | null; why: Why } {
  const state = others instanceof TeamLoads ? others : new TeamLoads(others);
  const present = team.members.filter((m) => !isAway(config, m));
  if (present.length === 0) return { person: null, why: { key: 'why.allAway', params: { team: team.id } } };
  if (team.strategy === 'lead') {
    if (team.lead && !isAway(config, team.lead))
      return { person: team.lead, why: { key: 'why.lead', params: { team: team.id } } };
    return { person: present[0] ?? null, why: { key: 'why.leadAway', params: { lead: team.lead ?? '?' } } };
  }
  if (team.strategy === 'least-loaded') {
    const load = (m: string) => state.openOf(m);
    const loads = present.map((m) => [m, load(m)] as const);
    const min = Math.min(...loads.map(([, n]) => n));
    const person = loads.find(([, n]) => n === min)?.[0] ?? null;
    return {
      person,
      why: { key: 'why.leastLoaded', params: { loads: loads.map(([m, n]) => `${m} ${n}`).join(', ') } },
    };
  }
  const last = state.lastReceived(team);
  const when = (m: string) => last.get(m) ?? -Infinity;
  const person = present.reduce((best, m) => (when(m) < when(best) ? m : best), present[0] as string);
  return { person, why: { key: 'why.roundRobin', params: { person, team: team.id } } };
}

/** Which rule applies to `issue`, and whom it assigns. */
/** `issues` is asked for only when a team strategy needs the store's other issues (or what it
 * reads of them, kept up to date by the caller: see TeamLoads). */
export function decide(issue: Issue, config: Config, issues: () => readonly Issue[] | TeamLoads): Decision {
  const outcomes: RuleOutcome[] = [];
  for (const [index, rule] of config.dispatch.entries()) {
    const mismatch = firstMismatch(rule.when, issue);
    const away = !mismatch && rule.assign.person && isAway(config, rule.assign.person) ? rule.assign.person : null;
    const matched = !mismatch && !away;
    outcomes.push({ index, name: rule.name, matched, mismatch, away });
    if (!matched) continue;
    if (rule.assign.person) {
      return { rule: rule.name, team: null, person: rule.assign.person, cc: rule.cc, outcomes, strategy: null };
    }
    const team = config.teams.find((tm) => tm.id === rule.assign.team) as Team;
    const others = team.strategy === 'lead' ? [] : issues();
    const pick = pickMember(
      team,
      config,
      others instanceof TeamLoads ? others : others.filter((i) => i.id !== issue.id),
    );
    return { rule: rule.name, team: team.id, person: pick.person, cc: rule.cc, outcomes, strategy: pick.why };
  }
  return { rule: null, team: null, person: null, cc: [], outcomes, strategy: null };
}

/** Who is to be told of an assignment: the person (or the whole team) and the cc list. */
function audience(config: Config, team: string | null, person: string | null, cc: string[]): string[] {
  const members = person ? [person] : (config.teams.find((tm) => tm.id === team)?.members ?? []);
  return [...new Set([...members, ...cc])];
}

export interface Assignment {
  team: string | null;
  person: string | null;
  cc: string[];
  rule: string | null;
  reason: string | null;
}

/** Record an assignment: `new` moves to `assigned`; later it is a reassignment in place. */
export function assign(issue: Issue, a: Assignment, config: Config, at: string, by: string): Issue {
  const cc = [...new Set([...issue.cc, ...a.cc])];
  const details = {
    note: a.reason,
    rule: a.rule,
    notify: audience(config, a.team, a.person, cc),
    assignee: { team: a.team, person: a.person },
  };
  const moved =
    issue.status === 'new' || issue.status === 'assigned'
      ? transition(issue, 'dispatch', at, by, details)
      : transition(issue, 'reassign', at, by, details);
  return { ...moved, assignee: { team: a.team, person: a.person }, cc };
}
