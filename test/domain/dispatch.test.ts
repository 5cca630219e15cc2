import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Config } from '../../src/domain/config.js';
import { configReferenceProblems } from '../../src/domain/config.js';
import { assign, decide, pickMember } from '../../src/domain/dispatch.js';
import type { Issue } from '../../src/domain/issue.js';
import { registerIssue, type Registration } from '../../src/domain/register.js';
import { FIXTURES } from '../helpers.js';

/** The config's first team, which these tests always define. */
function firstTeam(config: { teams: Config['teams'] }): Config['teams'][number] {
  const [first] = config.teams;
  if (!first) throw new Error('the config has no team');
  return first;
}

const plant = parse(readFileSync(join(FIXTURES, 'config', 'plant.yaml'), 'utf8'));
const NOW = new Date('2026-11-23T02:00:00Z');
let n = 0;
function issue(config: Config, r: Partial<Registration> = {}): Issue {
  n++;
  return registerIssue(
    { title: `问题 ${n}`, type: 'hardware', severity: 'high', customer: '华东机械厂', ...r },
    `AS-0RRT-${String(n).padStart(6, '0')}`,
    config,
    NOW,
    'li.si',
  );
}
const withRules = (dispatch: unknown[], extra: Record<string, unknown> = {}) =>
  Config.parse({ ...plant, dispatch, ...extra });
const rule = (name: string, when: Record<string, unknown>, person = 'li.si') => ({ name, when, assign: { person } });

