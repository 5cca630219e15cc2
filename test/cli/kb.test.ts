import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureStore, git, ok, read, run, tempDir, write } from '../helpers.js';

/** An accepted issue written by hand, from a template issue of the fixture store. */
function accepted(
  dir: string,
  id: string,
  fields: {
    title: string;
    description?: string;
    root: string;
    fix: string;
    line?: string;
    component?: string;
    type?: string;
  },
) {
  const text = read(dir, 'issues/AS-0RR0-00000A.yaml')
    .replace(/AS-0RR0-00000A/g, id)
    .replace('title: A — X100 轴承异响', `title: ${fields.title}`)
    .replace('root_cause: 轴承选型载荷余量不足', `root_cause: ${fields.root}`)
    .replace('what: 更换为 6205-2RS 轴承', `what: ${fields.fix}`)
    .replace('direct_cause: 轴承润滑不足', 'direct_cause: 见根本原因')
    .replace(
      'product: { name: X100, line: A, component: 轴承 }',
      `product: { name: P, line: ${fields.line ?? 'Z'}, component: ${fields.component ?? '其他'} }`,
    )
    .replace('type: hardware', `type: ${fields.type ?? 'hardware'}`)
    .replace('reported_at:', `${fields.description ? `description: ${fields.description}\n` : ''}reported_at:`);
  write(dir, `issues/${id}.yaml`, text);
}

const KNOWLEDGE = '.git/aftersales/knowledge-v2.jsonl';

const search = async (dir: string, ...q: string[]) =>
  JSON.parse(await ok(dir, ['kb', 'search', ...q, '--json'])) as {
    id: string;
    snippet: string;
    recurred: string[];
    reopened: boolean;
    root_cause: string;
  }[];

describe('aftersales kb search', () => {
  it('finds Chinese words in any order, split across fields, and marks fixes that recurred', async () => {
    const dir = fixtureStore('kpi');
    for (const q of [['主轴异响'], ['异响', '主轴'], [`${'响异'.split('').reverse().join('')}主轴`]]) {
      const ids = (await search(dir, ...q)).map((h) => h.id);
      expect(ids.slice(0, 2).sort(), q.join(' ')).toEqual(['AS-0RR0-00000C', 'AS-0RR0-00000G']);
    }
    // 润滑 sits in the root cause, 噪音 in the actions' verification
    const split = await search(dir, '噪音', '润滑');
    expect(split[0]?.id).toMatch(/AS-0RR0-00000[CG]/);
    const g = (await search(dir, '主轴异响')).find((h) => h.id === 'AS-0RR0-00000G');
    expect(g?.recurred).toEqual(['AS-0RR0-00000C']); // its root cause came back in C
    expect(g?.snippet).toContain('【主轴异响】');
    expect((await search(dir, '主轴异响')).find((h) => h.id === 'AS-0RR0-00000C')?.reopened).toBe(true);
    // typed in traditional characters, as a customer in Taiwan or Hong Kong would
    const traditional = (await search(dir, '主軸異響')).map((h) => h.id);
    expect(traditional.slice(0, 2).sort()).toEqual(['AS-0RR0-00000C', 'AS-0RR0-00000G']);
  });

  it('shows a hit whose file only the careful reader takes (a YAML tag)', async () => {
    const dir = fixtureStore('kpi');
    await search(dir, '主轴异响'); // the index is built: the hit is now read from its file
    const file = 'issues/AS-0RR0-00000G.yaml';
    const text = read(dir, file);
    const title = /^title: (.*)$/m.exec(text)?.[1] ?? '';
    write(dir, file, text.replace(/^title: .*$/m, `title: !!str ${title}（复查）`));
    const g = (await search(dir, '主轴异响')).find((h) => h.id === 'AS-0RR0-00000G') as unknown as { title: string };
    expect(g.title).toBe(`${title}（复查）`);
  });

  it('leaves out open issues: they are not knowledge yet', async () => {
    const dir = fixtureStore('kpi');
    expect(await search(dir, '补偿系数表')).toEqual([]); // H's root cause; H is in progress
    expect(await search(dir, '密封圈')).toEqual([]); // D's; in progress
    const r = await run(dir, ['kb', 'search', '补偿系数表']);
    expect(r.stderr).toBe('No validated solution matches.\n');
  });

  it('a root-cause hit ranks above a description hit; English words match their forms', async () => {
    const dir = fixtureStore('kpi');
    accepted(dir, 'AS-0RR0-0000R1', {
      title: '客户投诉一',
      description: '现场发现液压站附近有油迹',
      root: '其他原因',
      fix: '清洁',
    });
    accepted(dir, 'AS-0RR0-0000R2', { title: '客户投诉二', root: '液压站溢流阀设定过高', fix: '溢流阀设定为 16 MPa' });
    const hits = await search(dir, '液压站');
    expect(hits.map((h) => h.id)).toEqual(['AS-0RR0-0000R2', 'AS-0RR0-0000R1']);
    accepted(dir, 'AS-0RR0-0000E1', {
      title: 'Hydraulic pump leaks at high temperature',
      root: 'Seal material rated below the operating temperature',
      fix: 'Use FKM seals rated to 200 C',
    });
    expect((await search(dir, 'seal', 'leak')).map((h) => h.id)).toEqual(['AS-0RR0-0000E1']);
    expect((await search(dir, 'temperatures')).map((h) => h.id)).toEqual(['AS-0RR0-0000E1']); // a small typo / form
    expect((await run(dir, ['kb', 'search', '--limit', '0', 'x'])).code).toBe(2);
  });
});

