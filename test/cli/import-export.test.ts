import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { commits, git, newIssue, ok, plantStore, run, tempDir } from '../helpers.js';

const NOW = { env: { AFTERSALES_NOW: '2026-11-23T10:00:00+08:00' } };
const issueFiles = (dir: string) => readdirSync(join(dir, 'issues')).filter((f) => f.endsWith('.yaml'));

/** Bytes as Excel on a Chinese Windows writes CSV: GBK. */
function gbk(text: string): Buffer {
  return execFileSync('python3', ['-c', 'import sys; sys.stdout.buffer.write(sys.stdin.read().encode("gbk"))'], {
    input: text,
  });
}

const SHEET = [
  '标题,类型,严重程度,客户,联系方式,产品,部件,发生时间,期望解决时间,备注',
  'X100 主轴异响,硬件,高,华东机械厂,张工 138,X100,主轴,2026/11/20 14:30,2026年11月30日,老系统 #118',
  'M7 死机,软件缺陷,紧急,南方电子,,M7,控制软件,2026-11-21,,',
  '说明书缺页,usage,LOW,ACME GmbH,,,,,,',
].join('\r\n');

describe('aftersales import', () => {
  it('reads a GBK CSV with Chinese headers and values; dispatches like new; one commit', async () => {
    const dir = await plantStore();
    const file = join(tempDir(), 'tracker.csv');
    writeFileSync(file, gbk(SHEET));
    const before = commits(dir).length;
    const r = await run(dir, ['import', file], NOW);
    expect(r.code, r.stderr).toBe(0);
    const ids = r.stdout.trim().split('\n');
    expect(ids).toHaveLength(3);
    expect(r.stderr).toContain('columns not imported: 备注');
    expect(r.stderr).toContain('Imported 3 issue(s) from tracker.csv in one commit.');
    expect(commits(dir)).toHaveLength(before + 1);
    // biome-ignore lint/suspicious/noExplicitAny: JSON read back from the CLI, checked field by field below
    const issues = JSON.parse(await ok(dir, ['list', '--json'])) as Record<string, any>[];
    const x100 = issues.find((i) => i.title === 'X100 主轴异响');
    expect(x100).toMatchObject({
      type: 'hardware',
      severity: 'high',
      customer: { name: '华东机械厂', contact: '张工 138' },
      product: { name: 'X100', line: 'A', component: '主轴' },
      occurred_at: '2026-11-20T14:30:00+08:00',
      expected_by: '2026-11-30T23:59:59+08:00',
      status: 'assigned',
      assignee: { person: 'li.si' },
    });
    expect(issues.find((i) => i.title === 'M7 死机')).toMatchObject({
      type: 'software-bug',
      severity: 'critical',
      assignee: { team: 'rd-support' },
    });
    expect(issues.find((i) => i.title === '说明书缺页')).toMatchObject({
      type: 'usage',
      severity: 'low',
      status: 'new',
    });
  });

  it('reads an XLSX with flag-name headers, real date cells and --map for other columns', async () => {
    const dir = await plantStore();
    const file = join(tempDir(), 'tracker.xlsx');
    const cell = (value: unknown) =>
      value instanceof Date ? { value, type: Date, format: 'yyyy-mm-dd hh:mm' } : { value };
    await writeXlsxFile([
      ['Title', 'type', 'Severity', '客户名', 'occurred-at'].map(cell),
      ['Hydraulic leak', 'Hardware', 'Medium', 'ACME GmbH', new Date(Date.UTC(2026, 10, 21, 8, 15))].map(cell),
    ] as never).toFile(file);
    const r = await run(dir, ['import', file, '--map', '客户名=customer'], NOW);
    expect(r.code, r.stderr).toBe(0);
    const issue = JSON.parse(await ok(dir, ['show', r.stdout.trim(), '--json']));
    expect(issue).toMatchObject({
      title: 'Hydraulic leak',
      type: 'hardware',
      severity: 'medium',
      customer: { name: 'ACME GmbH' },
      occurred_at: '2026-11-21T08:15:00+08:00',
    });
  });

  it('any bad row: its row number, column and value; exit 2; nothing written', async () => {
    const dir = await plantStore();
    const file = join(tempDir(), 'bad.csv');
    writeFileSync(
      file,
      `\uFEFF${SHEET.replace('华东机械厂,张工', ',张工').replace('紧急', '很急').replace('2026-11-21', '下周二')}`,
    );
    const before = commits(dir).length;
    const r = await run(dir, ['import', file], NOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 2, column 客户: "" — expected a value (required)');
    expect(r.stderr).toContain(
      'row 3, column 严重程度: "很急" — expected one of critical, high, medium, low (or 紧急, 高, 中, 低)',
    );
    expect(r.stderr).toContain('row 3, column 发生时间: "下周二" — expected a date');
    expect(r.stderr).toMatch(/aftersales: 3 problem\(s\) in 2 row\(s\), listed above; nothing was imported/);
    expect(issueFiles(dir)).toEqual([]);
    expect(commits(dir)).toHaveLength(before);
    expect((await run(dir, ['import', file, '--map', 'x=colour'])).stderr).toMatch(/--map takes 'column=field'/);
  });

  it('--dry-run shows what would be created and writes nothing', async () => {
    const dir = await plantStore();
    const file = join(tempDir(), 'tracker.csv');
    writeFileSync(file, SHEET);
    const r = await run(dir, ['import', file, '--dry-run'], NOW);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'row 2  hardware  high  华东机械厂  X100 主轴异响  → li.si',
      'row 3  software-bug  critical  南方电子  M7 死机  → zhao.liu',
      'row 4  usage  low  ACME GmbH  说明书缺页  → —',
    ]);
    expect(issueFiles(dir)).toEqual([]);
  });
});

