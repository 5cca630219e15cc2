// One reading of YAML: the index's fast reader (js-yaml, taught the YAML 1.2 core schema) must
// give exactly what the careful reader (`yaml`, with positions) gives for every file, or hand
// the file to it. Tricky scalars are placed in every kind of field, then compared issue by
// issue, and as list --json, report, check and export print them through the index and without;
// show reads one file the index's way, and must print what the careful reader reads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_CONFIG, recordOf } from '../../src/store/issue-record.js';
import { checkIssueText } from '../../src/store/problems.js';
import { FIXTURES, fixtureStore, run } from '../helpers.js';

const BASE = readFileSync(join(FIXTURES, 'stores', 'kpi', 'issues', 'AS-0RR0-00000B.yaml'), 'utf8');

const SCALARS = [
  '0b1',
  '0o17',
  '0x1F',
  '+.5',
  '.5',
  '-.5e-3',
  '1e3',
  '1E3',
  '1.',
  '0.10',
  '.inf',
  '-.Inf',
  '.nan',
  '+.inf',
  '~',
  'null',
  'Null',
  'NULL',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'True',
  'FALSE',
  'tRue',
  '1_000',
  '0017',
  '-0',
  '+12',
  '007',
  '9007199254740993',
  '1,000',
  '0x',
  '0o8',
  '+0x1',
  '12e',
  '2026-11-23',
  '2026-11-23T10:00:00+08:00',
  '2026-11-23 10:00',
  '10:30',
  '1:30:00',
  '190:20:30',
  '"1"',
  "'x'",
  "'it''s'",
  '"tab\\there"',
  '"\\u00e9\\x41"',
  '""',
  'a:b',
  'http://example.com/a?b=1',
  '主轴: 异响',
  '"主轴: 异响"',
  '- a',
  '1.2.3',
  'Infinity',
  'NaN',
  '<<',
  '=',
  '%',
  '`x`',
];

/** Where a scalar can stand in an issue file: each field kind the schema has. */
const PLACES: Record<string, (v: string) => string> = {
  title: (v) => BASE.replace(/^title: .*$/m, `title: ${v}`),
  customer: (v) => BASE.replace('customer: { name: 南方电子 }', `customer:\n  name: ${v}`),
  nullable: (v) => BASE.replace('component: 控制软件 }', `component: ${v} }`),
  score: (v) => BASE.replace(/^ {2}score: 0\.9$/m, `  score: ${v}`),
  satisfaction: (v) => BASE.replace(/^ {2}satisfaction: 3$/m, `  satisfaction: ${v}`),
  date: (v) => BASE.replace(/^reported_at: .*$/m, `reported_at: ${v}`),
  flowList: (v) => BASE.replace('failed_items: [fix-verified]', `failed_items: [${v}]`),
  blockList: (v) => `${BASE}cc:\n  - ${v}\n`,
  unknownKey: (v) => `${BASE}x-note: ${v}\n`,
  keyWithColon: (v) => `${BASE}"odd:key": ${v}\nplain:key: ${v}\n`,
  scalarAsKey: (v) => `${BASE}extra:\n  ${v}: value\n`,
  historyNote: (v) => BASE.replace('action: register, to: new }', `action: register, to: new, note: ${v} }`),
  blockScalar: (v) => BASE.replace(/^title: .*$/m, `title: |-\n  ${v}\n  第二行`),
};