describe('dispatch rules', () => {
  it('are tried in order and the first match wins', () => {
    const config = withRules([
      rule('A', { type: 'hardware' }, 'chen.qi'),
      rule('B', { type: 'hardware' }, 'li.si'),
      rule('all', {}, 'sun.ba'),
    ]);
    expect(decide(issue(config), config, () => []).person).toBe('chen.qi');
    const d = decide(issue(config, { type: 'usage' }), config, () => []);
    expect([d.rule, d.person]).toEqual(['all', 'sun.ba']); // an empty `when` matches all
    expect(d.outcomes.map((o) => o.matched)).toEqual([false, false, true]);
    expect(d.outcomes[0]?.mismatch).toEqual({ key: 'type', found: 'usage', wanted: 'hardware' });
  });

  it('support every operator of the query language', () => {
    const i = issue(withRules([]), {
      product: 'X100',
      line: 'A',
      component: '主轴',
      title: 'X100 主轴低速异响',
      severity: 'critical',
    });
    const cases: [Record<string, unknown>, boolean][] = [
      [{ type: 'hardware', 'product.line': 'A' }, true],
      [{ 'product.line': 'B' }, false],
      [{ severity: { $in: ['critical', 'high'] } }, true],
      [{ severity: { $nin: ['critical'] } }, false],
      [{ title: { $regex: '异响$' } }, true],
      [{ title: { $regex: '^x100', $options: 'i' } }, true],
      [{ 'product.component': { $exists: true } }, true],
      [{ description: { $exists: true, $ne: null } }, false],
      [{ reported_at: { $gt: '2026-11-01' } }, true],
      [{ reported_at: { $gte: '2026-11-23T10:00:00+08:00' } }, true],
      [{ reported_at: { $lt: '2026-11-01' } }, false],
      [{ reported_at: { $lte: '2026-11-23T10:00:00+08:00' } }, true],
      [{ $and: [{ type: 'hardware' }, { severity: 'critical' }] }, true],
      [{ $or: [{ type: 'software-bug' }, { severity: 'critical' }] }, true],
      [{ $or: [{ type: 'software-bug' }, { severity: 'low' }] }, false],
      [{ severity: { $not: { $in: ['low', 'medium'] } } }, true],
      [{ $nor: [{ type: 'usage' }] }, true],
    ];
    for (const [when, expected] of cases) {
      const config = withRules([rule('r', when)]);
      expect(decide(i, config, () => []).rule !== null, JSON.stringify(when)).toBe(expected);
    }
  });

  it('are checked when the config loads: unknown operators, $where, teams and people', () => {
    const problems = configReferenceProblems(
      withRules([
        { name: 'x', when: { severity: { $oneOf: ['a'] } }, assign: { team: 'ghost' } },
        { name: 'y', when: { $where: 'this.x' }, assign: { person: 'nobody' }, cc: ['ghost2'] },
        { name: 'z', when: { title: { $regex: '(' } }, assign: { person: 'li.si' } },
      ]),
    ).map((p) => `${p.path.join('.')}: ${String(p.found)}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'dispatch.0.assign.team: ghost',
        'dispatch.1.assign.person: nobody',
        'dispatch.1.cc.0: ghost2',
        'dispatch.0.when.severity.$oneOf: $oneOf',
        'dispatch.1.when.$where: $where',
        'dispatch.2.when.title.$regex: (',
      ]),
    );
  });

  it('skip a person rule whose person is away', () => {
    const config = withRules([rule('away', {}, 'zhou.jiu'), rule('next', {}, 'li.si')]);
    const d = decide(issue(config), config, () => []);
    expect(d.person).toBe('li.si');
    expect(d.outcomes[0]?.away).toBe('zhou.jiu');
  });
});

describe('team strategies', () => {
  const team = (strategy: string, members: string[], lead?: string) =>
    withRules([{ name: 't', when: {}, assign: { team: 'x' } }], { teams: [{ id: 'x', members, strategy, lead }] });

  it('round-robin: the member who least recently received an issue from the team; never counts as least recent; ties by order', () => {
    const config = team('round-robin', ['li.si', 'chen.qi', 'sun.ba']);
    const store: Issue[] = [];
    const picks: string[] = [];
    for (let k = 0; k < 7; k++) {
      const i = issue(config);
      const at = new Date(NOW.getTime() + k * 60_000).toISOString();
      const d = decide(i, config, () => store);
      const done = assign(i, { ...d, reason: null }, config, at, 'li.si');
      store.push(done);
      picks.push(done.assignee.person as string);
    }
    expect(picks).toEqual(['li.si', 'chen.qi', 'sun.ba', 'li.si', 'chen.qi', 'sun.ba', 'li.si']);
    // a new member has never received one: they are next
    const grown = team('round-robin', ['li.si', 'chen.qi', 'sun.ba', 'zhao.liu']);
    expect(pickMember(firstTeam(grown), grown, store).person).toBe('zhao.liu');
  });

  it('least-loaded: fewest open issues, ties by order, closed issues do not count', () => {
    const config = team('least-loaded', ['li.si', 'chen.qi']);
    const own = (person: string, status: Issue['status'] = 'assigned') => ({
      ...issue(config),
      status,
      assignee: { team: 'x', person },
    });
    expect(pickMember(firstTeam(config), config, []).person).toBe('li.si');
    expect(pickMember(firstTeam(config), config, [own('li.si')]).person).toBe('chen.qi');
    expect(pickMember(firstTeam(config), config, [own('li.si'), own('chen.qi')]).person).toBe('li.si');
    expect(
      pickMember(firstTeam(config), config, [
        own('li.si'),
        own('chen.qi'),
        own('chen.qi', 'accepted'),
        own('chen.qi', 'cancelled'),
      ]).person,
    ).toBe('li.si');
  });

  it('lead, and away people are skipped by every strategy', () => {
    expect(
      pickMember(
        firstTeam(team('lead', ['li.si', 'sun.ba'], 'sun.ba')),
        team('lead', ['li.si', 'sun.ba'], 'sun.ba'),
        [],
      ).person,
    ).toBe('sun.ba');
    const awayLead = team('lead', ['zhou.jiu', 'sun.ba'], 'zhou.jiu');
    expect(pickMember(firstTeam(awayLead), awayLead, []).person).toBe('sun.ba');
    const rr = team('round-robin', ['zhou.jiu', 'li.si']);
    expect(pickMember(firstTeam(rr), rr, []).person).toBe('li.si');
    const ll = team('least-loaded', ['zhou.jiu', 'chen.qi']);
    expect(pickMember(firstTeam(ll), ll, []).person).toBe('chen.qi');
    const nobody = team('round-robin', ['zhou.jiu']);
    const d = decide(issue(nobody), nobody, () => []);
    expect([d.team, d.person]).toEqual(['x', null]);
  });
});
