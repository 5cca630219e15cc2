import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FIXTURES, git, ok, plantStore, read, run, tempDir, write, tellAgreeReview, asChen } from '../helpers.js';

const PLAN = join(FIXTURES, 'plans', 'x100-noise.yaml');
const env = (now: string, extra: Record<string, string> = {}) => ({ env: { AFTERSALES_NOW: now, ...extra } });
const NEW = ['new', '--title', '主轴异响', '--type', 'hardware', '--customer', '华东机械厂', '--product', 'X100'];
const M7 = [
  'new',
  '--title',
  'M7 死机',
  '--type',
  'software-bug',
  '--severity',
  'critical',
  '--customer',
  'c',
  '--product',
  'M7',
];

/** Registered and answered at once: the customer was called back (no response item). */
async function reg(dir: string, args: string[], now: string): Promise<string> {
  const id = (await ok(dir, args, env(now))).trim();
  await ok(dir, ['contact', id, '--channel', 'phone', '--note', '已回电客户'], env(now));
  return id;
}

async function check(dir: string, now: string, args: string[] = [], extra: Record<string, string> = {}) {
  const r = await run(dir, ['check', '--format', 'json', ...args], env(now, extra));
  return {
    code: r.code,
    ...(JSON.parse(r.stdout || '{}') as {
      overdue: { issue: string; kind: string; due: string; owner: string; action: string | null }[];
      warnings: { kind: string; reason: string; used: number | null }[];
    }),
  };
}

