import { describe, expect, it } from 'vitest';
import { commits, git, newIssue, ok, plantStore, read, run, setIdentity, tempDir, write } from '../helpers.js';

const at = (hhmm: string) => ({ env: { AFTERSALES_NOW: `2026-11-23T${hhmm}:00+08:00` } });
const show = async (dir: string, id: string) => JSON.parse(await ok(dir, ['show', id, '--json']));

describe('dispatch on registration', () => {
  it('new assigns at once by the first matching rule, and the history says which rule', async () => {
    const dir = await plantStore();
    const r = await run(
      dir,
      [
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
      ],
      at('10:00'),
    );
    expect(r.code).toBe(0);
    const id = r.stdout.trim();
    expect(r.stderr).toContain(`${id} → li.si, cc wang.wu  (rule: line A hardware to its quality engineer)`);
    const issue = await show(dir, id);
    expect(issue.status).toBe('assigned');
    expect(issue.assignee).toEqual({ team: null, person: 'li.si' });
    expect(issue.cc).toEqual(['wang.wu']);
    expect(issue.history[1]).toMatchObject({
      action: 'dispatch',
      from: 'new',
      to: 'assigned',
      rule: 'line A hardware to its quality engineer',
      assignee: { team: null, person: 'li.si' },
      notify: ['li.si', 'wang.wu'],
      at: '2026-11-23T10:00:00+08:00',
    });
    expect(commits(dir)).toHaveLength(3); // registration and dispatch: one commit
  });

  it('--no-dispatch leaves the issue in new; an unmatched issue stays new with a warning', async () => {
    const dir = await plantStore();
    const r = await run(dir, [
      'new',
      '--title',
      't',
      '--type',
      'hardware',
      '--severity',
      'low',
      '--customer',
      'c',
      '--product',
      'X100',
      '--no-dispatch',
    ]);
    expect((await show(dir, r.stdout.trim())).status).toBe('new');
    const u = await run(dir, ['new', '--title', 't', '--type', 'usage', '--severity', 'low', '--customer', 'c']);
    expect(u.stderr).toMatch(/warning: no dispatch rule matched AS-.*--to PERSON --reason/);
    expect((await show(dir, u.stdout.trim())).status).toBe('new');
  });
});

