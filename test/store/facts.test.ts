import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS script
import { generateStore } from '../../fixtures/generate-store.js';
import { factsOf } from '../../src/domain/facts.js';
import type { Issue } from '../../src/domain/issue.js';
import { dueItems } from '../../src/domain/overdue.js';
import { readFacts, storedFacts } from '../../src/store/facts.js';
import { recordOf } from '../../src/store/issue-record.js';

let dir: string;
let issues: Issue[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'as-facts-'));
  await generateStore(dir, 300);
  issues = readdirSync(join(dir, 'issues')).map(
    (f) => recordOf(f, readFileSync(join(dir, 'issues', f), 'utf8')).issue as Issue,
  );
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the facts view as stored', () => {
  it('reads back as exactly factsOf the issue, for every kind of lifecycle', () => {
    expect(issues).toHaveLength(300);
    // the generator writes no compensation: one issue gets two (one without an amount)
    const accepted = issues.find((i) => i.acceptance.rounds.length > 0) as Issue;
    const round = accepted.acceptance.rounds[0] as Issue['acceptance']['rounds'][number];
    const compensated = {
      ...accepted,
      acceptance: {
        ...accepted.acceptance,
        rounds: [
          { ...round, compensation: { kind: '折扣', amount: 500, currency: 'CNY', note: null } },
          { ...round, round: 2, compensation: { kind: '延保', amount: null, currency: null, note: '一年' } },
        ],
      },
    };
    const kinds = new Set<string>();
    for (const issue of [...issues, compensated]) {
      const stored = JSON.parse(JSON.stringify(storedFacts(issue)));
      const facts = factsOf(issue);
      expect(readFacts(stored), issue.id).toStrictEqual(facts);
      kinds.add(facts.status);
      for (const d of facts.deadlines) kinds.add(d.kind);
      if (facts.compensations.length) kinds.add('compensation');
      if (facts.reopened) kinds.add('reopened');
    }
    // the generated store has every case the encoding distinguishes
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'accepted',
        'action',
        'compensation',
        'new',
        'reopened',
        'resolution',
        'response',
        'temporary',
      ]),
    );
  });

  it('are the issue’s own dates and deadlines', () => {
    for (const issue of issues) {
      const f = factsOf(issue);
      expect(f.reported).toBe(Date.parse(issue.reported_at));
      expect(f.deadlines.map(({ at, index, ...item }) => item)).toStrictEqual(dueItems(issue));
      for (const d of f.deadlines) {
        expect(d.at).toBe(Date.parse(d.due));
        if (d.action !== null) expect(issue.actions[d.index as number]?.id).toBe(d.action);
      }
      const accepts = issue.history.filter((e) => e.to === 'accepted').map((e) => Date.parse(e.at));
      expect(f.acceptedAt).toBe(accepts.length ? Math.max(...accepts) : null);
      expect(f.changes.length).toBe(2 * issue.history.filter((e) => e.to !== null).length);
    }
  });

  it('refuses what is not stored facts, so the index parses the file again', () => {
    expect(() => readFacts({ i: 'AS-0000-000000', h: [] })).toThrow();
    expect(() => readFacts(null)).toThrow();
    expect(() => readFacts(['AS-0000-000000'])).toThrow();
  });
});
