import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { newIssue, NOW, ok, plantStore, read, run, write } from '../helpers.js';

describe('aftersales list and show', () => {
  it('lists one aligned line per issue, Chinese titles included, and filters', async () => {
    const dir = await plantStore();
    const a = await newIssue(dir, {
      title: '控制软件偶发死机',
      type: 'software-bug',
      severity: 'critical',
      customer: '南方电子',
      product: 'M7',
    });
    const b = await newIssue(dir, {
      title: 'Hydraulic leak',
      type: 'hardware',
      severity: 'low',
      customer: 'ACME GmbH',
      product: 'X200',
    });
    const out = await ok(dir, ['list']);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+SEVERITY\s+TYPE\s+OWNER\s+DUE\s+TITLE$/);
    // every column starts at the same display column on every line
    const titleCol = (title: string) => {
      const line = lines.find((l) => l.includes(title)) as string;
      return stringWidth(line.slice(0, line.indexOf(title)));
    };
    expect(titleCol('控制软件偶发死机')).toBe(titleCol('TITLE'));
    expect(titleCol('Hydraulic leak')).toBe(titleCol('TITLE'));
    expect(out).not.toMatch(/\x1b\[/); // piped: no colour
    expect(
      (await ok(dir, ['list', '--severity', 'critical']))
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(' ')[0]),
    ).toEqual([a]);
    expect(
      JSON.parse(await ok(dir, ['list', '--type', 'hardware', '--json'])).map((i: { id: string }) => i.id),
    ).toEqual([b]);
    expect(JSON.parse(await ok(dir, ['list', '--status', 'accepted', '--json']))).toEqual([]);
    expect(JSON.parse(await ok(dir, ['list', '--status', 'open', '--json']))).toHaveLength(2);
    expect(JSON.parse(await ok(dir, ['list', '--customer', '南方', '--json']))).toHaveLength(1);
    const bad = await run(dir, ['list', '--status', 'closed']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown value 'closed' for --status; known: open, new, assigned/);
    // statuses as shown and as typed
    const inProgress = await run(dir, ['list', '--status', 'in progress,In-Progress', '--json'], {
      env: { AFTERSALES_NOW: NOW },
    });
    expect(inProgress.code, inProgress.stderr).toBe(0);
  });

  it('refuses a filter the config does not know, naming the nearest (a typo in CI must not be green)', async () => {
    const dir = await plantStore();
    await newIssue(dir);
    const cases: [string[], RegExp][] = [
      [['list', '--owner', 'lisi'], /Unknown value 'lisi' for --owner; did you mean li\.si\?/],
      [['list', '--type', 'hardwre'], /Unknown value 'hardwre' for --type; did you mean hardware\?/],
      [['list', '--team', 'rd'], /Unknown value 'rd' for --team; did you mean rd-support\?/],
      [['list', '--severity', 'urgent'], /Unknown value 'urgent' for --severity; known: critical, high, medium, low\./],
      [['check', '--owner', 'lisi'], /did you mean li\.si\?/],
      [['export', '--type', 'hardwre'], /did you mean hardware\?/],
      [['list', '--status', 'in progres'], /did you mean in-progress\?/],
    ];
    for (const [args, message] of cases) {
      const r = await run(dir, args, { env: { AFTERSALES_NOW: NOW } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    // an owner may be a team, as check's own headings name the owner of an issue no one holds yet
    const team = await run(dir, ['check', '--owner', 'rd-support'], { env: { AFTERSALES_NOW: NOW } });
    expect(team.stderr).not.toMatch(/Unknown value/);
    expect(team.code).toBe(0);
    const zh = await run(dir, ['list', '--owner', 'lisi', '--lang', 'zh-CN'], { env: { AFTERSALES_NOW: NOW } });
    expect(zh.stderr).toMatch(/--owner 的值 'lisi' 不存在；是否想输入 li\.si？/);
  });

  it('--overdue lists issues past a due date by the one clock', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { severity: 'critical' }); // response due 11:00, resolution in 2d
    const at = (now: string) => run(dir, ['list', '--overdue', '--json'], { env: { AFTERSALES_NOW: now } });
    expect(JSON.parse((await at('2026-11-23T11:00:00+08:00')).stdout)).toEqual([]); // due exactly now: not late
    expect(JSON.parse((await at('2026-11-23T11:00:01+08:00')).stdout).map((i: { id: string }) => i.id)).toEqual([id]);
    expect(JSON.parse((await at('2026-11-23T03:00:01Z')).stdout)).toHaveLength(1); // same instant, UTC
  });

  it('show takes any unambiguous tail and prints a card or JSON', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { contact: '张工', description: '第一行\n第二行' });
    const card = await ok(dir, ['show', id.slice(-4).toLowerCase()], { env: { AFTERSALES_NOW: NOW } });
    expect(card.split('\n')[0]).toBe(`${id}  主轴异响`);
    expect(card).toMatch(/customer\s+华东机械厂 · 张工/);
    expect(card).toMatch(/resolution due\s+2026-11-28 10:00/);
    expect(card).toContain('  第二行');
    expect(card).not.toMatch(/resolution due.*overdue/);
    // past a due date the card says so, by the one clock; due exactly then is not late
    const late = await ok(dir, ['show', id], { env: { AFTERSALES_NOW: '2026-11-28T10:00:01+08:00' } });
    expect(late).toMatch(/resolution due\s+2026-11-28 10:00\s+overdue/);
    expect(await ok(dir, ['show', id], { env: { AFTERSALES_NOW: '2026-11-28T10:00:00+08:00' } })).not.toMatch(
      /resolution due.*overdue/,
    );
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).id).toBe(id);
    const zh = await ok(dir, ['show', id, '--lang', 'zh-CN']);
    expect(zh).toMatch(/状态\s+新建/);
  });

  it('an unknown or ambiguous ID is one clear sentence, exit 2', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir);
    // same last four characters, different before them: the four are ambiguous, six are not
    const other = `${id.slice(0, 8)}${id[8] === 'Z' ? 'Y' : 'Z'}${id.slice(9)}`;
    write(dir, `issues/${other}.yaml`, read(dir, `issues/${id}.yaml`).replace(id, other));
    expect((await run(dir, ['show', id.slice(-6), '--json'])).code).toBe(0);
    const amb = await run(dir, ['show', id.slice(-4)]);
    expect(amb.code).toBe(2);
    expect(amb.stderr).toMatch(/matches 2 issues \(AS-/);
    expect(amb.stderr).toMatch(/type more of the ID\.\n$/);
    const none = await run(dir, ['show', 'QQQQQQ']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("aftersales: No issue matches 'QQQQQQ'; run `aftersales list` to see the IDs.\n");
  });
});