describe('aftersales dispatch', () => {
  async function storeWithNew() {
    const dir = await plantStore();
    const ids: string[] = [];
    for (const [title, type, product] of [
      ['M7 死机', 'software-bug', 'M7'],
      ['X200 漏油', 'hardware', 'X200'],
      ['说明书缺页', 'usage', 'X100'],
    ] as const) {
      const r = await run(
        dir,
        [
          'new',
          '--title',
          title,
          '--type',
          type,
          '--severity',
          'high',
          '--customer',
          'c',
          '--product',
          product,
          '--no-dispatch',
        ],
        at('09:00'),
      );
      ids.push(r.stdout.trim());
    }
    return { dir, ids };
  }

  it('--explain says for each rule in order whether it matched, and why not', async () => {
    const { dir, ids } = await storeWithNew();
    const out = await ok(dir, ['dispatch', ids[1] as string, '--explain', '--dry-run']);
    expect(out).toBe(
      [
        `${ids[1]}  X200 漏油`,
        '  ✗ 1. software bugs to R&D support: type is "hardware", the rule wants "software-bug"',
        '  ✓ 2. line A hardware to its quality engineer → li.si, cc wang.wu',
        '',
      ].join('\n'),
    );
    const none = await ok(dir, ['dispatch', ids[2] as string, '--explain', '--dry-run']);
    expect(none).toContain('✗ 2. line A hardware to its quality engineer: type is "usage", the rule wants "hardware"');
    expect(none).toContain('no rule matched');
    const team = await ok(dir, ['dispatch', ids[0] as string, '--explain', '--dry-run']);
    expect(team).toContain(
      '✓ 1. software bugs to R&D support → zhao.liu (rd-support) — least-loaded: open issues zhao.liu 0, sun.ba 0',
    );
    expect(team).toContain('(later rules not tried: the first match wins)');
    // --dry-run changed nothing
    expect(git(dir, ['status', '--porcelain'])).toBe('');
    expect((await show(dir, ids[0] as string)).status).toBe('new');
  });

  it('--all dispatches every issue in new in one commit naming each', async () => {
    const { dir, ids } = await storeWithNew();
    const before = commits(dir).length;
    const r = await run(dir, ['dispatch', '--all'], at('09:30'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${ids[0]} → zhao.liu (rd-support)  (rule: software bugs to R&D support)`);
    expect(r.stdout).toContain(`${ids[1]} → li.si, cc wang.wu`);
    expect(r.stderr).toContain(`no dispatch rule matched ${ids[2]}`);
    expect(commits(dir)).toHaveLength(before + 1);
    const body = git(dir, ['log', '-1', '--format=%B']);
    expect(body).toMatch(/^dispatch: 2 issues/);
    expect(body).toContain(`Aftersales-Issue: ${ids[0]}`);
    expect(body).toContain(`Aftersales-Issue: ${ids[1]}`);
    expect((await show(dir, ids[2] as string)).status).toBe('new');
  });

  it('assigns by hand only with a reason, which the history keeps; reassigning keeps the status', async () => {
    const { dir, ids } = await storeWithNew();
    const id = ids[2] as string;
    const no = await run(dir, ['dispatch', id, '--to', 'chen.qi']);
    expect(no.code).toBe(2);
    expect(no.stderr).toBe(
      'aftersales: A manual assignment needs --reason "…", so the audit trail says why it went there.\n',
    );
    expect((await run(dir, ['dispatch', id, '--to', 'ghost', '--reason', 'x'])).stderr).toMatch(
      /Unknown person 'ghost'/,
    );
    expect((await run(dir, ['dispatch', id, '--reason', 'x'])).code).toBe(2);
    await ok(dir, ['dispatch', id, '--to', 'chen.qi', '--reason', '使用问题由质量组回访'], at('09:40'));
    let issue = await show(dir, id);
    expect(issue.status).toBe('assigned');
    expect(issue.history.at(-1)).toMatchObject({
      action: 'dispatch',
      note: '使用问题由质量组回访',
      rule: null,
      assignee: { person: 'chen.qi' },
      by: 'li.si',
    });
    // an issue already being worked on keeps its status when it changes hands
    write(dir, `issues/${id}.yaml`, read(dir, `issues/${id}.yaml`).replace('status: assigned', 'status: in-progress'));
    git(dir, ['commit', '-qam', 'hand edit']);
    await ok(dir, ['dispatch', id, '--to', 'sun.ba', '--reason', '陈七休假'], at('09:50'));
    issue = await show(dir, id);
    expect(issue.status).toBe('in-progress');
    expect(issue.history.at(-1)).toMatchObject({
      action: 'reassign',
      from: null,
      to: null,
      note: '陈七休假',
      assignee: { person: 'sun.ba' },
    });
    expect(commits(dir)[0]).toBe(`${id}: assign — 说明书缺页`);
  });

  it('round-robin stays fair across clones: it reads who received what from the merged history', async () => {
    const remote = tempDir();
    git(remote, ['init', '-q', '--bare', '-b', 'main']);
    const a = await plantStore('li.si');
    write(
      a,
      '.aftersales/config.yaml',
      read(a, '.aftersales/config.yaml').replace(
        'assign: { person: li.si }\n    cc: [wang.wu]',
        'assign: { team: a-line-qe }',
      ),
    );
    git(a, ['commit', '-qam', 'line A hardware to the team']);
    git(a, ['remote', 'add', 'origin', remote]);
    git(a, ['push', '-q', 'origin', 'main']);
    const b = tempDir();
    git(b, ['clone', '-q', remote, '.']);
    setIdentity(b, 'chen.qi');
    const hw = (dir: string, hhmm: string) => newIssue(dir, { product: 'X100' }, at(hhmm));
    const owner = async (dir: string, id: string) => (await show(dir, id)).assignee.person;
    const a1 = await hw(a, '10:00');
    const b1 = await hw(b, '10:05'); // b has not seen a1: li.si too
    expect([await owner(a, a1), await owner(b, b1)]).toEqual(['li.si', 'li.si']);
    git(a, ['push', '-q', 'origin', 'main']);
    git(b, ['pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main']);
    const b2 = await hw(b, '10:10'); // chen.qi has never received one
    expect(await owner(b, b2)).toBe('chen.qi');
    git(b, ['push', '-q', 'origin', 'main']);
    git(a, ['pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main']);
    const a3 = await hw(a, '10:15'); // li.si last 10:05, chen.qi 10:10
    expect(await owner(a, a3)).toBe('li.si');
    const a4 = await hw(a, '10:20');
    expect(await owner(a, a4)).toBe('chen.qi');
  });

  it('a config rule naming an unknown team, person or operator stops every command, naming the rule and the key', async () => {
    const dir = await plantStore();
    const config = read(dir, '.aftersales/config.yaml');
    write(
      dir,
      '.aftersales/config.yaml',
      config.replace('assign: { team: rd-support }', 'assign: { team: rd-suport }'),
    );
    let r = await run(dir, ['list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /dispatch\[0\]\.assign\.team {2}found "rd-suport", expected a team id from teams \(rule "software bugs to R&D support"\)/,
    );
    write(
      dir,
      '.aftersales/config.yaml',
      config.replace('when: { type: software-bug }', 'when: { type: { $eq: software-bug, $like: bug } }'),
    );
    r = await run(dir, ['new', '--title', 't', '--type', 'usage', '--severity', 'low', '--customer', 'c']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dispatch\[0\]\.when\.type\.\$like {2}found "\$like", expected an operator of/);
  });
});

describe('inbox and sla', () => {
  it('inbox lists what waits on me, most urgent first; cc people see the issue too', async () => {
    const dir = await plantStore();
    const late = await newIssue(dir, { product: 'X100', severity: 'critical' }, at('08:00'));
    const soon = await newIssue(dir, { product: 'X100', severity: 'low' }, at('09:00'));
    const mine = JSON.parse(await ok(dir, ['inbox', '--json'], at('12:00')));
    expect(mine.map((i: { issue: string; kind: string }) => [i.issue, i.kind])).toEqual([
      [late, 'owner'],
      [soon, 'owner'],
    ]);
    const cc = JSON.parse(await ok(dir, ['inbox', '--as', 'wang.wu', '--json']));
    expect(cc.map((i: { kind: string }) => i.kind)).toEqual(['cc', 'cc']);
    const text = await ok(dir, ['inbox'], at('12:00'));
    expect(text.split('\n')[0]).toMatch(/^DUE\s+KIND\s+ID\s+SEVERITY\s+WHAT$/);
    setIdentity(dir, 'stranger');
    const r = await run(dir, ['inbox']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Your git e-mail \(stranger@example.com\) is not in the config's people/);
    expect(git(dir, ['status', '--porcelain'])).toBe(''); // reading changed nothing
  });

  it('due dates are kept when the config changes, until sla --recompute, which history records', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100' }, at('10:00'));
    write(
      dir,
      '.aftersales/config.yaml',
      read(dir, '.aftersales/config.yaml').replace(
        'high:     { response: 4h, resolution: 5d }',
        'high:     { response: 2h, resolution: 3d }',
      ),
    );
    git(dir, ['commit', '-qam', 'faster SLA']);
    expect((await show(dir, id)).due.resolution).toBe('2026-11-28T10:00:00+08:00');
    await ok(dir, ['sla', id, '--recompute'], at('11:00'));
    const issue = await show(dir, id);
    expect(issue.due).toEqual({
      response: '2026-11-23T12:00:00+08:00',
      resolution: '2026-11-26T10:00:00+08:00',
      policy: { severity: 'high', response: '2h', resolution: '3d', calendar: false },
    });
    expect(issue.history.at(-1)).toMatchObject({
      action: 'recompute-due',
      note: 'response 2026-11-23 14:00 → 2026-11-23 12:00; resolution 2026-11-28 10:00 → 2026-11-26 10:00',
    });
    expect(commits(dir)[0]).toBe(`${id}: recompute-due — 主轴异响`);
  });
});