function variants(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const [place, put] of Object.entries(PLACES)) {
    for (const v of SCALARS) out.push({ name: `${place} ← ${v}`, text: put(v) });
  }
  out.push({ name: 'byte order mark', text: `\ufeff${BASE}` });
  out.push({ name: 'CRLF line ends', text: BASE.replaceAll('\n', '\r\n') });
  out.push({ name: 'two documents', text: `${BASE}---\n${BASE}` });
  out.push({ name: 'duplicate key', text: `${BASE}title: again\n` });
  // a directive changes how yaml reads scalars; yaml refuses an implicit key over 1,024 characters
  out.push({ name: 'YAML 1.1 directive', text: `%YAML 1.1\n---\n${BASE}x-note: yes\nx-n: 1_000\n` });
  out.push({ name: 'long key', text: `${BASE}${'k'.repeat(1100)}: v\n` });
  out.push({ name: 'long line', text: BASE.replace(/^title: .*$/m, `title: ${'长'.repeat(1100)}`) });
  return out;
}

describe('one reading of YAML', () => {
  it('the fast reader gives what the careful reader gives, for every tricky scalar in every field kind', () => {
    let fastAccepted = 0;
    for (const { name, text } of variants()) {
      const careful = checkIssueText('issues/x.yaml', text, NO_CONFIG);
      const fast = recordOf('issues/x.yaml', text);
      if (careful.issue) {
        expect(fast.issue, name).toEqual(careful.issue);
        fastAccepted++;
      } else {
        expect(fast.problem, name).toEqual(careful.problems[0]);
      }
    }
    expect(fastAccepted).toBeGreaterThan(400); // most variants are valid issues: the comparison has teeth
  });

  it('list --json, report, check and export print the same through the index and without it', async () => {
    const dir = fixtureStore('kpi');
    for (const [n, { text }] of variants().entries()) {
      const id = `AS-0RS0-${String(n).padStart(6, '0')}`;
      // every other one still open, so that check has deadlines to report
      const open = n % 2 ? text.replace(/^status: accepted/m, 'status: in-progress') : text;
      writeFileSync(join(dir, 'issues', `${id}.yaml`), open.replace(/^(\ufeff?)id: .*$/m, `$1id: ${id}`));
    }
    const env = { env: { AFTERSALES_NOW: '2026-11-23T10:00:00+08:00' } };
    for (const args of [
      ['list', '--json'],
      ['list'],
      ['report', '--format', 'json'],
      ['check', '--format', 'json'],
      ['export', '--format', 'jsonl'],
    ]) {
      const direct = await run(dir, ['--no-index', ...args], env);
      const cold = await run(dir, args, env);
      const warm = await run(dir, args, env);
      expect(direct.stdout.length, args.join(' ')).toBeGreaterThan(100);
      expect(cold, args.join(' ')).toEqual(direct);
      expect(warm, args.join(' ')).toEqual(direct);
    }
  });

  it('show prints what the careful reader reads, and refuses what it refuses', async () => {
    const dir = fixtureStore('kpi');
    const env = { env: { AFTERSALES_NOW: '2026-11-23T10:00:00+08:00' } };
    const cases = variants();
    // a file whose ID is not its name is refused, however it reads
    cases.push({ name: 'another ID', text: BASE.replace(/^id: .*$/m, 'id: AS-0RS0-999999') });
    let shown = 0;
    for (const [n, { name, text }] of cases.entries()) {
      const id = `AS-0RS1-${String(n).padStart(6, '0')}`;
      const own = name === 'another ID' ? text : text.replace(/^(\ufeff?)id: .*$/m, `$1id: ${id}`);
      writeFileSync(join(dir, 'issues', `${id}.yaml`), own);
      const careful = checkIssueText(`issues/${id}.yaml`, own, NO_CONFIG, id);
      const refused = !careful.issue || careful.problems.some((p) => p.field === 'id');
      const r = await run(dir, ['show', id, '--json'], env);
      if (refused) {
        expect(r.code, name).toBe(2);
        expect(r.stderr, name).toContain(`issues/${id}.yaml`);
      } else {
        expect(r.code, `${name}: ${r.stderr}`).toBe(0);
        expect(JSON.parse(r.stdout), name).toEqual(JSON.parse(JSON.stringify(careful.issue)));
        shown++;
      }
    }
    expect(shown).toBeGreaterThan(100);
  });
});
