// The config's cross-references that its schema alone cannot check: people in teams and rules,
// roles someone holds, fields and their values, the calendar's timezone.
import type { Config } from './config.js';
import { queryProblems } from './query-check.js';
import { isValidTimeZone } from './time.js';

export interface ConfigProblem {
  path: (string | number)[];
  found: unknown;
  expected: string;
}

/** References between parts of the config that the schema alone cannot check. */
export function configReferenceProblems(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const people = new Set<string>();
  const emails = new Map<string, string>();
  config.people.forEach((p, i) => {
    if (people.has(p.id)) problems.push({ path: ['people', i, 'id'], found: p.id, expected: 'a person id used once' });
    people.add(p.id);
    if (p.email) {
      const key = p.email.toLowerCase();
      if (emails.has(key)) {
        problems.push({
          path: ['people', i, 'email'],
          found: p.email,
          expected: `an e-mail not already used by ${emails.get(key)}`,
        });
      }
      emails.set(key, p.id);
    }
  });
  const teams = new Set<string>();
  config.teams.forEach((team, i) => {
    if (teams.has(team.id))
      problems.push({ path: ['teams', i, 'id'], found: team.id, expected: 'a team id used once' });
    teams.add(team.id);
    team.members.forEach((m, j) => {
      if (!people.has(m))
        problems.push({ path: ['teams', i, 'members', j], found: m, expected: 'a person id from people' });
    });
    if (team.strategy === 'lead' && !team.lead) {
      problems.push({ path: ['teams', i, 'lead'], found: undefined, expected: 'a lead, because the strategy is lead' });
    }
    if (team.lead && !people.has(team.lead)) {
      problems.push({ path: ['teams', i, 'lead'], found: team.lead, expected: 'a person id from people' });
    }
  });
  config.dispatch.forEach((rule, i) => {
    const of = ` (rule "${rule.name}")`;
    if (rule.assign.team && !teams.has(rule.assign.team)) {
      problems.push({
        path: ['dispatch', i, 'assign', 'team'],
        found: rule.assign.team,
        expected: `a team id from teams${of}`,
      });
    }
    if (rule.assign.person && !people.has(rule.assign.person)) {
      problems.push({
        path: ['dispatch', i, 'assign', 'person'],
        found: rule.assign.person,
        expected: `a person id from people${of}`,
      });
    }
    rule.cc.forEach((c, j) => {
      if (!people.has(c))
        problems.push({ path: ['dispatch', i, 'cc', j], found: c, expected: `a person id from people${of}` });
    });
  });
  config.dispatch.forEach((rule, i) => {
    problems.push(
      ...queryProblems(rule.when, ['dispatch', i, 'when']).map((p) => ({
        ...p,
        expected: `${p.expected} (rule "${rule.name}")`,
      })),
    );
  });
  config.approval.forEach((rule, i) => {
    problems.push(...queryProblems(rule.when, ['approval', i, 'when']));
    (rule.roles ?? [rule.role ?? '']).forEach((role, j) => {
      if (!config.people.some((p) => p.roles.includes(role)))
        problems.push({
          path: rule.roles ? ['approval', i, 'roles', j] : ['approval', i, 'role'],
          found: role,
          expected: 'a role that someone in people holds',
        });
    });
  });
  if (config.acceptance.role && !config.people.some((p) => p.roles.includes(config.acceptance.role as string))) {
    problems.push({
      path: ['acceptance', 'role'],
      found: config.acceptance.role,
      expected: 'a role that someone in people holds',
    });
  }
  const ids = new Set<string>();
  config.fields.forEach((f, i) => {
    if (ids.has(f.id)) problems.push({ path: ['fields', i, 'id'], found: f.id, expected: 'a field id used once' });
    ids.add(f.id);
    if (f.type === 'enum' && !f.values?.length)
      problems.push({ path: ['fields', i, 'values'], found: f.values, expected: 'the values an enum field takes' });
  });
  const tz = config.sla.calendar?.timezone;
  if (tz && !isValidTimeZone(tz)) {
    problems.push({
      path: ['sla', 'calendar', 'timezone'],
      found: tz,
      expected: 'an IANA timezone such as Asia/Shanghai',
    });
  }
  return problems;
}
