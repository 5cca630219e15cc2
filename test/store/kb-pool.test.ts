import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS script
import { generateStore } from '../../fixtures/generate-store.js';
import type { Issue } from '../../src/domain/issue.js';
import {
  buildIndex,
  knowledgeDocs,
  loadIndexParts,
  recurrences,
  recurrencesOf,
  causeEntry,
  termFilter,
  type KnowledgeDoc,
} from '../../src/domain/knowledge.js';
import { recordOf } from '../../src/store/issue-record.js';
import { poolOf, SUGGESTION_POOL } from '../../src/store/kb-pool.js';

let dir: string;
let issues: Issue[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'as-kb-pool-'));
  await generateStore(dir, 400);
  issues = readdirSync(join(dir, 'issues'))
    .sort()
    .map((f) => recordOf(f, readFileSync(join(dir, 'issues', f), 'utf8')).issue as Issue);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("new's pool", () => {
  it('is the latest 1,500 to 1,599 issues, its start moving on a hundred at a time', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `AS-${String(i).padStart(6, '0')}`);
    expect(poolOf(ids(10))).toEqual(ids(10));
    expect(poolOf(ids(SUGGESTION_POOL))).toHaveLength(SUGGESTION_POOL);
    expect(poolOf(ids(1599))).toHaveLength(1599);
    expect(poolOf(ids(1600))).toEqual(ids(1600).slice(100));
    expect(poolOf(ids(20_000))[0]).toBe('AS-018500');
    expect(poolOf(ids(20_099))).toHaveLength(1599);
    expect(poolOf(ids(20_100))).toHaveLength(1500);
  });

  it('finds the same recurrences in each issue’s cause entry as in the whole issues', () => {
    expect(recurrencesOf(JSON.parse(JSON.stringify(issues.map(causeEntry))))).toEqual(recurrences(issues));
    expect(recurrences(issues).size).toBeGreaterThan(0);
  });
});

describe('an index holding only the terms a query can match', () => {
  const english = (id: string, title: string): KnowledgeDoc => ({
    id,
    title,
    description: '',
    product: '',
    root_cause: '',
    analysis: '',
    fix: '',
    actions: '',
    acceptance: '',
    type: 'hardware',
    line: '',
    component: '',
  });

  it('ranks every query exactly as the whole index does: Chinese words, prefixes and typos', () => {
    const docs = [
      ...knowledgeDocs(issues),
      english('E1', 'Spindle bearing noise at low speed'),
      english('E2', 'bearings worn, replaced with 6205-2RS'),
      english('E3', 'controller firmware update failed'),
      english('E4', 'hydraulic pump leaking oil 液压站漏油'),
    ];
    const whole = buildIndex([], docs);
    const saved = whole.toJSON();
    const queries = [
      'X100 主轴异响',
      '液压站 漏油 密封圈',
      'spin',
      'hydra leak',
      'bearing',
      'bearng noise',
      'firmwre updte',
      'contrller 控制器 报警',
      'X200',
      '轴承',
    ];
    for (const query of queries) {
      const wanted = termFilter(query);
      const some = loadIndexParts({ ...saved, index: saved.index.filter(([term]) => wanted(term)) });
      expect(some.search(query), query).toEqual(whole.search(query));
      expect(whole.search(query).length, query).toBeGreaterThan(0);
    }
    // and it holds far fewer terms than the whole index
    const wanted = termFilter('X100 主轴异响');
    expect(saved.index.filter(([term]) => wanted(term)).length).toBeLessThan(saved.index.length / 5);
  });
});
