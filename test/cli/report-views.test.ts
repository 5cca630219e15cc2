// The manager's report on generated stores: filters, the cross-tab, the trend, the Pareto by
// cost and several stores together, each figure checked against `list --json`.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS script
import { generateStore, NOW } from '../../fixtures/generate-store.js';
import type { Issue } from '../../src/domain/issue.js';
import { git, newIssue, ok, plantStore, read, run, tempDir, write } from '../helpers.js';

const AT = { env: { AFTERSALES_NOW: NOW } };
let a: string;
let b: string;
let issuesA: Issue[];

const json = async (dir: string, args: string[]) =>
  JSON.parse(await ok(dir, ['report', ...args, '--format', 'json'], AT));
const listed = async (dir: string, args: string[] = []): Promise<Issue[]> =>
  JSON.parse(await ok(dir, ['list', '--json', ...args], AT));
const counted = (issues: Issue[]) => issues.filter((i) => i.status !== 'cancelled');

beforeAll(async () => {
  const root = tempDir('as-views-');
  [a, b] = [join(root, 'east'), join(root, 'south')];
  await generateStore(a, 300);
  await generateStore(b, 120);
  issuesA = await listed(a);
}, 60_000);

describe('report: the manager’s views', () => {
  it('filters count what list --json lists with the same filters', async () => {
    for (const filter of [
      ['--product', 'X100'],
      ['--component', '主轴'],
      ['--component', '控制柜'], // not among the config's components: the issues say it
      ['--type', 'hardware', '--severity', 'high'],
      ['--customer', '机械'],
    ]) {
      const r = await json(a, filter);
      expect(r.total, filter.join(' ')).toBe(counted(await listed(a, filter)).length);
      expect(r.filters).toMatchObject({ [filter[0]?.slice(2) as string]: filter[1] });
    }
    const bad = await run(a, ['report', '--severity', 'urgent'], AT);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--severity/);
  });

  it('--by A,B: a cross-tab whose rows are "A / B" and whose cells are the counts', async () => {
    const r = await json(a, ['--by', 'product,component']);
    expect(r.by_dimension).toBe('product,component');
    const pairs = new Map<string, number>();
    for (const i of counted(issuesA)) {
      const key = `${i.product?.name} / ${i.product?.component}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    expect(new Map(r.by.map((row: { key: string; count: number }) => [row.key, row.count]))).toEqual(pairs);
    const { rows, columns, counts } = r.cross;
    expect(counts[rows.indexOf('X100')][columns.indexOf('主轴')]).toBe(pairs.get('X100 / 主轴'));
    expect(counts.flat().reduce((s: number, n: number) => s + n, 0)).toBe(r.total);
    const table = await ok(a, ['report', '--by', 'product,component'], AT);
    expect(table).toMatch(/product \\ component/);
    expect((await run(a, ['report', '--by', 'type,line,team'], AT)).stderr).toMatch(/two for a cross-tab/);
  });

  it('--trend month: a row a month, adding up to the totals', async () => {
    const r = await json(a, ['--trend', 'month']);
    expect(r.trend.length).toBeGreaterThan(1);
    for (const m of r.trend)
      expect(Object.keys(m)).toEqual(['month', 'reported', 'accepted', 'mttr_mean', 'first_time_fix_rate', 'csat']);
    expect(r.trend.reduce((s: number, m: { reported: number }) => s + m.reported, 0)).toBe(r.total);
    expect(r.trend.reduce((s: number, m: { accepted: number }) => s + m.accepted, 0)).toBe(r.accepted);
    expect((await json(a, [])).trend).toBeUndefined();
    const text = await ok(a, ['report', '--trend', 'month'], AT);
    expect(text).toMatch(/Month by month\s+2026-\d\d … 2026-\d\d/);
    expect(text).toMatch(/MTTR mean\s+[▁▂▃▄▅▆▇█]+\s+[\d.]+ h → [\d.]+ h/);
    expect((await run(a, ['report', '--trend', 'fortnight'], AT)).stderr).toMatch(/--trend takes month/);
  });

  it('--weight cost ranks by what the issues cost, in one currency', async () => {
    const r = await json(a, ['--by', 'component', '--weight', 'cost']);
    const cost = new Map<string, number>();
    for (const i of counted(issuesA)) {
      const component = i.product?.component as string;
      cost.set(component, (cost.get(component) ?? 0) + 0);
      for (const e of i.history)
        if (e.action === 'cost') cost.set(component, (cost.get(component) ?? 0) + Number(e.amount));
    }
    expect(r.weight).toEqual({ weight: 'cost', currency: 'CNY', left_out: 0 });
    expect(new Map(r.by.map((row: { key: string; cost: number }) => [row.key, row.cost]))).toEqual(cost);
    const costs = r.by.map((row: { cost: number }) => row.cost);
    expect(costs).toEqual([...costs].sort((x, y) => y - x));
    // the dearest component is not the most frequent one: ranking by cost differs
    const byCount = await json(a, ['--by', 'component']);
    expect(r.by[0].key).not.toBe(byCount.by[0].key);
    expect(await ok(a, ['report', '--by', 'component', '--weight', 'cost'], AT)).toMatch(/Pareto by cost, CNY/);
  });

  it('--store DIR, repeated: several stores in one report, and --by store', async () => {
    const [east, south] = [await json(a, []), await json(b, [])];
    const both = await json(a, ['--store', a, '--store', b, '--store', `${a}/issues`, '--by', 'store']);
    expect(both.total).toBe(east.total + south.total);
    expect(both.accepted).toBe(east.accepted + south.accepted);
    expect(both.stores).toEqual(['east', 'south']);
    expect(both.by.map((row: { key: string; count: number }) => [row.key, row.count])).toEqual([
      ['east', east.total],
      ['south', south.total],
    ]);
    const filtered = await json(tempDir(), ['--store', a, '--store', b, '--product', 'M7']);
    expect(filtered.total).toBe(
      (await json(a, ['--product', 'M7'])).total + (await json(b, ['--product', 'M7'])).total,
    );
    expect((await run(a, ['report', '--store', b, '--at', 'HEAD'], AT)).stderr).toMatch(/leave out --store/);
    const none = await run(a, ['report', '--store', b, '--store', tempDir()], AT);
    expect([none.code, none.stderr]).toEqual([2, expect.stringMatching(/--store .*: no aftersales store there/)]);
  });

  it('--team keeps the issues report --by team counts under that team, as list --team lists them', async () => {
    const teams = (await json(a, ['--by', 'team'])).by as { key: string; count: number }[];
    const held = issuesA.filter((i) => i.assignee?.person && !i.assignee.team);
    expect(held.length).toBeGreaterThan(0); // issues held by a person, their team unnamed
    for (const { key, count } of teams.filter((row) => row.key !== '(none)')) {
      expect((await json(a, ['--team', key])).total, key).toBe(count);
      expect(counted(await listed(a, ['--team', key])).length, key).toBe(count);
    }
  });

  it('refuses a reversed period, one dimension twice, and --currency without --weight cost', async () => {
    for (const [args, said] of [
      [['--since', '2026-11-01', '--until', '2026-10-01'], /--since 2026-11-01 is after --until 2026-10-01/],
      [['--by', 'type,type'], /--by names 'type' twice/],
      [['--currency', 'CNY'], /--currency chooses the currency of --weight cost/],
    ] as const) {
      const r = await run(a, ['report', ...args], AT);
      expect([r.code, r.stdout], args.join(' ')).toEqual([2, '']);
      expect(r.stderr).toMatch(said);
    }
  });

  it('by cost: the CSV names the currency, the Markdown rounds, and both say what was left out', async () => {
    const csv = await ok(a, ['report', '--by', 'product,component', '--weight', 'cost', '--format', 'csv'], AT);
    expect(csv).toMatch(/^weight,,currency,CNY$/m);
    expect(csv).toMatch(/^weight,,left_out,0$/m);
    expect(csv).toMatch(/^cost\.total,CNY,amount,\d/m);
    expect(csv).toMatch(/^by\.product\.component,X100 \/ 主轴,cost,/m);
    const md = await ok(a, ['report', '--by', 'component', '--weight', 'cost', '--format', 'markdown'], AT);
    const cells = [...md.matchAll(/^\| [^|]+ \| \d+ \| ([^|]+) \| [\d.]+% \|/gm)].map((m) => m[1]?.trim());
    expect(cells.length).toBeGreaterThan(3);
    for (const c of cells) expect(c).toMatch(/^\d{1,3}(,\d{3})*(\.\d{1,2})?$/);
    // in USD only the few entries in dollars count: the report itself says so
    const usd = await run(a, ['report', '--weight', 'cost', '--currency', 'USD', '--format', 'markdown'], AT);
    expect(usd.stdout).toMatch(/_\d+ cost entries in other currencies than USD are not counted/);
    expect(usd.stderr).toBe('');
    const json2 = await run(a, ['report', '--weight', 'cost', '--currency', 'USD', '--format', 'json'], AT);
    expect(json2.stderr).toMatch(/not counted/);
    // a store with no cost recorded says that, rather than an empty ranking
    const bare = await run(a, ['report', '--weight', 'cost', '--customer', '不存在的客户'], AT);
    expect(bare.stdout).toMatch(/No costs recorded for these issues/);
  });
});

describe('report: stores in several timezones', () => {
  it('reports the period in one zone, says which, and --timezone picks another', async () => {
    const [east, west] = [await plantStore(), await plantStore()];
    write(
      west,
      '.aftersales/config.yaml',
      read(west, '.aftersales/config.yaml').replace(/^timezone: .*$/m, 'timezone: Europe/Berlin'),
    );
    git(west, ['commit', '-qam', 'a plant in Berlin']);
    // 1 November, 03:00 in Shanghai: still 31 October in Berlin
    const at = { env: { AFTERSALES_NOW: '2026-11-01T03:00:00+08:00' } };
    await newIssue(east, {}, at);
    await newIssue(west, {}, at);
    const args = ['report', '--store', east, '--store', west, '--since', '2026-11-01', '--until', '2026-11-30'];
    const first = await run(east, [...args, '--format', 'json'], AT);
    expect(first.stderr).toContain(
      'timezones (Asia/Shanghai, Europe/Berlin); the period and the months are in Asia/Shanghai',
    );
    expect(JSON.parse(first.stdout).total).toBe(2);
    const berlin = await run(east, [...args, '--format', 'json', '--timezone', 'Europe/Berlin'], AT);
    expect(berlin.stderr).toBe('');
    expect(JSON.parse(berlin.stdout).total).toBe(0);
    const bad = await run(east, [...args, '--timezone', 'Mars/Base'], AT);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("Unknown timezone 'Mars/Base'")]);
  });
});
