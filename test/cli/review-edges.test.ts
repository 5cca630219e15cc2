// Edges of the session's features that a review found: each once broke as named here.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandConfigEnv } from '../../src/domain/config-env.js';
import { mergeIssue } from '../../src/domain/merge.js';
import { FIXTURES, git, ok, plantStore, read, run, setIdentity, write } from '../helpers.js';

const at = (hhmm: string, day = '23') => ({ env: { AFTERSALES_NOW: `2026-11-${day}T${hhmm}:00+08:00` } });
const NEW = ['new', '--title', '主轴异响', '--type', 'hardware', '--severity', 'critical', '--customer', 'c'];

describe('edges', () => {
  it('ids and chat identities never take values from the environment (notices carry them out)', () => {
    const ref = ['$', '{A}'].join(''); // the config's own placeholder
    const config = { people: [{ id: ref, name: ref, im: { dingtalk: ref } }] };
    expect(expandConfigEnv(config, { A: 'secret' })).toEqual({
      people: [{ id: ref, name: 'secret', im: { dingtalk: ref } }],
    });
  });

  it('audit refuses an approval level the plan was not waiting for', async () => {
    const dir = await plantStore();
    const id = (await ok(dir, [...NEW, '--product', 'X100'], at('09:00'))).trim();
    await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('10:00'));
    setIdentity(dir, 'zhao.liu'); // an engineer, writing an approval by hand
    const file = `issues/${id}.yaml`;
    const text = read(dir, file)
      .replace(/^status: awaiting-approval$/m, 'status: in-progress')
      .replace(/ {2}decision: null/, '  decision: approved')
      .concat(
        "  - { at: '2026-11-23T11:00:00+08:00', by: zhao.liu, action: approve, from: awaiting-approval, to: in-progress, level: engineer }\n",
      );
    write(dir, file, text);
    git(dir, ['commit', '-qam', 'approved']);
    const r = await run(dir, ['audit']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the plan was not waiting for the level engineer/);
  });

  it('a wait and its resume in one commit move the due date, and audit agrees', async () => {
    const dir = await plantStore();
    const id = (await ok(dir, [...NEW, '--product', 'X100'], at('09:00'))).trim();
    await ok(dir, ['wait', id, '--on', 'customer', '--reason', '回电'], at('10:00'));
    await ok(dir, ['resume', id], at('11:00'));
    await ok(dir, ['wait', id, '--on', 'customer', '--reason', '再等', '--no-commit'], at('12:00'));
    await ok(dir, ['resume', id, '--no-commit'], at('14:00'));
    git(dir, ['commit', '-qam', 'waited twice']);
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).due.resolution).toBe('2026-11-25T12:00:00+08:00');
    const r = await run(dir, ['audit']);
    expect(r.code, r.stdout).toBe(0);
  });

  it('inbox: an approval is due at its within, not at once; a waiting issue is due from no one', async () => {
    const dir = await plantStore();
    const id = (await ok(dir, [...NEW, '--product', 'X100'], at('09:00'))).trim();
    await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('10:00'));
    const inbox = JSON.parse(await ok(dir, ['inbox', '--as', 'wang.wu', '--json'], at('10:05')));
    expect(inbox.find((i: { kind: string }) => i.kind === 'approval')).toMatchObject({ overdue: false });
    const other = (await ok(dir, [...NEW, '--product', 'X100'], at('09:30'))).trim();
    await ok(dir, ['wait', other, '--on', 'supplier', '--reason', '备件'], at('09:40'));
    const mine = JSON.parse(await ok(dir, ['inbox', '--as', 'li.si', '--json'], at('10:00', '30')));
    expect(mine.find((i: { issue: string }) => i.issue === other)).toMatchObject({ overdue: false, due: null });
  });

  it('required: [line] is met by the product catalogue', async () => {
    const dir = await plantStore();
    const file = '.aftersales/config.yaml';
    write(dir, file, read(dir, file).replace('dispatch:\n', 'required: [line]\n\ndispatch:\n'));
    await ok(dir, [...NEW, '--product', 'X100'], at('09:00'));
    expect((await run(dir, NEW, at('09:10'))).stderr).toMatch(/Missing --line/);
  });

  it('two clones approving two parallel levels keep both levels', () => {
    const approval = { required: true, role: 'a', roles: ['a', 'b'], order: 'parallel', given: [] };
    const base = { id: 'X', approval, history: [{ at: '2026-11-23T10:00:00+08:00', by: 'li.si', action: 'plan' }] };
    const level = (role: string, by: string, hhmm: string) => ({
      ...base,
      approval: { ...approval, given: [{ role, by, at: `2026-11-23T${hhmm}:00+08:00` }] },
      history: [...base.history, { at: `2026-11-23T${hhmm}:00+08:00`, by, action: 'approve-level', level: role }],
    });
    const merged = mergeIssue(base, level('a', 'wang.wu', '11:00'), level('b', 'he.qm', '11:30')) as typeof base;
    expect(merged.approval.given.map((g: { role: string }) => g.role).sort()).toEqual(['a', 'b']);
  });
});
