// `import --history`: a plant's closed and open cases from its Excel tracker, with their own
// dates, owner, causes, actions and the customer's word, in one commit that audit accepts;
// the KPIs and kb search use them at once; `export --format xlsx` reads back as the same issues.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/domain/issue.js';
import { git, ok, plantStore, run, tempDir } from '../helpers.js';

const NOW = { env: { AFTERSALES_NOW: '2026-11-23T09:00:00+08:00' } };
const SHEET = [
  '标题,类型,严重程度,客户,产品,部件,发生时间,登记时间,状态,负责人,直接原因,根本原因,临时措施,纠正措施,预防措施,关闭时间,满意度,客户评价',
  'X100 主轴异响,硬件,高,华东机械厂,X100,主轴,2026/03/04 08:00,2026/03/04 10:00,已关闭,李四,轴承润滑不足,作业指导书缺少润滑量要求,现场补脂,修订作业指导书；增加出厂检测,出厂检测增加低速噪音项,2026/03/10 17:00,5,问题已解决',
  'M7 传感器误报,软件缺陷,中,南方电子,M7,传感器,2026/05/01 09:00,,处理中,赵六,,,,,,,,',
  'X200 液压站漏油,硬件,紧急,华东机械厂,X200,液压站,2026/06/01,2026/06/01 12:00,已取消,,,,,,,2026/06/02,,',
].join('\n');

async function imported() {
  const dir = await plantStore();
  const file = join(tempDir(), '历史.csv');
  writeFileSync(file, SHEET);
  const out = await ok(dir, ['import', '--history', file], NOW);
  return { dir, ids: out.trim().split('\n') };
}

describe('import --history', () => {
  it('brings closed and open cases with their own dates, marked imported, in one commit audit accepts', async () => {
    const { dir, ids } = await imported();
    expect(ids).toHaveLength(3);
    const issues: Issue[] = JSON.parse(await ok(dir, ['list', '--json'], NOW));
    const closed = issues.find((i) => i.title === 'X100 主轴异响') as Issue;
    expect(closed).toMatchObject({
      status: 'accepted',
      reported_at: '2026-03-04T10:00:00+08:00',
      occurred_at: '2026-03-04T08:00:00+08:00',
      assignee: { person: 'li.si' },
      rca: { direct_cause: '轴承润滑不足', root_cause: '作业指导书缺少润滑量要求' },
      acceptance: { result: 'pass', satisfaction: 5 },
    });
    expect(closed.actions.map((a) => [a.id, a.what, a.done_at])).toEqual([
      ['T1', '现场补脂', '2026-03-10T17:00:00+08:00'],
      ['P1', '修订作业指导书', '2026-03-10T17:00:00+08:00'],
      ['P2', '增加出厂检测', '2026-03-10T17:00:00+08:00'],
      ['C1', '出厂检测增加低速噪音项', '2026-03-10T17:00:00+08:00'],
    ]);
    expect(closed.history.every((e) => e.imported === true && e.imported_by === 'li.si')).toBe(true);
    expect(issues.find((i) => i.title === 'M7 传感器误报')?.status).toBe('in-progress');
    expect(issues.find((i) => i.title === 'X200 液压站漏油')?.status).toBe('cancelled');
    expect(git(dir, ['log', '-1', '--format=%s'])).toMatch(/^import history from 历史\.csv: 3 issues/);
    expect((await run(dir, ['validate'], NOW)).stderr).toMatch(/All 3 issue files are valid/);
    expect((await run(dir, ['audit'], NOW)).code).toBe(0);
    // the KPIs count them at once: MTTR from the sheet's own dates (03-04 10:00 → 03-10 17:00)
    const r = JSON.parse(await ok(dir, ['report', '--format', 'json'], NOW));
    expect([r.total, r.accepted, r.mttr_hours.mean, r.satisfaction.mean]).toEqual([2, 1, 151, 5]);
    // stage times are unknown for them, and no first response was given
    expect(r.stage_hours['in-progress']).toBeNull();
    expect(r.sla.response_met_rate).toBeNull();
    expect(await ok(dir, ['kb', 'search', '主轴'], NOW)).toContain('作业指导书缺少润滑量要求');
  });

  it('checks every row first: a bad row names its row and column, and nothing is written', async () => {
    const dir = await plantStore();
    const file = join(tempDir(), 'bad.csv');
    writeFileSync(file, `${SHEET.split('\n')[0]}\nX,硬件,高,某厂,,,2026/03/04,,已关闭,无名氏,,,,,,,7,\n`);
    const r = await run(dir, ['import', '--history', file], NOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/row 2.*负责人.*a person of the config/);
    expect(r.stderr).toMatch(/row 2.*关闭时间/);
    expect(r.stderr).toMatch(/row 2.*满意度.*1 to 5/);
    expect(git(dir, ['status', '--porcelain'])).toBe('');
  });

  it('export --format xlsx: date cells, issues and actions sheets; imported again it is the same issues', async () => {
    const { dir } = await imported();
    const book = join(tempDir(), 'out.xlsx');
    await ok(dir, ['export', '--format', 'xlsx', '--out', book, '--lang', 'zh-CN'], NOW);
    const rows = await readSheet(book, '问题');
    const head = rows[0] as string[];
    expect(head.slice(0, 3)).toEqual(['编号', '标题', '状态']);
    const closed = rows.find((row) => row[1] === 'X100 主轴异响') as unknown[];
    // wall time as a date cell (a serial day number: read back to the second)
    const second = (v: unknown) => Math.round((v as Date).getTime() / 1000);
    expect(second(closed[head.indexOf('登记时间')])).toBe(Date.parse('2026-03-04T10:00:00Z') / 1000);
    expect(second(closed[head.indexOf('验收时间')])).toBe(Date.parse('2026-03-10T17:00:00Z') / 1000);
    const actions = await readSheet(book, '措施');
    expect(actions.length).toBe(5);
    const again = await run(dir, ['import', '--history', book], NOW);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/Row 2 repeats AS-/);
    const other = await plantStore();
    await ok(other, ['import', '--history', book], NOW);
    const back: Issue[] = JSON.parse(await ok(other, ['list', '--json'], NOW));
    const before: Issue[] = JSON.parse(await ok(dir, ['list', '--json'], NOW));
    expect(back.map((i) => [i.id, i.status, i.reported_at, i.rca?.root_cause ?? null])).toEqual(
      before.map((i) => [i.id, i.status, i.reported_at, i.rca?.root_cause ?? null]),
    );
  });
});