describe('aftersales check: each overdue kind at, just before and just after its due time', () => {
  it('response: an open issue nobody has contacted past due.response; a dispatch is no response', async () => {
    const dir = await plantStore();
    const id = (
      await ok(dir, [...NEW, '--severity', 'critical', '--no-dispatch'], env('2026-11-23T10:00:00+08:00'))
    ).trim(); // response due 11:00
    expect((await check(dir, '2026-11-23T10:59:59+08:00')).code).toBe(0);
    expect((await check(dir, '2026-11-23T11:00:00+08:00')).overdue).toEqual([]);
    const late = await check(dir, '2026-11-23T11:00:01+08:00');
    expect(late.code).toBe(1);
    expect(late.overdue).toEqual([
      { issue: id, kind: 'response', due: '2026-11-23T11:00:00+08:00', owner: null, action: null },
    ]);
    // assigned, still nobody has spoken to the customer: the item stays, now the owner's
    await ok(dir, ['dispatch', id], env('2026-11-23T11:30:00+08:00'));
    expect((await check(dir, '2026-11-23T12:00:00+08:00')).overdue).toEqual([
      { issue: id, kind: 'response', due: '2026-11-23T11:00:00+08:00', owner: 'li.si', action: null },
    ]);
    // the first contact, late, ends it
    await ok(dir, ['contact', id, '--channel', 'phone', '--note', '已回电'], env('2026-11-23T12:10:00+08:00'));
    expect((await check(dir, '2026-11-23T12:20:00+08:00')).code).toBe(0);
  });

  it("approval: a plan waiting past its rule's within is flagged to the approvers, not to its actions' owners", async () => {
    const dir = await plantStore();
    const file = '.aftersales/config.yaml';
    write(dir, file, read(dir, file).replace('role: tech-director', 'role: tech-director\n    within: 4h'));
    git(dir, ['commit', '-qam', 'critical plans decided within 4h']);
    const id = await reg(dir, [...NEW, '--severity', 'critical'], '2026-11-23T09:00:00+08:00');
    await ok(dir, ['plan', id, '--file', PLAN], env('2026-11-23T10:00:00+08:00'));
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).approval.due).toBe('2026-11-23T14:00:00+08:00');
    expect((await check(dir, '2026-11-23T14:00:00+08:00')).code).toBe(0);
    // past the approval's due date and T1's when: the approver is told, zhao.liu (T1) is not
    const late = await check(dir, '2026-11-26T10:00:00+08:00');
    expect(late.overdue.filter((o) => o.kind !== 'resolution')).toEqual([
      { issue: id, kind: 'approval', due: '2026-11-23T14:00:00+08:00', owner: 'wang.wu', action: null },
    ]);
    expect((await check(dir, '2026-11-26T10:00:00+08:00', ['--owner', 'wang.wu'])).code).toBe(1);
    // approved: the actions are due again, the approval item is gone
    await ok(dir, ['approve', id], {
      env: {
        AFTERSALES_NOW: '2026-11-26T10:05:00+08:00',
        GIT_AUTHOR_EMAIL: 'wang.wu@example.com',
        GIT_COMMITTER_EMAIL: 'wang.wu@example.com',
        GIT_AUTHOR_NAME: 'wang.wu',
        GIT_COMMITTER_NAME: 'wang.wu',
      },
    });
    const after = await check(dir, '2026-11-26T10:10:00+08:00');
    expect(after.overdue.map((o) => o.kind).sort()).toEqual(['action', 'resolution']);
  });

  it('waiting: no resolution overdue while parked; on resume the due date moves by the time waited', async () => {
    const dir = await plantStore();
    const id = await reg(dir, [...NEW, '--severity', 'critical'], '2026-11-23T10:00:00+08:00'); // due 11-25 10:00
    await ok(dir, ['wait', id, '--on', 'supplier', '--reason', '等轴承到货'], env('2026-11-24T10:00:00+08:00'));
    expect((await check(dir, '2026-11-27T10:00:00+08:00')).code).toBe(0);
    expect(await ok(dir, ['list'], env('2026-11-27T10:00:00+08:00'))).toMatch(/waiting/);
    const out = await ok(dir, ['resume', id, '--note', '轴承已到'], env('2026-11-27T10:00:00+08:00'));
    expect(out).toMatch(/back in assigned; resolution due 2026-11-28 10:00/);
    const issue = JSON.parse(await ok(dir, ['show', id, '--json']));
    expect(issue.status).toBe('assigned');
    expect(issue.due.resolution).toBe('2026-11-28T10:00:00+08:00');
    expect((await check(dir, '2026-11-28T10:00:00+08:00')).code).toBe(0);
    expect((await check(dir, '2026-11-28T10:00:01+08:00')).overdue.map((o) => o.kind)).toEqual(['resolution']);
    expect((await run(dir, ['validate'])).code).toBe(0);
    expect((await run(dir, ['audit'])).code).toBe(0);
    // only an issue at work can wait; only a waiting one resumes; --on is one of three
    expect((await run(dir, ['resume', id])).stderr).toMatch(/resume/);
    expect((await run(dir, ['wait', id, '--on', 'boss', '--reason', 'x'])).stderr).toMatch(
      /Unknown --on 'boss'; use one of: customer, supplier, other\./,
    );
    expect((await run(dir, ['wait', id, '--on', 'customer'])).code).toBe(2);
  });

  it('waiting under a working calendar: the due date moves by the working time waited, and stays moved', async () => {
    const dir = await plantStore();
    const file = '.aftersales/config.yaml';
    const calendar = 'sla:\n  calendar: { workdays: [mon, tue, wed, thu, fri], hours: "09:00-18:00" }\n';
    write(dir, file, read(dir, file).replace('sla:\n', calendar));
    git(dir, ['commit', '-qam', 'working hours']);
    // Mon 10:00 + 2d (18 working hours) = Wed 11-25 10:00
    const id = await reg(dir, [...NEW, '--severity', 'critical'], '2026-11-23T10:00:00+08:00');
    const due = async () => JSON.parse(await ok(dir, ['show', id, '--json'])).due.resolution;
    expect(await due()).toBe('2026-11-25T10:00:00+08:00');
    // Tue 17:00 → Thu 10:00: 1 + 9 + 1 = 11 working hours waited; Wed 10:00 + 11 h = Thu 12:00
    await ok(dir, ['wait', id, '--on', 'customer', '--reason', '客户回电'], env('2026-11-24T17:00:00+08:00'));
    await ok(dir, ['resume', id], env('2026-11-26T10:00:00+08:00'));
    expect(await due()).toBe('2026-11-26T12:00:00+08:00');
    // recomputing the SLA keeps the time waited; audit agrees
    await ok(dir, ['sla', id, '--recompute'], env('2026-11-26T10:30:00+08:00'));
    expect(await due()).toBe('2026-11-26T12:00:00+08:00');
    const audit = await run(dir, ['audit']);
    expect(audit.code, audit.stdout).toBe(0);
  });

  it('resolution: an open issue past due.resolution; accepted and cancelled issues never are', async () => {
    const dir = await plantStore();
    const id = await reg(dir, [...NEW, '--severity', 'critical'], '2026-11-23T10:00:00+08:00'); // 2d
    expect((await check(dir, '2026-11-25T10:00:00+08:00')).code).toBe(0);
    const late = await check(dir, '2026-11-25T10:00:01+08:00');
    expect(late.overdue).toEqual([
      { issue: id, kind: 'resolution', due: '2026-11-25T10:00:00+08:00', owner: 'li.si', action: null },
    ]);
    await ok(dir, ['cancel', id, '--reason', '重复登记'], env('2026-11-25T11:00:00+08:00'));
    expect((await check(dir, '2026-12-30T10:00:00+08:00')).code).toBe(0);
  });

  it('action: an action not done past its when; temporary: a stop-gap not withdrawn past remove_by', async () => {
    const dir = await plantStore();
    const id = await reg(dir, [...NEW, '--severity', 'low'], '2026-11-23T10:00:00+08:00'); // resolution 20d
    await ok(dir, ['plan', id, '--file', PLAN], env('2026-11-23T11:00:00+08:00'));
    expect((await check(dir, '2026-11-25T18:00:00+08:00')).code).toBe(0); // T1 due exactly now
    const t1 = await check(dir, '2026-11-25T18:00:01+08:00');
    expect(t1.overdue).toEqual([
      { issue: id, kind: 'action', due: '2026-11-25T18:00:00+08:00', owner: 'zhao.liu', action: 'T1' },
    ]);
    await ok(dir, ['action', id, 'T1', '--done'], env('2026-11-25T19:00:00+08:00'));
    await ok(dir, ['action', id, 'P1', '--done'], env('2026-11-25T19:00:00+08:00'));
    await ok(dir, ['action', id, 'C1', '--done'], env('2026-11-25T19:00:00+08:00'));
    await tellAgreeReview(dir, id, '11-24', '11-26');
    // accepted before its resolution date; the stop-gap still counts on the closed issue
    await ok(
      dir,
      ['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round2-pass.yaml')],
      asChen(env('2026-12-01T10:00:00+08:00')),
    );
    expect((await check(dir, '2026-12-20T18:00:00+08:00')).code).toBe(0);
    const stopGap = await check(dir, '2026-12-20T18:00:01+08:00');
    expect(stopGap.overdue).toEqual([
      { issue: id, kind: 'temporary', due: '2026-12-20T18:00:00+08:00', owner: 'zhao.liu', action: 'T1' },
    ]);
    await ok(dir, ['action', id, 'T1', '--withdrawn'], env('2026-12-21T11:00:00+08:00'));
    expect((await check(dir, '2026-12-22T10:00:00+08:00')).code).toBe(0);
  });

  it('an item due at 23:30 Asia/Shanghai is judged by the instant on a UTC runner', async () => {
    const dir = await plantStore();
    const id = (
      await ok(dir, [...NEW, '--severity', 'critical', '--no-dispatch'], env('2026-11-23T22:30:00+08:00'))
    ).trim();
    const utc = { TZ: 'UTC' };
    expect((await check(dir, '2026-11-23T15:30:00Z', [], utc)).code).toBe(0);
    expect((await check(dir, '2026-11-23T15:30:01Z', [], utc)).overdue.map((o) => [o.issue, o.due])).toEqual([
      [id, '2026-11-23T23:30:00+08:00'],
    ]);
    const text = await run(dir, ['check'], env('2026-11-23T16:00:00Z', utc));
    expect(text.stdout).toContain('response due 2026-11-23 23:30, overdue by 30m'); // shown in the store's zone
  });
});

