// `reclassify`: a classification settled with a reason, the SLA following the new severity.
import { describe, expect, it } from 'vitest';
import { commits, git, newIssue, ok, plantStore, read, run, write } from '../helpers.js';

const at = (hhmm: string) => ({ env: { AFTERSALES_NOW: `2026-11-23T${hhmm}:00+08:00` } });
const show = async (dir: string, id: string) => JSON.parse(await ok(dir, ['show', id, '--json']));

describe('reclassify', () => {
  it('changes severity with a reason: an event, the due dates of the new severity, audit satisfied', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100', severity: 'high' }, at('09:00'));
    expect((await show(dir, id)).due.resolution).toBe('2026-11-28T09:00:00+08:00'); // high: 5d
    await ok(dir, ['reclassify', id, '--severity', 'critical', '--reason', '客户停线'], at('10:00'));
    const issue = await show(dir, id);
    expect(issue.severity).toBe('critical');
    expect(issue.due).toMatchObject({
      response: '2026-11-23T10:00:00+08:00', // 1h from registration
      resolution: '2026-11-25T09:00:00+08:00', // 2d
      policy: { severity: 'critical' },
    });
    expect(issue.history.at(-1)).toMatchObject({
      action: 'reclassify',
      by: 'li.si',
      note: '客户停线',
      changes: { severity: { from: 'high', to: 'critical' } },
    });
    expect(commits(dir)[0]).toMatch(new RegExp(`^${id}: reclassify`));
    expect((await run(dir, ['audit'])).code).toBe(0);
    expect((await run(dir, ['validate'])).code).toBe(0);
  });

  it('--redispatch applies the dispatch rules to the new type', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100', type: 'hardware' }, at('09:00'));
    expect((await show(dir, id)).assignee.person).toBe('li.si');
    await ok(
      dir,
      ['reclassify', id, '--type', 'software-bug', '--reason', '控制器固件问题', '--redispatch'],
      at('10:00'),
    );
    const issue = await show(dir, id);
    expect(issue.type).toBe('software-bug');
    expect(issue.assignee.team).toBe('rd-support');
    expect(issue.history.slice(-2).map((h: { action: string }) => h.action)).toEqual(['reclassify', 'dispatch']);
  });

  it('refuses no reason, an unknown type, a bad severity and no change: exit 2, nothing written', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100', severity: 'high' }, at('09:00'));
    const before = { text: read(dir, `issues/${id}.yaml`), commits: commits(dir).length };
    for (const [args, message] of [
      [['--severity', 'critical'], /reclassify needs --reason/],
      [['--type', 'misuse', '--reason', 'x'], /Unknown type 'misuse'/],
      [['--severity', 'urgent', '--reason', 'x'], /Unknown severity 'urgent'/],
      [['--severity', 'high', '--reason', 'x'], /already has that classification/],
    ] as const) {
      const r = await run(dir, ['reclassify', id, ...args], at('10:00'));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(read(dir, `issues/${id}.yaml`)).toBe(before.text);
      expect(commits(dir)).toHaveLength(before.commits);
    }
  });

  it('a hand edit of the type has no event: audit names it and the command that does it', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100', type: 'hardware' }, at('09:00'));
    write(dir, `issues/${id}.yaml`, read(dir, `issues/${id}.yaml`).replace(/^type: hardware$/m, 'type: usage'));
    git(dir, ['commit', '-qam', '用户误用']);
    const r = await run(dir, ['audit', '--format', 'json']);
    expect(JSON.parse(r.stdout).findings).toEqual([
      expect.objectContaining({
        kind: 'unexplained',
        field: 'type',
        detail: 'changed without an event that changes it (reclassify)',
      }),
    ]);
  });
});
