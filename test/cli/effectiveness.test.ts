// Effectiveness checks computed from the store: one fix holds for 90 days, another does not
// (a matching issue arrives at day 40); check, effect, the reopen, the report and the kb.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, asChen, ok, plantStore, read, run, setIdentity, tempDir, tellAgreeReview } from '../helpers.js';

const day = (date: string, hhmm = '10:00') => ({ env: { AFTERSALES_NOW: `2026-${date}T${hhmm}:00+08:00` } });
const NEW = ['new', '--type', 'hardware', '--severity', 'high', '--customer', '华东', '--contact', '张工'];

/** The X100 plan with an effectiveness check on P1 watching `watch`. */
function planWith(watch: string): string {
  const path = join(tempDir(), 'plan.yaml');
  const plan = read(join(FIXTURES, 'plans'), 'x100-noise.yaml').replace(
    '    verify: 连续抽检3批各20台，噪音 < 45 dB\n',
    `    verify: 连续抽检3批各20台，噪音 < 45 dB\n    effectiveness: { after: 90d, watch: ${watch}, threshold: 0 }\n`,
  );
  writeFileSync(path, plan);
  return path;
}

/** An accepted issue whose P1 was done on 11-02, watched for 90 days. */
async function fixed(dir: string, product: string, component: string, watch: string): Promise<string> {
  const id = (
    await ok(dir, [...NEW, '--title', `${product} 异响`, '--product', product, '--component', component], day('11-01'))
  ).trim();
  await ok(dir, ['contact', id, '--channel', 'phone', '--note', '已回电'], day('11-01', '10:10'));
  await ok(dir, ['plan', id, '--file', planWith(watch)], day('11-01', '11:00'));
  for (const a of ['T1', 'P1', 'C1'])
    await ok(dir, ['action', id, a, '--done', '--evidence', 'WI-3.2 rev D'], day('11-02'));
  await tellAgreeReview(dir, id, '11-02', '11-03');
  await ok(dir, ['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round2-pass.yaml')], asChen(day('11-04')));
  return id;
}

const check = async (dir: string, when: ReturnType<typeof day>) =>
  JSON.parse((await run(dir, ['check', '--format', 'json'], when)).stdout) as {
    overdue: { issue: string; kind: string; action: string; matching?: string[] }[];
    warnings: { issue: string; kind: string; reason: string }[];
  };

describe('effectiveness checks', () => {
  it('one fix holds, another does not: check, effect, the reopen, the report and the kb', async () => {
    const dir = await plantStore();
    const holds = await fixed(dir, 'X200', '液压站', '{ product: X200, component: 液压站 }');
    const fails = await fixed(dir, 'X100', '主轴', '{ product: X100, component: 主轴 }');
    // day 40 after P1: the X100 spindle noise is back; an X100 issue on another part is not it
    const back = (
      await ok(dir, [...NEW, '--title', '主轴又响', '--product', 'X100', '--component', '主轴'], day('12-12'))
    ).trim();
    await ok(dir, [...NEW, '--title', '控制器报警', '--product', 'X100', '--component', '控制器'], day('12-13'));

    // before 90 days nothing is judged, and effect refuses
    expect((await check(dir, day('12-20'))).overdue.filter((o) => o.kind === 'effectiveness')).toEqual([]);
    const early = await run(dir, ['effect', fails, 'P1'], day('12-20'));
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/its effectiveness check is due 2027-01-31 10:00/);

    // at 90 days: the failed check is overdue naming the issue that came back; the other is ready
    const due = await check(dir, { env: { AFTERSALES_NOW: '2027-02-01T10:00:00+08:00' } });
    expect(due.overdue.filter((o) => o.kind === 'effectiveness')).toEqual([
      expect.objectContaining({ issue: fails, action: 'P1', matching: [back] }),
    ]);
    expect(due.warnings.filter((w) => w.kind === 'effectiveness')).toEqual([
      expect.objectContaining({ issue: holds, reason: 'effective-ready' }),
    ]);
    const text = await run(dir, ['check'], { env: { AFTERSALES_NOW: '2027-02-01T10:00:00+08:00' } });
    expect(text.stdout).toContain(`the problem came back (${back})`);

    // the scheduled job records both; the ineffective fix reopens its issue
    setIdentity(dir, 'chen.qi');
    const all = await ok(dir, ['effect', '--all-due'], { env: { AFTERSALES_NOW: '2027-02-01T11:00:00+08:00' } });
    expect(all).toContain(`${holds} P1: effective (0 matching issue(s) since it was done)`);
    expect(all).toContain(`${fails} P1: ineffective, the issue reopened (1 matching issue(s) since it was done)`);
    const reopened = JSON.parse(await ok(dir, ['show', fails, '--json']));
    expect(reopened.status).toBe('in-progress');
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopen', note: `recurred after P1: ${back}` });
    expect(reopened.actions.find((a: { id: string }) => a.id === 'P1').effectiveness).toMatchObject({
      result: 'ineffective',
      matching: [back],
    });
    const later = { env: { AFTERSALES_NOW: '2027-02-02T10:00:00+08:00' } };
    expect((await check(dir, later)).overdue.filter((o) => o.kind === 'effectiveness')).toEqual([]);
    expect((await run(dir, ['effect', holds, 'P1'], later)).code).toBe(2); // recorded already
    expect((await run(dir, ['audit'])).code).toBe(0);
    expect((await run(dir, ['validate'])).code).toBe(0);

    const report = JSON.parse(await ok(dir, ['report', '--format', 'json'], later));
    expect(report.effectiveness).toEqual({ due: 0, effective: 1, ineffective: 1, rate: 0.5 });
    const kb = JSON.parse(await ok(dir, ['kb', 'search', '异响', '--json'], later));
    expect(kb.find((h: { id: string }) => h.id === holds)?.proven).toBe('effective');
  });

  it('a cancelled issue has nothing left to judge: check and --all-due pass it by', async () => {
    const dir = await plantStore();
    const id = (
      await ok(dir, [...NEW, '--title', 't', '--product', 'X100', '--component', '主轴'], day('11-01'))
    ).trim();
    await ok(dir, ['plan', id, '--file', planWith('{ product: X100 }')], day('11-01', '11:00'));
    await ok(dir, ['action', id, 'P1', '--done', '--evidence', 'WI-3.2 rev D'], day('11-02'));
    await ok(dir, [...NEW, '--title', '又响', '--product', 'X100'], day('11-10'));
    await ok(dir, ['cancel', id, '--reason', '重复登记'], day('11-11'));
    const late = { env: { AFTERSALES_NOW: '2027-03-01T10:00:00+08:00' } };
    expect((await check(dir, late)).overdue.filter((o) => o.kind === 'effectiveness')).toEqual([]);
    expect((await run(dir, ['effect', '--all-due'], late)).stderr).toMatch(/No effectiveness check is due/);
  });

  it('plan refuses a check on a temporary action or one watching what the config does not know', async () => {
    const dir = await plantStore();
    const id = (await ok(dir, [...NEW, '--title', 't', '--product', 'X100'], day('11-01'))).trim();
    const r = await run(dir, ['plan', id, '--file', planWith('{ product: X900 }')], day('11-01'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/watches product 'X900', which the config does not know/);
  });
});
