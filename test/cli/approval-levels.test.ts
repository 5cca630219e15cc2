// Approval levels (serial and parallel roles) and compensation approval, through the CLI.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, git, ok, plantStore, read, run, setIdentity, write } from '../helpers.js';

const PLAN = join(FIXTURES, 'plans', 'x100-noise.yaml');
const at = (hhmm: string, day = '23') => ({ env: { AFTERSALES_NOW: `2026-11-${day}T${hhmm}:00+08:00` } });
const QM = '  - { id: he.qm, name: 何质量, email: he.qm@example.com, roles: [quality-manager] }\n';

async function levelsStore(order: 'serial' | 'parallel'): Promise<string> {
  const dir = await plantStore();
  const file = '.aftersales/config.yaml';
  const text = read(dir, file)
    .replace('\nteams:', `${QM}\nteams:`)
    .replace(
      '  - when: { severity: { $in: [critical] } }\n    role: tech-director\n',
      `  - when: { severity: { $in: [critical] } }\n    roles: [tech-director, quality-manager]\n    order: ${order}\n    within: 4h\n` +
        '  - { name: large compensation, applies_to: compensate, above: 5000, role: quality-manager }\n',
    );
  write(dir, file, text);
  setIdentity(dir, 'wang.wu'); // the admin changes who may do what
  git(dir, ['commit', '-qam', 'two levels']);
  setIdentity(dir, 'li.si');
  return dir;
}

async function planned(dir: string): Promise<string> {
  const NEW = ['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'critical', '--customer', 'c'];
  const id = (await ok(dir, [...NEW, '--product', 'X100'], at('09:00'))).trim();
  await ok(dir, ['contact', id, '--channel', 'phone', '--note', '已回电'], at('09:10'));
  await ok(dir, ['plan', id, '--file', PLAN], at('10:00'));
  return id;
}

const overdue = async (dir: string, now: ReturnType<typeof at>) =>
  JSON.parse((await run(dir, ['check', '--format', 'json'], now)).stdout).overdue.filter(
    (o: { kind: string }) => o.kind === 'approval',
  );

describe('approval levels', () => {
  it('serial: each level in turn, one person one level; the plan proceeds when all have approved', async () => {
    const dir = await levelsStore('serial');
    const id = await planned(dir);
    // only the first level waits: the tech director is flagged, not the quality manager
    expect(await overdue(dir, at('14:30'))).toEqual([
      { issue: id, kind: 'approval', due: '2026-11-23T14:00:00+08:00', owner: 'wang.wu', action: null },
    ]);
    setIdentity(dir, 'he.qm');
    const early = await run(dir, ['approve', id], at('15:00'));
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/tech-director/);
    setIdentity(dir, 'wang.wu');
    expect(await ok(dir, ['approve', id], at('15:10'))).toMatch(
      /level tech-director approved by wang\.wu; waiting for quality-manager/,
    );
    let issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue.status).toBe('awaiting-approval');
    expect(issue.approval.given).toEqual([{ role: 'tech-director', by: 'wang.wu', at: '2026-11-23T15:10:00+08:00' }]);
    const twice = await run(dir, ['approve', id], at('15:20'));
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/already approved .* at the level tech-director/);
    // the next level has its own `within`, from the first level's approval
    expect(await overdue(dir, at('19:30'))).toEqual([
      { issue: id, kind: 'approval', due: '2026-11-23T19:10:00+08:00', owner: 'he.qm', action: null },
    ]);
    setIdentity(dir, 'he.qm');
    await ok(dir, ['approve', id], at('19:40'));
    issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue.status).toBe('in-progress');
    expect(issue.approval.decision).toBe('approved');
    const audit = await run(dir, ['audit']);
    expect(audit.code, audit.stdout).toBe(0);
    expect((await run(dir, ['validate'])).code).toBe(0);
  });

  it('parallel: any order; a reject at any level sends the plan back', async () => {
    const dir = await levelsStore('parallel');
    const id = await planned(dir);
    const owners = (await overdue(dir, at('14:30'))).map((o: { owner: string }) => o.owner).sort();
    expect(owners).toEqual(['he.qm', 'wang.wu']);
    setIdentity(dir, 'he.qm');
    await ok(dir, ['approve', id], at('11:00'));
    expect((await overdue(dir, at('14:30'))).map((o: { owner: string }) => o.owner)).toEqual(['wang.wu']);
    setIdentity(dir, 'wang.wu');
    await ok(dir, ['reject', id, '--comment', '补充试验数据'], at('11:30'));
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).status).toBe('assigned');
  });

  it('a compensation above the rule amount is recorded only by someone holding its role', async () => {
    const dir = await levelsStore('serial');
    const id = await planned(dir);
    const pay = (amount: string) => ['compensate', id, '--kind', 'money', '--amount', amount, '--note', '停机补偿'];
    const refused = await run(dir, pay('8000'), at('12:00'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'aftersales: A compensation above 5000 needs someone holding quality-manager; li.si holds quality-engineer.\n',
    );
    await ok(dir, pay('3000'), at('12:05'));
    setIdentity(dir, 'he.qm');
    await ok(dir, pay('8000'), at('12:10'));
    const events = JSON.parse(await ok(dir, ['show', id, '--json'])).history.filter(
      (e: { action: string }) => e.action === 'compensate',
    );
    expect(events.map((e: { amount: number; approved_by?: string }) => [e.amount, e.approved_by ?? null])).toEqual([
      [3000, null],
      [8000, 'he.qm'],
    ]);
  });
});
