// The plant's own form: custom fields and required built-in fields, end to end through the CLI.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, NOW, ok, plantStore, read, run, tempDir, write } from '../helpers.js';

const FORM = `fields:
  - { id: serial, label: { en: Serial number, zh-CN: 机身序列号 }, type: text, required: true }
  - { id: hours, label: { en: Machine hours, zh-CN: 运行小时 }, type: number }
  - { id: warranty, label: { en: Warranty, zh-CN: 保修状态 }, type: enum, values: [in, out, extended] }
  - { id: shipped, label: { en: Shipped on, zh-CN: 出厂日期 }, type: date }
  - { id: onsite, type: bool }
required: [contact]

`;
const OUT_OF_WARRANTY = `  - name: out of warranty to the field team
    when: { fields.warranty: out }
    assign: { team: field }
`;
const env = { env: { AFTERSALES_NOW: NOW } };
const BASE = ['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'high', '--customer', '华东机械厂'];

async function formStore(): Promise<string> {
  const dir = await plantStore();
  const file = '.aftersales/config.yaml';
  write(dir, file, read(dir, file).replace('dispatch:\n', `${FORM}dispatch:\n${OUT_OF_WARRANTY}`));
  git(dir, ['commit', '-qam', 'our form']);
  return dir;
}

const register = async (dir: string, extra: string[]) => (await ok(dir, [...BASE, ...extra], env)).trim();

describe('custom fields and required fields', () => {
  it('new names every missing flag at once, refuses a wrong value, and stores typed values', async () => {
    const dir = await formStore();
    const missing = await run(dir, BASE, env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'aftersales: Missing --contact --field serial=…: stdin is not a terminal, so aftersales cannot ask for them.\n',
    );
    const wrong = await run(dir, [...BASE, '--contact', '张工', '--field', 'serial=SN1', '--field', 'hours=many'], env);
    expect(wrong.stderr).toBe('aftersales: --field hours=many: expected hours=a number.\n');
    const unknown = await run(dir, [...BASE, '--contact', '张工', '--field', 'serail=SN1'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--field serail=SN1: expected id=value with a field of the config \(serial, hours/);
    expect(readdirSync(join(dir, 'issues'))).toEqual(['.gitkeep']);

    const f = ['--contact', '张工', '--field', 'serial=SN-001', '--field', 'hours=1,200', '--field', 'warranty=in'];
    const id = await register(dir, [...f, '--field', 'shipped=2025/06/01', '--field', 'onsite=是']);
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue.fields).toEqual({
      serial: 'SN-001',
      hours: 1200,
      warranty: 'in',
      shipped: '2025-06-01',
      onsite: true,
    });
    const card = await ok(dir, ['show', id, '--lang', 'zh-CN']);
    expect(card).toMatch(/机身序列号\s+SN-001/);
    expect(card).toMatch(/运行小时\s+1200/);
    expect(card).toMatch(/onsite\s+是/);
    expect((await run(dir, ['validate'])).code).toBe(0);
  });

  it('dispatch rules, --where filters and report --by field:ID read the fields', async () => {
    const dir = await formStore();
    const a = await register(dir, [
      '--contact',
      'x',
      '--product',
      'X100',
      '--field',
      'serial=A',
      '--field',
      'warranty=in',
    ]);
    const b = await register(dir, ['--contact', 'x', '--field', 'serial=B', '--field', 'warranty=out']);
    // the rule on fields.warranty sent B to the field team's lead
    expect(JSON.parse(await ok(dir, ['show', b, '--json'])).assignee).toEqual({ team: 'field', person: 'sun.ba' });
    expect(JSON.parse(await ok(dir, ['show', a, '--json'])).assignee.person).toBe('li.si');
    const ids = (out: string) => out.match(/AS-[0-9A-Z]{4}-[0-9A-Z]{6}/g) ?? [];
    expect(ids(await ok(dir, ['list', '--where', 'warranty=out'], env))).toEqual([b]);
    const json = await ok(dir, ['list', '--json', '--where', 'warranty=in'], env);
    expect(JSON.parse(json).map((i: { id: string }) => i.id)).toEqual([a]);
    expect(await ok(dir, ['--no-index', 'list', '--json', '--where', 'warranty=in'], env)).toBe(json);
    const late = { env: { AFTERSALES_NOW: '2026-12-30T10:00:00+08:00' } };
    const check = JSON.parse((await run(dir, ['check', '--format', 'json', '--where', 'serial=B'], late)).stdout);
    expect(new Set(check.overdue.map((o: { issue: string }) => o.issue))).toEqual(new Set([b]));
    const csv = await ok(dir, ['export', '--where', 'warranty=out'], env);
    expect(csv.trim().split('\n')).toHaveLength(2);
    const report = JSON.parse(await ok(dir, ['report', '--format', 'json', '--by', 'field:warranty'], env));
    expect(report.by.map((r: { key: string; count: number }) => [r.key, r.count])).toEqual([
      ['in', 1],
      ['out', 1],
    ]);
    const only = JSON.parse(await ok(dir, ['report', '--format', 'json', '--where', 'warranty=out'], env));
    expect(only.total).toBe(1);
    expect((await run(dir, ['report', '--by', 'field:nope'], env)).stderr).toMatch(/field:serial/);
    expect((await run(dir, ['list', '--where', 'hours=lots'], env)).stderr).toBe(
      'aftersales: --where hours=lots: expected hours=a number.\n',
    );
  });

  it('validate names a wrong value, an unknown field and a missing required one, at the line', async () => {
    const dir = await formStore();
    const id = await register(dir, ['--contact', '张工', '--field', 'serial=SN-1', '--field', 'hours=10']);
    const file = `issues/${id}.yaml`;
    const text = read(dir, file);
    write(dir, file, text.replace('hours: 10', 'hours: many').replace('serial: SN-1', 'serail: SN-1'));
    const r = await run(dir, ['validate', '--format', 'json']);
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.stdout).problems as { field: string; expected: string; line: number }[];
    expect(problems.map((p) => [p.field, p.expected])).toEqual(
      expect.arrayContaining([
        ['fields.hours', 'a number'],
        ['fields.serail', expect.stringContaining('a field of the config')],
        ['fields', 'a value for serial (required by the config)'],
      ]),
    );
    const hoursLine =
      read(dir, file)
        .split('\n')
        .findIndex((l) => l.includes('hours: many')) + 1;
    expect(problems.find((p) => p.field === 'fields.hours')?.line).toBe(hoursLine);
    // the built-in field a store requires
    write(dir, file, text.replace(/contact: .*/, 'contact: null'));
    expect(JSON.parse((await run(dir, ['validate', '--format', 'json'])).stdout).problems).toEqual([
      expect.objectContaining({ field: 'customer', expected: 'contact (required by the config)' }),
    ]);
  });

  it('aftersales schema gives editors the fields by kind; validate says when it lags', async () => {
    const dir = await formStore();
    const stale = await run(dir, ['validate']);
    expect(stale.stderr).toMatch(/issue\.schema\.json does not know the config's fields: .*run aftersales schema/);
    expect(await run(dir, ['schema'])).toMatchObject({ code: 0 });
    const schema = JSON.parse(read(dir, '.aftersales/issue.schema.json'));
    expect(schema.properties.fields).toMatchObject({
      properties: {
        serial: { title: 'Serial number', type: 'string' },
        hours: { type: 'number' },
        warranty: { enum: ['in', 'out', 'extended'] },
        onsite: { type: 'boolean' },
      },
      required: ['serial'],
      additionalProperties: false,
    });
    expect(git(dir, ['log', '-1', '--format=%s'])).toMatch(/issue schema follows the config/);
    expect((await run(dir, ['validate'])).stderr).not.toMatch(/schema/);
    expect((await run(dir, ['schema'])).stderr).toMatch(/already follows/);
  });

  it('import takes the fields by id or label, and reports each missing or wrong value by its row', async () => {
    const dir = await formStore();
    const csv = join(tempDir(), 'calls.csv');
    writeFileSync(
      csv,
      '标题,类型,严重程度,客户,联系人,机身序列号,运行小时,warranty\n' +
        '主轴异响,hardware,高,华东,张工,SN-9,300,out\n' +
        '漏油,hardware,低,深圳,,SN-10,lots,in\n' +
        '黑屏,hardware,中,成都,李工,,5,in\n',
    );
    const r = await run(dir, ['import', csv], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/row 3.*联系人.*required by the config/);
    expect(r.stderr).toMatch(/row 3.*运行小时.*lots.*a number/);
    expect(r.stderr).toMatch(/row 4.*serial.*required by the config/);
    expect(readdirSync(join(dir, 'issues'))).toEqual(['.gitkeep']);
    writeFileSync(
      csv,
      '标题,类型,严重程度,客户,联系人,机身序列号,运行小时,warranty\n主轴异响,hardware,高,华东,张工,SN-9,300,out\n',
    );
    await ok(dir, ['import', csv], env);
    const [issue] = JSON.parse(await ok(dir, ['list', '--json'], env));
    expect(issue.fields).toEqual({ serial: 'SN-9', hours: 300, warranty: 'out' });
  });

  it('reclassify changes a field with a reason, which audit accepts; a hand edit it does not', async () => {
    const dir = await formStore();
    const id = await register(dir, ['--contact', '张工', '--field', 'serial=SN-1', '--field', 'warranty=in']);
    await ok(dir, ['reclassify', id, '--field', 'warranty=out', '--reason', '保修已于上月到期'], env);
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue.fields.warranty).toBe('out');
    expect(issue.history.at(-1)).toMatchObject({
      action: 'reclassify',
      changes: { 'fields.warranty': { from: 'in', to: 'out' } },
    });
    expect((await run(dir, ['audit'])).code).toBe(0);
    expect((await run(dir, ['reclassify', id, '--field', 'warranty=out', '--reason', 'x'], env)).code).toBe(2);
    const file = `issues/${id}.yaml`;
    write(dir, file, read(dir, file).replace('warranty: out', 'warranty: extended'));
    git(dir, ['commit', '-qam', 'tidy']);
    expect((await run(dir, ['audit'])).stdout).toMatch(/fields/);
  });
});
