// Hard edges: text from users never drives a terminal, a title is one line, a NUL is no text.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newIssue, NOW, ok, plantStore, read, run, write } from '../helpers.js';

const at = { env: { AFTERSALES_NOW: NOW, NO_COLOR: '1' } };
const ESC = '\u001b';

describe('text from users at a terminal', () => {
  it('shows escape sequences and control characters harmlessly in list, show and check', async () => {
    const dir = await plantStore();
    const title = `X100${ESC}[2J${ESC}]0;pwned\u0007 主轴${ESC}[31m异响\u0008`;
    const id = await newIssue(dir, { title, severity: 'critical' });
    for (const args of [
      ['list'],
      ['show', id],
      ['show', id, '--format', 'markdown'],
      ['check', '--warn-within', '30d'],
    ]) {
      const r = await run(dir, args, { ...at, tty: true });
      const both = r.stdout + r.stderr;
      expect(both, args.join(' ')).toContain('X100␛[2J␛]0;pwned␇ 主轴␛[31m异响␈');
      expect(both, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    }
    // piped, the data stays what it is (a program reads it); JSON escapes it
    expect(JSON.parse(await ok(dir, ['show', id, '--json'], at)).title).toBe(title);
    // with colour on, our own colours still work
    const coloured = await run(dir, ['list'], { env: { AFTERSALES_NOW: NOW, FORCE_COLOR: '1' }, tty: true });
    expect(coloured.stdout).toMatch(/\u001b\[1m/);
    expect(coloured.stdout).not.toContain(`${ESC}[2J`);
  });

  it('refuses a title of more than one line, and a NUL anywhere in a file it reads', async () => {
    const dir = await plantStore();
    const r = await run(
      dir,
      ['new', '--title', '主轴异响\n已解决', '--type', 'hardware', '--severity', 'high', '--customer', 'c'],
      at,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('aftersales: A title is one line: put the rest in the description (--title).\n');

    const id = await newIssue(dir);
    write(dir, `issues/${id}.yaml`, read(dir, `issues/${id}.yaml`).replace(/^title: (.*)$/m, 'title: $1\u0000'));
    const v = await run(dir, ['validate'], at);
    expect(v.code).toBe(1);
    expect(v.stdout + v.stderr).toMatch(new RegExp(`issues/${id}\\.yaml:\\d+:\\d+.*NUL`));

    const csv = join(dir, 'calls.csv');
    writeFileSync(csv, 'title,type,severity,customer\n好的标题,hardware,high,甲\n坏\u0000标题,hardware,high,乙\n');
    const imported = await run(dir, ['import', csv], at);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(/row 3.*title.*NUL/);
    expect(readdirSync(join(dir, 'issues')).filter((f) => f.endsWith('.yaml'))).toEqual([`${id}.yaml`]); // nothing written
  });
});

describe('edges that used to crash, hang or mislead', () => {
  it('show prints a description of 125,000 lines; a file of tens of MB is refused in one sentence', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir);
    const body = Array.from({ length: 125_000 }, (_, i) => `  第${i}行`).join('\n');
    const file = `issues/${id}.yaml`;
    write(dir, file, `${read(dir, file)}description: |-\n${body}\n`);
    const shown = await run(dir, ['show', id], at);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('第124999行');
    write(
      dir,
      file,
      `${read(dir, file).replace(/^description: \|-\n[\s\S]*$/m, '')}description: |-\n${body.repeat(8)}\n`,
    );
    const big = await run(dir, ['comment', id, '太大了'], at);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/^aftersales: issues\/AS-\w+-\w+\.yaml is \d+\.\d MB; an issue file holds at most 8 MB/);
  }, 60_000);

  it('refuses dates before 1970 or of two-digit years, instead of storing what it then rejects', async () => {
    const dir = await plantStore();
    for (const when of ['0001-01-01T00:00:00+00:00', '0099-03-01', '1969-12-31 23:00']) {
      const r = await run(
        dir,
        ['new', '--title', 't', '--type', 'hardware', '--severity', 'high', '--customer', 'c', '--occurred-at', when],
        at,
      );
      expect(r.code, when).toBe(2);
      expect(r.stderr, when).toMatch(/--occurred-at: '.*' is not a date/);
    }
  });

  it('sync without the remote, a stale git index lock, an export of a broken file: each says what it is', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir);
    const sync = await run(dir, ['sync'], at);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toMatch(/no remote named origin; add one with `git remote add origin URL`/);

    writeFileSync(join(dir, '.git', 'index.lock'), '');
    const locked = await run(dir, ['comment', id, '电话回访'], at);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(
      /git's index is locked \(.*\.git\/index\.lock\): another git is running, or one was stopped/,
    );

    write(dir, 'issues/AS-0RRT-BROKEN.yaml', 'id: AS-0RRT-BROKEN\ntitle: [oops\n');
    const exported = await run(dir, ['export'], at);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(
      /warning: not exported, it does not read as an issue: issues\/AS-0RRT-BROKEN\.yaml:\d+:\d+/,
    );
  });
});
