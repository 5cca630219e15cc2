// Golden transcripts: every command's command line, stdout, stderr and exit code on the demo's
// store, one Markdown file a command under test/transcripts/. Any change of output fails here
// and shows in the diff of those files; `npm run transcripts` writes them anew.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoRunner, ROOT, tempDir, write } from '../helpers.js';

const DIR = join(ROOT, 'test', 'transcripts');
const UPDATE = process.env.AFTERSALES_UPDATE_TRANSCRIPTS === '1';
const FENCE = '```';

interface Step {
  who?: string;
  when?: string;
  part?: string;
}
interface Result {
  code: number;
  stdout: string;
  stderr: string;
}
interface Demo {
  runDemo: (
    dir: string,
    opts: { runner: typeof demoRunner; onStep: (step: Step, line: string | null, r: Result | null) => void },
  ) => Promise<Record<string, string>>;
  stepEnv: (step: Step, lang: string) => Record<string, string | undefined>;
}

/** What a run printed, as a reviewer reads it: the store's folder and the tool versions made stable. */
function entry(dir: string, line: string, r: Result): string {
  const clean = (text: string) =>
    text
      .replaceAll(dir, '<store>')
      .replace(/^(✓ (?:node|git): ).*$/gm, '$1…')
      .trimEnd();
  const block = (name: string, text: string) => (text ? `${name}:\n${FENCE}\n${clean(text)}\n${FENCE}\n` : '');
  return `## \`${line}\`\n\nexit ${r.code}\n\n${block('stdout', r.stdout)}${block('stderr', r.stderr)}`;
}

/** The cases beyond the demo: the formats scripts read, refusals, and the Chinese interface. */
function extraCases(ids: Record<string, string>): { args: string[]; lang?: string }[] {
  const noise = ids.NOISE as string;
  const leak = ids.LEAK as string;
  return [
    { args: ['list', '--json', '--status', 'accepted'] },
    { args: ['list', '--status', 'bogus'] },
    { args: ['list', '--overdue'] },
    { args: ['show', noise, '--json'] },
    { args: ['show', 'QQQQ'] },
    { args: ['new', '--title', '主轴异响'] },
    { args: ['check', '--format', 'json'] },
    { args: ['check', '--format', 'junit'] },
    { args: ['validate', '--format', 'json'] },
    { args: ['report', '--since', '2026-11-01', '--format', 'json'] },
    { args: ['report', '--since', '2026-11-01', '--by', 'team', '--format', 'csv'] },
    { args: ['report', '--since', '2026-11-01', '--format', 'markdown'] },
    { args: ['report', '--by', 'type,severity', '--trend', 'month'] },
    { args: ['export', '--format', 'jsonl'] },
    { args: ['kb', 'search', '主轴', '--json'] },
    { args: ['similar', leak, '--json'] },
    { args: ['approve', leak] },
    { args: ['list'], lang: 'zh-CN' },
    { args: ['show', leak], lang: 'zh-CN' },
    { args: ['check'], lang: 'zh-CN' },
    { args: ['show', 'QQQQ'], lang: 'zh-CN' },
  ];
}

async function transcripts(): Promise<Map<string, string>> {
  const demo = (await import(pathToFileURL(join(ROOT, 'scripts', 'demo.js')).href)) as Demo;
  const dir = tempDir('as-transcripts-');
  const files = new Map<string, string[]>();
  const add = (args: string[], line: string, r: Result) => {
    const name = args[0] === 'kb' ? `kb-${args[1]}` : (args[0] as string);
    files.set(name, [...(files.get(name) ?? []), entry(dir, line, r)]);
  };
  const ids = await demo.runDemo(dir, {
    runner: demoRunner,
    onStep: (_step, line, r) => {
      if (line && r) add(line.split(' ').slice(1), line, r);
    },
  });
  const last = { who: 'li.si', when: '30T18:10' };
  for (const { args, lang = 'en' } of extraCases(ids)) {
    const r = await demoRunner(args, { cwd: dir, env: demo.stepEnv(last, lang) });
    add(args, `${lang === 'en' ? '' : `AFTERSALES_LANG=${lang} `}aftersales ${args.join(' ')}`, r);
  }
  // a hand edit gone wrong, last: validate and list say where
  write(
    dir,
    `issues/${ids.LEAK}.yaml`,
    readFileSync(join(dir, 'issues', `${ids.LEAK}.yaml`), 'utf8').replace(/^severity: \w+/m, 'severity: urgent'),
  );
  for (const args of [['validate'], ['list']]) {
    add(
      args,
      `aftersales ${args.join(' ')}  # after severity: urgent by hand`,
      await demoRunner(args, { cwd: dir, env: demo.stepEnv(last, 'en') }),
    );
  }
  return new Map(
    [...files].map(([name, entries]) => [
      `${name}.md`,
      `# aftersales ${name.replace('-', ' ')}\n\n${entries.join('\n')}`,
    ]),
  );
}

describe('golden transcripts (test/transcripts/*.md)', () => {
  it('every command prints what its transcript says (npm run transcripts writes them anew)', async () => {
    const made = await transcripts();
    if (UPDATE) {
      mkdirSync(DIR, { recursive: true });
      for (const old of readdirSync(DIR)) if (!made.has(old)) rmSync(join(DIR, old));
      for (const [name, text] of made) writeFileSync(join(DIR, name), text);
    }
    const committed = existsSync(DIR) ? readdirSync(DIR).sort() : [];
    expect(committed, 'transcript files').toEqual([...made.keys()].sort());
    for (const [name, text] of made) expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(text);
  });
});
