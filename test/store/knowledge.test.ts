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
import { narrowed } from '../../src/domain/narrowed-index.js';
import { blockSize, buildSaved } from '../../src/domain/knowledge-build.js';
import type { SearchResult } from 'minisearch';

let dir: string;
let issues: Issue[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'as-knowledge-'));
  await generateStore(dir, 400);
  issues = readdirSync(join(dir, 'issues'))
    .sort()
    .map((f) => recordOf(f, readFileSync(join(dir, 'issues', f), 'utf8')).issue as Issue);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recurrences', () => {
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

describe('an index narrowed to some of its documents', () => {
  it('ranks as an index built from those documents alone', () => {
    const docs = knowledgeDocs(issues);
    const latest = docs.slice(-Math.floor(docs.length / 3));
    const keep = new Set(latest.map((d) => d.id));
    const whole = buildIndex([], docs).toJSON();
    const some = loadIndexParts(narrowed(whole, keep));
    const alone = buildIndex([], latest);
    for (const query of ['X100 主轴异响', '液压站 漏油 密封圈', '轴承', '控制器 报警']) {
      const ranked = (found: SearchResult[]) => found.map((r) => [r.id, r.score.toFixed(9)]);
      expect(ranked(some.search(query)), query).toEqual(ranked(alone.search(query)));
      expect(some.search(query).length, query).toBeGreaterThan(0);
      expect(some.search(query).length, query).toBeLessThan(buildIndex([], docs).search(query).length);
    }
  });
});

describe('the index built whole without MiniSearch', () => {
  it('is what MiniSearch saves, number for number, and ranks as it does', () => {
    const docs = [
      ...knowledgeDocs(issues),
      { ...knowledgeDocs(issues)[0], id: 'E1', title: 'Spindle BEARING noise, bearing worn', description: '' },
      // counts of 63 and more are kept apart from the posting (see knowledge-build.ts)
      { ...knowledgeDocs(issues)[0], id: 'MANY', description: `${'noise '.repeat(63)}${'worn '.repeat(700)}` },
    ] as KnowledgeDoc[];
    const { index, storedFields, ...theirs } = buildIndex([], docs).toJSON();
    const built = buildSaved(docs);
    expect(built.head).toEqual({ ...theirs, storedFields: {} });
    expect(Object.keys(storedFields).length).toBe(docs.length); // (the title, not kept: hits read their files)
    const ours = new Map([...built.terms].map(([term, json]) => [term, json.toString()]));
    expect(ours.size).toBe(index.length);
    for (const [term, postings] of index) expect(ours.get(term), term).toBe(JSON.stringify(postings));
    expect(ours.get('worn')).toContain(':700');
    const loaded = loadIndexParts({
      ...built.head,
      index: [...ours].map(([term, json]) => [term, JSON.parse(json)]),
    });
    const whole = buildIndex([], docs);
    for (const query of ['X100 主轴异响', '液压站 漏油 密封圈', 'bearing', 'bearng noise', '轴承']) {
      const ranked = (found: SearchResult[]) => found.map((r) => [r.id, r.score, r.terms]);
      expect(ranked(loaded.search(query)), query).toEqual(ranked(whole.search(query)));
      expect(loaded.search(query).length, query).toBeGreaterThan(0);
    }
  });
});

describe("a term's postings", () => {
  it('grow in blocks of at most 64 Ki slots, for a term in a million documents too', () => {
    const sizes = Array.from({ length: 100 }, (_, n) => blockSize(n));
    expect(sizes.slice(0, 3)).toEqual([16, 32, 64]);
    expect(Math.max(...sizes)).toBe(2 ** 16);
    expect(Math.min(...sizes)).toBe(16);
    // past a million slots (the 28th block), where 16 << n overflowed
    expect(sizes.slice(0, 28).reduce((a, b) => a + b, 0)).toBeGreaterThan(2 ** 20);
  });
});