describe('aftersales export', () => {
  it('csv: one row per issue, a BOM for Excel, read back equal to the store; jsonl: the whole issue', async () => {
    const dir = await plantStore();
    const a = await newIssue(dir, { title: '主轴异响, "低速"', product: 'X100', description: '第一行\n第二行' });
    const b = await newIssue(dir, { title: 'M7 死机', type: 'software-bug', severity: 'critical', product: 'M7' });
    const out = join(tempDir(), 'issues.csv');
    await ok(dir, ['export', '--out', out]);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(bytes.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
    // biome-ignore lint/suspicious/noExplicitAny: JSON read back from the CLI, checked field by field below
    const store = JSON.parse(await ok(dir, ['list', '--json'])) as Record<string, any>[];
    expect(rows.map((r) => r.id).sort()).toEqual([a, b].sort());
    for (const r of rows) {
      const i = store.find((x) => x.id === r.id) ?? {};
      expect(r).toMatchObject({
        title: i.title,
        status: i.status,
        severity: i.severity,
        customer: i.customer.name,
        owner: i.assignee.person ?? '',
        reported_at: i.reported_at,
        description: i.description ?? '',
      });
    }
    const lines = (await ok(dir, ['export', '--format', 'jsonl', '--severity', 'critical'])).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([b]);
    expect(JSON.parse(lines[0] as string)).toEqual(store.find((x) => x.id === b));
  });
});

describe('CSV the tool writes', () => {
  it('neutralises text a spreadsheet would run as a formula, in export and report alike', async () => {
    const dir = await plantStore();
    const now = { env: { AFTERSALES_NOW: '2026-11-23T10:00:00+08:00' } };
    await newIssue(dir, { title: '=HYPERLINK("http://evil.example","click")', customer: '@SUM(1+1)' }, now);
    await newIssue(dir, { title: "+cmd|' /C calc'!A0", customer: '-2+3' }, now);
    const exported = parse((await ok(dir, ['export'], now)).replace(/^\ufeff/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    expect(exported.map((r) => r.title).sort()).toEqual([
      `'+cmd|' /C calc'!A0`,
      `'=HYPERLINK("http://evil.example","click")`,
    ]);
    expect(exported.map((r) => r.customer).sort()).toEqual(["'-2+3", "'@SUM(1+1)"]);
    const report = await ok(dir, ['report', '--by', 'customer', '--format', 'csv'], now);
    expect(report).toContain("'@SUM(1+1)");
    expect(report).not.toMatch(/(^|,)[=+@-][^,]/m); // no cell starts a formula (numbers are never negative here)
    // the issue files keep the text as it was typed
    const json = JSON.parse(await ok(dir, ['list', '--json'], now)) as { title: string }[];
    expect(json.map((i) => i.title)).toContain('=HYPERLINK("http://evil.example","click")');
  });
});

describe('import of what the tool wrote', () => {
  it("takes off the ' that CSV export put before a leading - + = @", async () => {
    const dir = await plantStore();
    writeFileSync(
      join(dir, 'back.csv'),
      "title,type,severity,customer,contact\n'-20°C 低温启动失败,hardware,high,北方,'+86 138\n",
    );
    const r = await run(dir, ['import', 'back.csv'], { env: { AFTERSALES_NOW: '2026-11-23T10:00:00+08:00' } });
    expect(r.code, r.stderr).toBe(0);
    const [issue] = JSON.parse(await ok(dir, ['list', '--json'])) as { title: string; customer: { contact: string } }[];
    expect(issue?.title).toBe('-20°C 低温启动失败');
    expect(issue?.customer.contact).toBe('+86 138');
  });
});

describe('import, all or nothing', () => {
  const rows = (n: number, prefix = '问题') =>
    `title,type,severity,customer\n${Array.from({ length: n }, (_, i) => `${prefix} ${i},hardware,high,客户${i}`).join('\n')}\n`;
  const now = { env: { AFTERSALES_NOW: '2026-11-23T10:00:00+08:00' } };

  it('refuses rows that repeat an issue or an earlier row, unless --allow-duplicates', async () => {
    const dir = await plantStore();
    writeFileSync(join(dir, 'calls.csv'), rows(3));
    expect((await run(dir, ['import', 'calls.csv'], now)).code).toBe(0);
    const again = await run(dir, ['import', 'calls.csv'], now);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/Row 2 repeats AS-\w+-\w+ \(same customer, title and time it occurred\)/);
    expect(again.stderr).toMatch(/3 row\(s\) repeat issues already registered; nothing was imported/);
    writeFileSync(join(dir, 'twice.csv'), `${rows(1, '新问题')}新问题 0,hardware,high,客户0\n`);
    expect((await run(dir, ['import', 'twice.csv'], now)).stderr).toMatch(/Row 3 repeats row 2/);
    expect(readdirSync(join(dir, 'issues')).filter((f) => f.endsWith('.yaml'))).toHaveLength(3);
    const dry = await run(dir, ['import', 'calls.csv', '--dry-run'], now); // a dry run says so too
    expect(dry.code).toBe(2);
    expect(dry.stderr).toMatch(/3 row\(s\) repeat issues already registered/);
    expect((await run(dir, ['import', 'calls.csv', '--allow-duplicates'], now)).code).toBe(0);
    expect(readdirSync(join(dir, 'issues')).filter((f) => f.endsWith('.yaml'))).toHaveLength(6);
  });

  it('imports 1,500 rows in one commit (paths through the input of git), and a failed commit leaves no file', async () => {
    const dir = await plantStore();
    writeFileSync(join(dir, 'many.csv'), rows(1500));
    const r = await run(dir, ['import', 'many.csv'], now);
    expect(r.code, r.stderr).toBe(0);
    expect(commits(dir)[0]).toMatch(/^import from many\.csv: 1500 issues/);
    expect(git(dir, ['show', '--stat', '--format=', 'HEAD']).trim().split('\n').pop()).toMatch(/1500 files changed/);
    // a hook that refuses the commit: the files go away again, and the index is as it was
    writeFileSync(join(dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    writeFileSync(join(dir, 'more.csv'), rows(300, '另一批'));
    const refused = await run(dir, ['import', 'more.csv'], now);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^aftersales: Nothing was imported: git could not commit \(.*\); fix that and run the import again\.\n$/,
    );
    expect(readdirSync(join(dir, 'issues')).filter((f) => f.endsWith('.yaml'))).toHaveLength(1500);
    expect(git(dir, ['status', '--porcelain', '--', 'issues'])).toBe('');
  }, 120_000);
});
