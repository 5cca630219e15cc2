import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, newIssue, ok, plantStore, read, run, write, x100ReadyForAcceptance } from '../helpers.js';

async function storeWithIssue() {
  const dir = await plantStore();
  const id = await newIssue(dir);
  return { dir, id, file: `issues/${id}.yaml` };
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('aftersales validate', () => {
  it('passes a good store (exit 0) and points at the exact line of a bad value (exit 1)', async () => {
    const { dir, file } = await storeWithIssue();
    expect((await run(dir, ['validate'])).code).toBe(0);
    const text = read(dir, file).replace('severity: high', 'severity: urgent');
    write(dir, file, text);
    const r = await run(dir, ['validate']);
    expect(r.code).toBe(1);
    const line = lineOf(text, 'severity: urgent');
    expect(r.stdout).toBe(
      `${file}:${line}:11  severity  found "urgent", expected one of critical, high, medium, low\n`,
    );
    expect(r.stderr).toMatch(/1 problem\(s\) in 1 file\(s\)/);
  });

  it('reports bad dates, unknown people and types, missing fields, each at its line', async () => {
    const { dir, file } = await storeWithIssue();
    let text = read(dir, file)
      .replace(/reported_at: .*/, 'reported_at: 2026-11-23 10:00')
      .replace('type: hardware', 'type: firmware')
      .replace(/customer:\n {2}name: 华东机械厂\n/, 'customer:\n  contact: 张工\n')
      .replace('status: new', 'status: new\ncc: [nobody]');
    write(dir, file, text);
    const r = await run(dir, ['validate', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    const byField = Object.fromEntries(report.problems.map((p: { field: string }) => [p.field, p]));
    expect(byField.reported_at).toMatchObject({
      line: lineOf(text, 'reported_at:'),
      found: '"2026-11-23 10:00"',
      expected: expect.stringContaining('ISO 8601'),
    });
    expect(byField['customer.name']).toMatchObject({
      line: lineOf(text, 'customer:'),
      found: 'nothing',
      expected: 'a text',
    });
    // references are checked once the schema passes
    text = text
      .replace('reported_at: 2026-11-23 10:00', 'reported_at: 2026-11-23T10:00:00+08:00')
      .replace('  contact: 张工', '  name: 华东机械厂');
    write(dir, file, text);
    const refs = JSON.parse((await run(dir, ['validate', '--format', 'json'])).stdout);
    expect(refs.problems.map((p: { field: string; line: number }) => [p.field, p.line])).toEqual([
      ['type', lineOf(text, 'type: firmware')],
      ['cc[0]', lineOf(text, 'cc: [nobody]')],
    ]);
  });

  it('names malformed YAML, conflict markers, alias bombs, duplicates and misnamed files', async () => {
    const { dir, file, id } = await storeWithIssue();
    const good = read(dir, file);
    write(dir, file, good.replace('title: 主轴异响', 'title: [主轴异响'));
    let r = await run(dir, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${file}:\\d+:\\d+  \\(file\\)  found a YAML syntax error`));
    write(
      dir,
      file,
      good.replace('status: new', '<<<<<<< HEAD\nstatus: new\n=======\nstatus: assigned\n>>>>>>> theirs'),
    );
    r = await run(dir, ['validate']);
    expect(r.stdout).toContain(
      `${file}:${lineOf(read(dir, file), '<<<<<<<')}:1  (file)  found "<<<<<<< HEAD", expected a merged file without git conflict markers`,
    );
    write(
      dir,
      file,
      `${good}x: &a [1,1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n`,
    );
    r = await run(dir, ['validate']);
    expect(r.stdout).toMatch(/too many aliases/);
    write(dir, file, good);
    write(dir, 'issues/copy.yaml', good);
    write(dir, 'issues/notes.txt', 'hello');
    r = await run(dir, ['validate', '--format', 'json']);
    const fields = JSON.parse(r.stdout).problems.map(
      (p: { file: string; field: string; expected: string }) => `${p.file} ${p.field} ${p.expected}`,
    );
    expect(fields).toContain(`issues/copy.yaml id "copy", the file's name`);
    expect(fields).toContain(`issues/copy.yaml id an ID no other issue has (also in ${file})`);
    expect(fields).toContain('issues/notes.txt (file) issue files named <ID>.yaml');
    expect(id).toBeTruthy();
  });

  it('annotates GitHub Actions at the line, and also prints text when only GITHUB_ACTIONS says so', async () => {
    const { dir, file } = await storeWithIssue();
    const text = read(dir, file).replace('severity: high', 'severity: urgent');
    write(dir, file, text);
    const line = lineOf(text, 'severity');
    const gh = await run(dir, ['validate', '--format', 'github']);
    expect(gh.stdout).toBe(
      `::error file=${file},line=${line},col=11,title=aftersales validate::severity: found "urgent", expected one of critical, high, medium, low\n`,
    );
    const auto = await run(dir, ['validate'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(auto.stdout).toContain(`::error file=${file},line=${line}`);
    expect(auto.stdout).toContain(`${file}:${line}:11  severity`);
    expect((await run(dir, ['validate', '--format', 'xml'])).code).toBe(2);
  });

  it('checks the config too, and other commands refuse a broken config with its location', async () => {
    const dir = await plantStore();
    const config = read(dir, '.aftersales/config.yaml');
    write(dir, '.aftersales/config.yaml', config.replace('members: [li.si, chen.qi]', 'members: [li.si, chen.q]'));
    const v = await run(dir, ['validate']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(
      /^\.aftersales\/config\.yaml:\d+:\d+ {2}teams\[0\]\.members\[1\] {2}found "chen\.q", expected a person id from people/,
    );
    const l = await run(dir, ['list']);
    expect(l.code).toBe(2);
    expect(l.stderr).toMatch(
      /^aftersales: \.aftersales\/config\.yaml:\d+:\d+ {2}teams\[0\]\.members\[1\] {2}found "chen\.q"/,
    );
    expect(await ok(dir, ['--version'])).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('validate holds the state to its history', () => {
  it('finds a hand edit of status, of a done action, and an accepted issue with no passed round', async () => {
    const { dir, id } = await x100ReadyForAcceptance();
    const file = `issues/${id}.yaml`;
    const clean = read(dir, file);
    expect((await run(dir, ['validate'])).code).toBe(0);

    // the insider's edit: an open critical issue "accepted" by sed
    write(dir, file, clean.replace(/^status: verifying$/m, 'status: accepted'));
    let r = await run(dir, ['validate']);
    expect(r.code).toBe(1);
    const line = lineOf(read(dir, file), 'status: accepted');
    expect(r.stdout).toContain(
      `${file}:${line}:9  status  found "accepted", expected "verifying", where its status changes`,
    );
    expect(r.stdout).toMatch(/status {2}found "accepted", expected a status other than accepted: no passed last round/);

    // an action "done" with no event saying so, and one whose event says another time
    write(
      dir,
      file,
      clean.replace(
        '  - id: C1\n    kind: preventive\n',
        '  - id: C1\n    kind: preventive\n    done_at: 2026-11-25T09:00:00+08:00\n',
      ),
    );
    r = await run(dir, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /actions\[\d\]\.done_at {2}found "2026-11-25T09:00:00\+08:00", expected the time of the action-done event of /,
    );
    write(dir, file, clean.replace(/done_at: "2026-11-26T10:00:00\+08:00"/, 'done_at: "2026-11-20T10:00:00+08:00"'));
    r = await run(dir, ['validate']);
    expect(r.stdout).toMatch(
      /history\[\d+\] {2}found "action-done P1 at 2026-11-26T10:00:00\+08:00", expected action P1 with done_at/,
    );
    write(dir, file, clean);
    expect((await run(dir, ['validate'])).code).toBe(0);
  });

  it('a clone whose clock is a few minutes behind writes a history validate still accepts', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir, { product: 'X100' }, { env: { AFTERSALES_NOW: '2026-11-23T09:00:00+08:00' } });
    await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], {
      env: { AFTERSALES_NOW: '2026-11-23T11:00:00+08:00' },
    });
    // another machine, 3 minutes slow, marks the permanent action done: planned → verifying
    await ok(dir, ['action', id, 'P1', '--done'], { env: { AFTERSALES_NOW: '2026-11-23T10:57:00+08:00' } });
    expect(JSON.parse(await ok(dir, ['show', id, '--json'])).status).toBe('verifying');
    expect((await run(dir, ['validate'])).code).toBe(0);
  });
});
