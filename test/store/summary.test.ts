import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS script
import { generateStore } from '../../fixtures/generate-store.js';
import type { Issue } from '../../src/domain/issue.js';
import { toHit } from '../../src/domain/knowledge.js';
import { recordOf } from '../../src/store/issue-record.js';
import { expandSummary, storedSummary, summaryOf } from '../../src/store/summary.js';

let dir: string;
let issues: Issue[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'as-summary-'));
  await generateStore(dir, 300);
  issues = readdirSync(join(dir, 'issues')).map(
    (f) => recordOf(f, readFileSync(join(dir, 'issues', f), 'utf8')).issue as Issue,
  );
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the summary view as stored', () => {
  it('reads back as exactly summaryOf the issue, for every kind of lifecycle', () => {
    expect(issues).toHaveLength(300);
    for (const issue of issues) {
      const stored = JSON.parse(JSON.stringify(storedSummary(issue)));
      expect(expandSummary(stored), issue.id).toStrictEqual(summaryOf(issue));
    }
  });

  it('keeps what counting commands read and drops what only people read', () => {
    const withPending = issues.find((i) => i.actions.some((a) => !a.done_at && !a.withdrawn_at));
    const withDone = issues.find((i) => i.actions.some((a) => a.done_at && a.kind !== 'temporary'));
    expect(withPending && withDone).toBeTruthy();
    const pending = (withPending as Issue).actions.find((a) => !a.done_at && !a.withdrawn_at);
    expect(summaryOf(withPending as Issue).actions.find((a) => a.id === pending?.id)?.what).toBe(pending?.what);
    const done = (withDone as Issue).actions.find((a) => a.done_at && a.kind !== 'temporary');
    expect(summaryOf(withDone as Issue).actions.find((a) => a.id === done?.id)?.what).toBe('');
    for (const issue of issues) {
      const s = summaryOf(issue);
      expect(s.history.filter((e) => e.to !== null).map((e) => [e.at, e.from, e.to])).toStrictEqual(
        issue.history.filter((e) => e.to !== null).map((e) => [e.at, e.from, e.to]),
      );
      expect(s.history.filter((e) => e.assignee).length).toBe(issue.history.filter((e) => e.assignee).length);
      expect(s.description).toBeNull();
      expect(JSON.stringify(storedSummary(issue)).length).toBeLessThan(JSON.stringify(issue).length / 2);
    }
  });

  it("gives `new`'s suggestions the same root cause and fix as the whole issue", () => {
    const result = { id: '', score: 1, terms: [], queryTerms: [], match: {} };
    const known = issues.filter((i) => i.status === 'accepted');
    expect(known.length).toBeGreaterThan(50);
    for (const issue of [...known, { ...known[0], knowledge: null } as Issue]) {
      const { fix, root_cause, reopened } = toHit(result, summaryOf(issue), []);
      expect({ fix, root_cause, reopened }, issue.id).toStrictEqual({
        fix: toHit(result, issue, []).fix,
        root_cause: toHit(result, issue, []).root_cause,
        reopened: toHit(result, issue, []).reopened,
      });
    }
  });

  it('refuses what is not a stored summary, so the index parses the file again', () => {
    expect(() => expandSummary({ id: 'AS-0000-000000', history: [] })).toThrow();
    expect(() => expandSummary(null)).toThrow();
  });
});