describe('warnings, filters and exit codes', () => {
  it('--warn-within and --warn-at warn without failing', async () => {
    const dir = await plantStore();
    const id = await reg(dir, [...NEW, '--severity', 'high'], '2026-11-23T10:00:00+08:00'); // resolution 11-28 10:00
    const soon = await check(dir, '2026-11-27T10:00:00+08:00', ['--warn-within', '2d']);
    expect(soon.code).toBe(0);
    expect(soon.warnings).toMatchObject([{ issue: id, kind: 'resolution', reason: 'due-soon' }]);
    expect((await check(dir, '2026-11-25T10:00:00+08:00', ['--warn-within', '2d'])).warnings).toEqual([]);
    // 5 days of SLA: at 4 days 80% is used
    const used = await check(dir, '2026-11-27T10:00:00+08:00', ['--warn-at', '50%,75%,90%']);
    expect(used.warnings).toMatchObject([{ kind: 'resolution', reason: 'sla-used', threshold: 0.75 }]);
    expect(used.warnings[0]?.used).toBeCloseTo(0.8);
    expect((await check(dir, '2026-11-24T10:00:00+08:00', ['--warn-at', '75%'])).warnings).toEqual([]);
    expect((await run(dir, ['check', '--warn-at', '175%'])).code).toBe(2);
    expect((await run(dir, ['check', '--warn-within', 'soon'])).stderr).toMatch(
      /--warn-within: 'soon' is not a duration/,
    );
  });

  it('--team, --owner and --severity let a team gate its own work', async () => {
    const dir = await plantStore();
    const hw = await reg(dir, [...NEW, '--severity', 'high'], '2026-11-23T10:00:00+08:00');
    const sw = await reg(dir, M7, '2026-11-23T10:00:00+08:00');
    const late = '2026-12-30T10:00:00+08:00';
    expect((await check(dir, late)).overdue.map((o) => o.issue).sort()).toEqual([hw, sw].sort());
    expect((await check(dir, late, ['--team', 'rd-support'])).overdue.map((o) => o.issue)).toEqual([sw]);
    expect((await check(dir, late, ['--owner', 'li.si'])).overdue.map((o) => o.issue)).toEqual([hw]);
    expect((await check(dir, late, ['--severity', 'high'])).overdue.map((o) => o.issue)).toEqual([hw]);
    expect((await check(dir, late, ['--severity', 'low'])).code).toBe(0);
    expect((await run(dir, ['check', '--team', 'nope'])).code).toBe(2);
  });

  it('text groups by owner, most overdue first; a file it cannot read is exit 2', async () => {
    const dir = await plantStore();
    const a = await reg(dir, [...NEW, '--severity', 'critical'], '2026-11-20T10:00:00+08:00');
    const b = await reg(dir, M7, '2026-11-21T10:00:00+08:00');
    const r = await run(dir, ['check'], env('2026-11-25T10:00:00+08:00'));
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('李四 (1)');
    expect(lines[1]).toMatch(new RegExp(`^  ${a}  resolution due 2026-11-22 10:00, overdue by 3d\\s+主轴异响$`));
    expect(lines[2]).toBe('赵六 (1)');
    expect(lines[3]).toMatch(new RegExp(`^  ${b}  resolution due 2026-11-23 10:00, overdue by 2d`));
    expect(r.stderr).toBe('2 overdue, 0 warning(s).\n');
    write(dir, `issues/${a}.yaml`, read(dir, `issues/${a}.yaml`).replace('severity: critical', 'severity: [x'));
    const broken = await run(dir, ['check'], env('2026-11-25T10:00:00+08:00'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/could not judge: issues\/.*\.yaml:\d+:\d+/);
  });
});

describe('CI formats, parsed back', () => {
  async function mixed() {
    const dir = await plantStore();
    const late = await reg(dir, [...NEW, '--severity', 'critical'], '2026-11-20T10:00:00+08:00');
    const fine = await reg(dir, [...NEW, '--severity', 'low'], '2026-11-24T10:00:00+08:00');
    await ok(dir, ['plan', fine, '--file', PLAN], env('2026-11-24T11:00:00+08:00'));
    return { dir, late, fine, now: '2026-11-26T10:00:00+08:00' };
  }

  it('junit: a failing testcase per overdue item, a passing one per open issue with none, classnames Jenkins reads', async () => {
    const { dir, late, fine, now } = await mixed();
    const quiet = await reg(dir, [...NEW, '--severity', 'low'], '2026-11-26T09:00:00+08:00');
    const r = await run(dir, ['check', '--format', 'junit'], env(now));
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testcase' || name === 'failure',
    }).parse(r.stdout);
    const suite = xml.testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'aftersales check', tests: '3', failures: '2', errors: '0', skipped: '0' });
    const cases = suite.testcase as {
      name: string;
      classname: string;
      file: string;
      failure?: { type: string; message: string }[];
    }[];
    // at most one failure in a testcase: CI servers read only the first
    for (const c of cases) expect((c.failure ?? []).length).toBeLessThanOrEqual(1);
    const lateCase = cases.find((c) => c.name === `${late} 主轴异响: resolution`);
    expect(lateCase).toMatchObject({ classname: 'aftersales.li_si', file: `issues/${late}.yaml` });
    expect(lateCase?.failure?.map((f) => f.type)).toEqual(['resolution']);
    const fineCase = cases.find((c) => c.name === `${fine} 主轴异响: action T1`);
    expect(fineCase?.classname).toBe('aftersales.zhao_liu'); // the action's owner; no dot but the package's
    expect(fineCase?.failure?.map((f) => [f.type, f.message])).toEqual([
      ['action', 'action T1 due 2026-11-25 18:00, overdue by 16h'],
    ]);
    expect(cases.find((c) => c.name === `${quiet} 主轴异响`)?.failure).toBeUndefined();
  });

  it('github: ::error at the line of the late field, ::warning for warnings; annotations also under GITHUB_ACTIONS', async () => {
    const { dir, late, fine, now } = await mixed();
    const r = await run(dir, ['check', '--format', 'github', '--warn-within', '3d'], env(now));
    const lines = r.stdout.trimEnd().split('\n');
    const re = /^::(error|warning) file=([^,]+),line=(\d+),title=([^:]+)::(.*)$/;
    for (const l of lines) expect(l).toMatch(re);
    const parsed = lines.map((l) => re.exec(l)?.slice(1) as string[]);
    const lateFile = read(dir, `issues/${late}.yaml`).split('\n');
    const resolutionLine = lateFile.findIndex((l) => l.startsWith('  resolution:')) + 1;
    expect(parsed).toContainEqual([
      'error',
      `issues/${late}.yaml`,
      String(resolutionLine),
      'aftersales check%3A resolution',
      expect.stringContaining('resolution due 2026-11-22 10:00'),
    ]);
    const fineFile = read(dir, `issues/${fine}.yaml`).split('\n');
    const t1When = fineFile.findIndex((l) => l.includes('when: "2026-11-25T18:00:00+08:00"')) + 1;
    expect(parsed).toContainEqual([
      'error',
      `issues/${fine}.yaml`,
      String(t1When),
      'aftersales check%3A action',
      expect.stringContaining('action T1'),
    ]);
    expect(parsed.some((p) => p[0] === 'warning')).toBe(true);
    const auto = await run(dir, ['check'], env(now, { GITHUB_ACTIONS: 'true' }));
    expect(auto.stdout).toMatch(/^::error file=/m);
    expect(auto.stdout).toMatch(/^李四 \(1\)$/m);
  });

  it('--json is --format json for check, validate and report', async () => {
    const { dir, now } = await mixed();
    const check = await run(dir, ['check', '--json'], env(now));
    expect(check.stdout).toBe((await run(dir, ['check', '--format', 'json'], env(now))).stdout);
    expect(JSON.parse((await run(dir, ['validate', '--json'])).stdout)).toMatchObject({ valid: true });
    expect(JSON.parse(await ok(dir, ['report', '--json'], env(now))).total).toBe(2);
  });

  it('under GitHub Actions the job summary lists every item, beyond the ten annotations GitHub shows', async () => {
    const { dir, late, fine, now } = await mixed();
    const summary = join(tempDir(), 'summary.md');
    await run(dir, ['check', '--format', 'github', '--warn-within', '3d'], env(now, { GITHUB_STEP_SUMMARY: summary }));
    const text = read(summary, '');
    expect(text).toMatch(/^## aftersales check: 2 overdue, \d+ warning\(s\)$/m);
    expect(text).toContain(`| ❌ | ${late} | 主轴异响 | resolution due 2026-11-22 10:00`);
    expect(text).toContain(`| ❌ | ${fine} | 主轴异响 | action T1 due 2026-11-25 18:00`);
  });

  it('annotation paths start at the repository top when the store lives in a subfolder', async () => {
    const dir = await plantStore();
    const top = join(dir, '..', `top-${Date.now()}`);
    const { mkdirSync, renameSync } = await import('node:fs');
    mkdirSync(top);
    renameSync(dir, join(top, 'service'));
    git(top, ['init', '-q', '-b', 'main']);
    const store = join(top, 'service');
    const { rmSync } = await import('node:fs');
    rmSync(join(store, '.git'), { recursive: true, force: true });
    git(top, ['config', 'user.email', 'li.si@example.com']);
    git(top, ['config', 'user.name', 'li.si']);
    const id = (
      await ok(store, [...NEW, '--severity', 'critical', '--no-commit'], env('2026-11-20T10:00:00+08:00'))
    ).trim();
    const r = await run(top, ['-C', 'service', 'check', '--format', 'github'], env('2026-11-26T10:00:00+08:00'));
    expect(r.stdout).toMatch(new RegExp(`^::error file=service/issues/${id}\\.yaml,line=\\d+`));
    write(
      store,
      `issues/${id}.yaml`,
      read(store, `issues/${id}.yaml`).replace('severity: critical', 'severity: urgent'),
    );
    const v = await run(top, ['-C', 'service', 'validate', '--format', 'github']);
    expect(v.stdout).toMatch(
      new RegExp(`^::error file=service/issues/${id}\\.yaml,line=\\d+,col=11,title=aftersales validate::severity`),
    );
    const text = await run(store, ['validate']);
    expect(text.stdout).toMatch(new RegExp(`^issues/${id}\\.yaml:`)); // text stays relative to where it ran
  });

  it('validate --format junit: a testcase per file, a failure per problem', async () => {
    const { dir, late } = await mixed();
    write(
      dir,
      `issues/${late}.yaml`,
      read(dir, `issues/${late}.yaml`).replace('severity: critical', 'severity: urgent'),
    );
    const r = await run(dir, ['validate', '--format', 'junit']);
    expect(r.code).toBe(1);
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => n === 'testcase' || n === 'failure',
    }).parse(r.stdout);
    const cases = xml.testsuites.testsuite.testcase as { name: string; failure?: { type: string }[] }[];
    expect(cases).toHaveLength(2);
    expect(cases.find((c) => c.name === `issues/${late}.yaml`)?.failure?.[0]?.type).toBe('severity');
  });
});