describe('aftersales similar and the suggestions of new', () => {
  it('finds the obvious nearest neighbour, weighing product line, component and type', async () => {
    const dir = fixtureStore('kpi');
    accepted(dir, 'AS-0RR0-0000N1', {
      title: 'X200 液压站漏油',
      root: '密封圈材料耐温等级不足',
      fix: '密封圈改用氟橡胶',
      line: 'A',
      component: '液压站',
    });
    accepted(dir, 'AS-0RR0-0000N2', {
      title: '漏油',
      root: '油管接头松动',
      fix: '接头力矩 35 Nm',
      line: 'B',
      component: '油管',
      type: 'service',
    });
    const hits = JSON.parse(await ok(dir, ['similar', '00000D', '--json'])) as { id: string; root_cause: string }[];
    expect(hits[0]).toMatchObject({ id: 'AS-0RR0-0000N1', root_cause: '密封圈材料耐温等级不足' });
    expect(hits.map((h) => h.id)).not.toContain('AS-0RR0-00000D');
    const text = await ok(dir, ['similar', '00000D']);
    expect(text).toMatch(/^1\. AS-0RR0-0000N1 {2}X200 液压站漏油/);
    expect(text).toContain('root cause: 密封圈材料耐温等级不足');
    expect(text).toContain('fix: 密封圈改用氟橡胶');
  });

  it('new offers the three most similar solved issues on stderr, not with --quiet or --json', async () => {
    const dir = fixtureStore('kpi');
    git(dir, ['config', 'user.email', 'li.si@example.com']);
    const args = [
      'new',
      '--title',
      'X100 主轴异响，低速明显',
      '--type',
      'hardware',
      '--severity',
      'high',
      '--customer',
      'c',
      '--product',
      'X100',
      '--component',
      '主轴',
    ];
    const r = await run(dir, args, { env: { AFTERSALES_NOW: '2026-11-30T10:00:00+08:00' } });
    expect(r.stderr).toMatch(/Similar solved issues:\n {2}AS-0RR0-00000[GC] {2}[^\n]+— 作业指导书缺少润滑量要求/);
    expect(r.stderr.split('\n').filter((l) => /^ {2}AS-/.test(l))).toHaveLength(3);
    expect((await run(dir, [...args, '--quiet'])).stderr).toBe('');
    // without a commit to wait for, the search still goes on
    expect((await run(dir, [...args, '--no-commit'])).stderr).toMatch(/Similar solved issues:\n {2}AS-0RR0-00000[GC]/);
    expect((await run(dir, [...args, '--json'])).stderr).not.toMatch(/Similar/);
  });
});

