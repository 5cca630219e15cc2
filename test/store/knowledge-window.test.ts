// new's suggestions look at the accepted issues among the latest: with no saved index, new
// builds and saves that window only, and later runs update it in place. The window must rank
// as an index of exactly the latest issues would, as it moves; kb search replaces it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS script
import { generateStore } from '../../fixtures/generate-store.js';
import type { Issue } from '../../src/domain/issue.js';
import { buildIndex, byRank } from '../../src/domain/knowledge.js';
import { recordOf } from '../../src/store/issue-record.js';
import { indexPath } from '../../src/store/build.js';
import { readSaved } from '../../src/store/knowledge-file.js';
import { openKnowledge } from '../../src/store/knowledge-index.js';
import { Store } from '../../src/store/store.js';

const LATEST = 100;
const QUERY = 'X100 主轴 异响 漏油 扭矩';
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'as-kb-window-'));
  await generateStore(dir, 300);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const git = (...args: string[]) => execFileSync('git', args, { cwd: dir }).toString();
const files = () =>
  readdirSync(join(dir, 'issues'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
const ranked = (results: { id: unknown; score: number }[]) =>
  results.map((r) => `${String(r.id)} ${Math.round(r.score * 1e6)}`);

/** The search as an index built from the latest issue files alone would rank it. */
function expected(): string[] {
  const latest = files()
    .slice(-LATEST)
    .map((f) => recordOf(`issues/${f}`, readFileSync(join(dir, 'issues', f), 'utf8')).issue as Issue);
  return ranked(buildIndex(latest).search(QUERY).sort(byRank));
}

async function searched(latest: number | null = LATEST) {
  const store = await Store.open(dir);
  const kb = await openKnowledge(store, { query: QUERY, latest: latest ?? undefined });
  const saved = readSaved(indexPath(store.paths.runtimeDir, 'knowledge'));
  const head = saved?.head;
  saved?.close();
  return { ranked: ranked(kb.index.search(QUERY).sort(byRank)), head };
}

/** Copies of accepted issues under later IDs, committed: solved issues joining the store. */
function solvedLater(n: number, from: number) {
  const accepted = files().filter((f) => /\nstatus: accepted\n/.test(readFileSync(join(dir, 'issues', f), 'utf8')));
  for (let i = 0; i < n; i++) {
    const source = accepted[i % accepted.length] as string;
    const id = `AS-ZZZZ-${String(from + i).padStart(6, '0')}`;
    const text = readFileSync(join(dir, 'issues', source), 'utf8').replace(/^id: .*$/m, `id: ${id}`);
    writeFileSync(join(dir, 'issues', `${id}.yaml`), text);
  }
  git('add', '-A');
  git('commit', '-qm', 'solved later');
}

describe("new's window of the knowledge base", () => {
  it('is saved from the latest issues on, kept as it moves, and replaced by kb search', async () => {
    const first = await searched();
    expect(first.head?.window).toBe(files().at(-LATEST)?.slice(0, -5));
    expect(first.head?.members).toHaveLength(LATEST);
    expect(first.ranked.length).toBeGreaterThan(3);
    expect(first.ranked).toEqual(expected());

    // 30 solved issues later: the window grows from its first ID, ranked as the latest 100
    solvedLater(30, 1);
    const moved = await searched();
    expect(moved.head?.window).toBe(first.head?.window);
    expect(moved.head?.members).toHaveLength(LATEST + 30);
    expect(moved.head?.documentCount).toBeGreaterThan(first.head?.documentCount ?? 0);
    expect(moved.ranked).toEqual(expected());
    expect(moved.ranked).not.toEqual(first.ranked);

    // kb search wants every accepted issue: the window is built again whole
    const whole = await searched(null);
    expect(whole.head?.window).toBeUndefined();
    expect(whole.head?.members).toHaveLength(files().length);
    // and new narrows the whole index to the same ranking
    expect((await searched()).ranked).toEqual(expected());
  });

  it('is built again once it no longer holds the latest issues', async () => {
    rmSync(indexPath(join(dir, '.git', 'aftersales'), 'knowledge'));
    const saved = await searched();
    expect(saved.head?.window).toBe(files().at(-LATEST)?.slice(0, -5));
    // the 60 latest removed: the window's first ID is no longer among the latest 100
    git(
      'rm',
      '-q',
      ...files()
        .slice(-60)
        .map((f) => `issues/${f}`),
    );
    git('commit', '-qm', 'removed');
    const rebuilt = await searched();
    expect(rebuilt.head?.window).toBe(files().at(-LATEST)?.slice(0, -5));
    expect(rebuilt.head?.window).not.toBe(saved.head?.window);
    expect(rebuilt.ranked).toEqual(expected());
  });

  it('tells its progress while it builds the whole index, and only then', async () => {
    solvedLater(400, 100);
    rmSync(indexPath(join(dir, '.git', 'aftersales'), 'knowledge'));
    const heard: [number, number][] = [];
    const store = await Store.open(dir);
    const progress = (done: number, total: number) => heard.push([done, total]);
    const kb = await openKnowledge(store, { query: QUERY, progress });
    // counted in issue files read, of which the solved ones are indexed
    const total = files().length;
    expect(kb.index.documentCount).toBeGreaterThan(500);
    expect(total).toBeGreaterThan(kb.index.documentCount);
    expect(heard.at(-1)).toEqual([total, total]);
    expect(heard.map(([done]) => done)).toEqual([...heard.map(([done]) => done)].sort((a, b) => a - b));
    expect(heard.length).toBe(Math.ceil(total / 250));
    heard.length = 0;
    await openKnowledge(await Store.open(dir), { query: QUERY, progress });
    expect(heard).toEqual([]); // a saved index: nothing to build
  });
});
