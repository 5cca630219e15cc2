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
    for (const args of [['list'], ['show', id], ['check', '--warn-within', '30d']]) {
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