describe('the saved search index of the knowledge base', () => {
  it('is updated, not rebuilt, as issues are solved, registered, edited and removed', async () => {
    const dir = fixtureStore('kpi');
    git(dir, ['config', 'user.email', 'li.si@example.com']);
    const env = { AFTERSALES_NOW: '2026-11-30T10:00:00+08:00', AFTERSALES_DEBUG_INDEX: '1' };
    const args = [
      'new',
      '--title',
      'X300 液压站漏油',
      '--type',
      'hardware',
      '--severity',
      'high',
      '--customer',
      'c',
      '--component',
      '液压站',
    ];
    const suggested = (stderr: string) =>
      stderr
        .split('\n')
        .filter((l) => /^ {2}AS-/.test(l))
        .map((l) => l.trim().split(' ')[0]);
    // with no saved index, new builds and saves one of the latest issues (here: all of them);
    // kb search then uses it as it is
    const first = await run(dir, args, { env });
    expect(first.stderr).toMatch(/kb index: built, 4 documents\n/);
    expect(first.code).toBe(0);
    expect((await run(dir, ['kb', 'search', '液压站'], { env })).stderr).not.toMatch(/kb index:/);
    // a newly solved issue joins the index: added, and found by new and by kb search
    accepted(dir, 'AS-0RR0-0000P1', {
      title: 'X300 液压站漏油',
      root: '密封圈老化',
      fix: '更换密封圈',
      component: '液压站',
    });
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-qm', 'solved']);
    const second = await run(dir, args, { env });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/kb index: 4 kept, 1 added, 0 discarded/);
    expect(suggested(second.stderr)[0]).toBe('AS-0RR0-0000P1');
    const found = await run(dir, ['kb', 'search', '密封圈老化', '--json'], { env });
    expect(found.stderr).not.toMatch(/kb index:/);
    expect(JSON.parse(found.stdout)[0].id).toBe('AS-0RR0-0000P1');
    // a registration is not knowledge: the index is kept as it is
    const again = await run(dir, args, { env });
    expect(again.stderr, again.stderr).not.toMatch(/kb index:/);
    // removed by hand: discarded, no longer suggested
    git(dir, ['rm', '-q', 'issues/AS-0RR0-0000P1.yaml']);
    git(dir, ['commit', '-qm', 'removed']);
    const third = await run(dir, args, { env });
    expect(third.stderr).toMatch(/kb index: 4 kept, 0 added, 1 discarded/);
    expect(suggested(third.stderr)).not.toContain('AS-0RR0-0000P1');
    // a hand edit that keeps the file's size and modification time is still seen
    const near = [
      'new',
      '--title',
      'X100 主轴异响',
      '--type',
      'hardware',
      '--severity',
      'high',
      '--customer',
      'c',
      '--product',
      'X100',
      '--component',
      '主轴',
    ];
    const file = join(dir, 'issues', 'AS-0RR0-00000G.yaml');
    const hits = suggested((await run(dir, near, { env })).stderr);
    expect(hits).toContain('AS-0RR0-00000G');
    const before = statSync(file);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('root_cause: 作业指导书缺少', 'root_cause: 作业指引书缺少'));
    expect(statSync(file).size).toBe(before.size);
    utimesSync(file, before.atime, before.mtime);
    const edited = await run(dir, near, { env });
    expect(edited.stderr).toMatch(/kb index: 3 kept, 1 added, 1 discarded/);
    expect(edited.stderr).toContain('作业指引书');
    const searched = await run(dir, ['kb', 'search', '作业指引书', '--json'], { env });
    expect(JSON.parse(searched.stdout)[0].id).toBe('AS-0RR0-00000G');
    writeFileSync(file, text);
    const restored = await run(dir, near, { env });
    expect(restored.stderr).toMatch(/kb index: 3 kept, 1 added, 1 discarded/);
    expect(suggested(restored.stderr)).toEqual(hits);
    // the same suggestions and search results as an index built from nothing, and as no index
    const query = ['kb', 'search', '主轴', '异响', '--json'];
    const kept = await ok(dir, query);
    rmSync(join(dir, '.git', 'aftersales', 'knowledge-v2.jsonl'));
    const fresh = await run(dir, near, { env }); // built again, from the latest issues
    expect(fresh.stderr).toMatch(/kb index: built, 4 documents\n/);
    expect(fresh.stderr.slice(fresh.stderr.indexOf('Similar'))).toBe(
      restored.stderr.slice(restored.stderr.indexOf('Similar')),
    );
    rmSync(join(dir, '.git', 'aftersales', 'knowledge-v2.jsonl'));
    const built = await run(dir, query, { env });
    expect(built.stderr).toMatch(/kb index: built, 4 documents/);
    expect(built.stdout).toBe(kept);
    expect(await ok(dir, ['--no-index', ...query])).toBe(kept);
    // a damaged or cut short saved index is built again, saved, and trusted from then on
    const saved = read(dir, KNOWLEDGE);
    for (const damaged of [saved.slice(0, -10), saved.replace(/\t\{"documentCount"/, '\t{"documentCount":[')]) {
      expect(damaged).not.toBe(saved);
      write(dir, KNOWLEDGE, damaged);
      const mended = await run(dir, query, { env });
      expect(mended.stderr).toMatch(/kb index: built, 4 documents/);
      expect(mended.stdout).toBe(kept);
      const trusted = await run(dir, near, { env });
      expect(trusted.stderr).not.toMatch(/kb index:/);
      expect(suggested(trusted.stderr)).toEqual(hits);
    }
    // damaged inside, where sizes still add up: a posting's first byte, the head's terms
    const whole = read(dir, KNOWLEDGE);
    const headAt = whole.indexOf('\nsearch\t') + '\nsearch\t'.length;
    const head = JSON.parse(whole.slice(headAt, whole.indexOf('\n', headAt))) as { terms: [string, number][] };
    // the posting of a term the search reads (offsets count bytes; the body before it is ASCII JSON)
    const at = head.terms.find(([term]) => term === '指导')?.[1] as number;
    const body = whole.lastIndexOf('\nsearch-body\t') + '\nsearch-body\t'.length + at;
    for (const damaged of [
      `${whole.slice(0, body)}#${whole.slice(body + 1)}`,
      whole.replace('"terms":[', '"terms":7,"x":['),
    ]) {
      write(dir, KNOWLEDGE, damaged);
      const mended = await run(dir, ['kb', 'search', '作业指导书', '--json'], { env });
      expect(mended.code, mended.stderr).toBe(0);
      expect(mended.stderr).toMatch(/kb index: damaged[\s\S]*kb index: built, 4 documents/);
    }
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });

  it('searches as well where its index cannot be saved', async () => {
    const dir = fixtureStore('kpi');
    const query = ['kb', 'search', '主轴', '异响', '--json'];
    const expected = await ok(dir, ['--no-index', ...query]);
    // a folder where the file would go: the index is built, then kept in memory for the run
    rmSync(join(dir, KNOWLEDGE), { force: true });
    mkdirSync(join(dir, KNOWLEDGE), { recursive: true });
    const env = { AFTERSALES_DEBUG_INDEX: '1' };
    for (let n = 0; n < 2; n++) {
      const r = await run(dir, query, { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/kb index: built, \d+ documents/);
      expect(r.stdout).toBe(expected);
    }
    rmSync(join(dir, KNOWLEDGE), { recursive: true });
    expect(await ok(dir, query)).toBe(expected);
    expect((await run(dir, query, { env })).stderr).not.toMatch(/kb index: built/);
  });

  it('builds its index from the issue files where their lines in the index are damaged', async () => {
    const dir = fixtureStore('kpi');
    const query = ['kb', 'search', '主轴', '异响', '--json'];
    const expected = await ok(dir, ['--no-index', ...query]);
    await ok(dir, ['list']); // the index of issue files
    const issues = '.git/aftersales/issues-v2.jsonl';
    // every record's JSON cut short, its key kept: read from the YAML instead
    write(dir, issues, read(dir, issues).replace(/^([0-9a-f]{40}\t\{"id":)/gm, '$1{'));
    rmSync(join(dir, KNOWLEDGE), { force: true });
    expect(await ok(dir, query)).toBe(expected);
  });

  it('takes no copy or renamed file for the issue it names', async () => {
    const dir = fixtureStore('kpi');
    const env = { AFTERSALES_NOW: '2026-11-30T10:00:00+08:00', AFTERSALES_DEBUG_INDEX: '1' };
    const query = ['kb', 'search', '作业指导书', '--json'];
    const before = await ok(dir, query);
    // G renamed (its ID no longer its file's), then edited: read as no issue, never twice
    git(dir, ['mv', 'issues/AS-0RR0-00000G.yaml', 'issues/AS-0RR0-0000Z9.yaml']);
    expect((await run(dir, query, { env })).code).toBe(0);
    write(dir, 'issues/AS-0RR0-0000Z9.yaml', `${read(dir, 'issues/AS-0RR0-0000Z9.yaml')}# moved\n`);
    const after = await run(dir, query, { env });
    expect(after.code, after.stderr).toBe(0);
    // validate names the file; the knowledge base does not take it as G
    expect(after.stdout).not.toBe(before);
    expect(JSON.parse(after.stdout).map((h: { id: string }) => h.id)).not.toContain('AS-0RR0-00000G');
  });
});

describe('aftersales kb export', () => {
  it('writes one Markdown page per validated solution and an index', async () => {
    const dir = fixtureStore('kpi');
    const out = join(tempDir(), 'wiki');
    await ok(dir, ['kb', 'export', '--out', out]);
    expect(readdirSync(out).sort()).toEqual([
      'AS-0RR0-00000A.md',
      'AS-0RR0-00000B.md',
      'AS-0RR0-00000C.md',
      'AS-0RR0-00000G.md',
      'index.md',
    ]);
    const index = read(out, 'index.md');
    expect(index).toContain(
      '| [AS-0RR0-00000G](AS-0RR0-00000G.md) | G — X100 主轴异响 | X100 / 主轴 | 作业指导书缺少润滑量要求 | ⚠ |',
    );
    const page = read(out, 'AS-0RR0-00000G.md');
    expect(page).toMatch(/^# AS-0RR0-00000G G — X100 主轴异响/);
    expect(page).toContain('- **root cause**: 作业指导书缺少润滑量要求');
    expect(page).toContain('recurred: AS-0RR0-00000C');
  });
});
