// Chinese first: in zh-CN every word of the help and of commander's usage errors is Chinese —
// but for what the user types or reads as it is (flags, placeholders, names, acronyms) — and
// the English help holds no Chinese. Every command's --help is asked, found by walking the program.
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { build, namedCommand } from '../../src/cli.js';
import { processIo } from '../../src/io.js';
import { plantStore, read, run, tempDir, write } from '../helpers.js';

const ACRONYMS = 'SLA KPI RCA MTTR CSAT CI JSON CSV HTML YAML 8D ID Excel XLSX Markdown JUnit GitHub git CNY';
/** Names and values shown as the user types them: the standard of a date, an encoding, the ID prefix
 * of the example, languages, the statuses filter's `open`, shells. */
const AS_TYPED = 'aftersales ISO GBK AS en zh-CN open bash zsh fish';

interface Walked {
  path: string[];
  /** its arguments' names, listed under Arguments on its help */
  args: string[];
}

/** Every command and subcommand (hidden ones too), and the names of them all. */
function walk(): { commands: Walked[]; names: Set<string> } {
  const names = new Set<string>(['help']);
  const commands: Walked[] = [];
  const visit = (cmd: Command, prefix: string[]) => {
    for (const c of cmd.commands) {
      const path = [...prefix, c.name()];
      for (const n of [c.name(), ...c.aliases()]) names.add(n);
      commands.push({ path, args: c.registeredArguments.map((a) => a.name()) });
      visit(c, path);
    }
  };
  const program = build(processIo(), () => {});
  visit(program, []);
  return { commands, names };
}

const { commands, names } = walk();
const allowed = new Set([...ACRONYMS.split(' '), ...AS_TYPED.split(' '), ...names]);

/** What stays Latin by right: placeholders, code, flags (with a value typed after one), files and
 * paths, a|b|c choices, literals. */
function strip(line: string): string {
  return line
    .replace(/<[^>]*>|\[[^\]]*\]|`[^`]*`/g, ' ')
    .replace(/\S+@\S+|\w+:\/\/\S+/g, ' ')
    .replace(/[\w.~-]*\/[\w./~-]*/g, ' ')
    .replace(/[\w-]*\.(?:yaml|yml|csv|xlsx|html|md|json|jsonl|xml)\b|(?<![\w.])\.[a-z][\w-]*/g, ' ')
    .replace(/(?<![\w-])--?[A-Za-z][\w-]*(?:[ =][a-z][\w.-]*)?/g, ' ')
    .replace(/[\w.-]+(?:\s*\|\s*[\w.-]+)+/g, ' ')
    .replace(/"[^"\s]*"/g, ' ');
}

/** The Latin words of a line that are not allowed; words with a digit (P1, 2d, UTF-8) are values. */
function latinWords(line: string, extra: string[] = []): string[] {
  const words = strip(line).match(/(?<![\w-])[A-Za-z][\w-]*/g) ?? [];
  return words.filter((w) => !/\d/.test(w) && !allowed.has(w) && !extra.includes(w));
}

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

/** A help's lines; of an example, only its comment (what is typed is the user's), or nothing. */
function prose(text: string, comments: boolean): string[] {
  return text.split('\n').map((line) => {
    if (!/^\s+\$ /.test(line)) return line;
    return comments ? (/ # (.*)$/.exec(line)?.[1] ?? '') : '';
  });
}

/** The example lines' comments alone. */
function exampleComments(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^\s+\$ /.test(line))
    .map((line) => / # (.*)$/.exec(line)?.[1] ?? '')
    .filter(Boolean);
}

interface Case {
  args: string[];
  /** words this output shows as they are: the user's input echoed, the names of arguments */
  asIs?: string[];
}

const HELPS: Case[] = [
  { args: ['--help'] },
  { args: ['help'] },
  { args: ['help', 'kb'] },
  { args: ['kb'] },
  ...commands.map(({ path, args }) => ({ args: [...path, '--help'], asIs: args })),
  { args: ['ls', '--help'] },
];

const ERRORS: Case[] = [
  { args: ['lsit'], asIs: ['lsit'] },
  { args: ['xyzzyq'], asIs: ['xyzzyq'] },
  { args: ['kb', 'serch'], asIs: ['serch'] },
  { args: ['new', '--titel', 'x'] },
  { args: ['report', '--bt'] },
  { args: ['list', '--zzzzzz'] },
  { args: ['-x'] },
  { args: ['show'] },
  { args: ['action', 'X'] },
  { args: ['new', '--title'] },
  { args: ['show', 'a', 'b'] },
  { args: ['init', 'extra'] },
  { args: ['merge-file', 'a', 'b', 'c', 'd', 'e'] },
  { args: ['new', '--severity', 'bogus'], asIs: ['bogus'] },
];

/** Each offending word with the command line it came from and its line. */
async function offenders(lang: 'zh-CN' | 'en', cases: Case[], wantCode: number): Promise<string[]> {
  const dir = tempDir();
  const found: string[] = [];
  for (const { args, asIs = [] } of cases) {
    const r = await run(dir, lang === 'zh-CN' ? ['--lang', 'zh-CN', ...args] : args);
    const line = `aftersales ${args.join(' ')}`;
    if (r.code !== wantCode) found.push(`${line}: exit ${r.code}, not ${wantCode}`);
    if (!r.output.trim()) found.push(`${line}: printed nothing`);
    // zh-CN: the examples' comments are a test of their own, below
    for (const text of prose(r.output, lang === 'en')) {
      // help is wrapped to a pipe's 80 columns, a Chinese character taking two
      if (wantCode === 0 && stringWidth(text) > 80) found.push(`${line}: wider than 80 columns: "${text.trim()}"`);
      if (lang === 'en' && CJK.test(text)) found.push(`${line}: Chinese in "${text.trim()}"`);
      if (lang === 'zh-CN')
        for (const word of latinWords(text, asIs)) found.push(`${line}: ${word} in "${text.trim()}"`);
    }
  }
  return found;
}

describe('help and usage errors speak the chosen language', () => {
  it('walks every command, the hidden ones and the subcommands too', () => {
    const paths = commands.map((c) => c.path.join(' '));
    expect(paths).toEqual(expect.arrayContaining(['new', 'kb search', 'kb export', 'merge-file', '__complete']));
    expect(paths.length).toBeGreaterThan(30);
  });

  it('zh-CN: every --help is Chinese but for what is typed as it is', async () => {
    expect(await offenders('zh-CN', HELPS, 0)).toEqual([]);
    // `aftersales` alone has no --lang: the environment's language it is
    const alone = await run(tempDir(), [], { env: { AFTERSALES_LANG: 'zh-CN' } });
    expect(alone.stdout).toMatch(/^用法：aftersales /);
    expect(prose(alone.output, false).flatMap((line) => latinWords(line))).toEqual([]);
  });

  it('zh-CN: commander usage errors are one Chinese sentence, exit 2', async () => {
    expect(await offenders('zh-CN', ERRORS, 2)).toEqual([]);
  });

  it('en: no Chinese in help or usage errors', async () => {
    expect(await offenders('en', HELPS, 0)).toEqual([]);
    expect(await offenders('en', ERRORS, 2)).toEqual([]);
  });

  it('zh-CN: the errors keep what commander says — which option or command, and its suggestion', async () => {
    const dir = tempDir();
    const zh = async (...args: string[]) => (await run(dir, ['--lang', 'zh-CN', ...args])).stderr;
    expect(await zh('lsit')).toBe("aftersales: 未知命令 'lsit'；是否想输入 list？\n");
    expect(await zh('new', '--titel', 'x')).toBe("aftersales: 未知选项 '--titel'；是否想输入 --title？\n");
    expect(await zh('report', '--bt')).toBe("aftersales: 未知选项 '--bt'；是否想输入 --at、--by 之一？\n");
    expect(await zh('list', '--zzzzzz')).toBe("aftersales: 未知选项 '--zzzzzz'。\n");
    expect(await zh('show')).toBe('aftersales: 缺少必填参数 <id>。\n');
    expect(await zh('new', '--title')).toBe('aftersales: 选项 --title <text> 缺少值。\n');
    expect(await zh('show', 'a', 'b')).toBe('aftersales: 命令 show 最多只能有 1 个参数，实际给了 2 个。\n');
    expect(await zh('new', '--severity', 'bogus')).toBe(
      "aftersales: 选项 --severity <level> 的值 'bogus' 无效；可选：critical|high|medium|low。\n",
    );
  });

  it('zh-CN: the comments of the examples are Chinese too', async () => {
    const dir = tempDir();
    const found: string[] = [];
    for (const { args } of HELPS) {
      const r = await run(dir, ['--lang', 'zh-CN', ...args]);
      for (const text of exampleComments(r.output))
        for (const word of latinWords(text)) found.push(`aftersales ${args.join(' ')}: ${word} in "${text}"`);
    }
    expect(found).toEqual([]);
  });

  it('the help speaks the language of the store it is asked in (its config locale)', async () => {
    const dir = await plantStore();
    write(dir, '.aftersales/config.yaml', `locale: zh-CN\n${read(dir, '.aftersales/config.yaml')}`);
    expect((await run(dir, ['list', '--help'])).output).toContain('用法：');
    expect((await run(dir, ['lsit'])).stderr).toContain('未知命令');
    expect((await run(tempDir(), ['list', '--help'])).output).toContain('Usage:');
    expect((await run(tempDir(), ['-C', dir, 'list', '--help'])).output).toContain('用法：');
  });
});

describe('a run builds only the command it names', () => {
  it('each command says the same with the program built for it alone as with every command built', async () => {
    const dir = tempDir();
    const top = commands.filter((c) => c.path.length === 1).map((c) => c.path[0] as string);
    expect(top.length).toBeGreaterThan(30);
    for (const lang of ['en', 'zh-CN']) {
      for (const name of top) {
        // `help NAME` builds every command (help is never a command's name); `NAME --help` only NAME
        const alone = await run(dir, ['--lang', lang, name, '--help']);
        const whole = await run(dir, ['--lang', lang, 'help', name]);
        expect(alone.output, `${lang} ${name}`).toBe(whole.output);
      }
    }
  });

  it('registers the named command alone, and every one for an alias, a typo or help', () => {
    const names = (only: string | null) => build(processIo(), () => {}, only).commands.map((c) => c.name());
    expect(names('show')).toEqual(['show']);
    expect(names('kb')).toEqual(['kb']);
    expect(names('ls').length).toBe(names(null).length);
    expect(names('shwo').length).toBe(names(null).length);
  });

  it('finds the command after the global flags, and none past a flag it does not know', () => {
    expect(namedCommand(['-C', 'x', '--lang', 'zh-CN', '--no-index', 'show', 'A'])).toBe('show');
    expect(namedCommand(['--lang=en', 'kb', 'search', 'x'])).toBe('kb');
    expect(namedCommand(['help', 'show'])).toBeNull();
    expect(namedCommand(['-Cx', 'show'])).toBeNull();
    expect(namedCommand(['--version'])).toBeNull();
    expect(namedCommand([])).toBeNull();
  });

  it("names a command's code cache as the CLI reads the command (bin/code-cache.js's twin of the scan)", () => {
    const { commandOf } = createRequire(import.meta.url)('../../bin/code-cache.js') as {
      commandOf: (args: string[]) => string;
    };
    const cases = [
      ['-C', 'x', '--lang', 'zh-CN', '--no-index', 'show', 'A'],
      ['--lang=en', 'kb', 'search', 'x'],
      ['-Cx', 'show'],
      ['--version'],
      [],
      ['list', '--json'],
    ];
    for (const argv of cases) expect(commandOf(argv), argv.join(' ')).toBe(namedCommand(argv) ?? '-');
    // help builds every command, but its runs share one cache of their own
    expect(commandOf(['help', 'show'])).toBe('help');
  });

  it('runs an alias, a command after -C, and suggests for a typo, as before', async () => {
    const dir = await plantStore();
    const viaAlias = await run(dir, ['ls']);
    expect(viaAlias.code).toBe(0);
    expect(viaAlias.stdout).toBe((await run(dir, ['list'])).stdout);
    expect((await run(tempDir(), ['-C', dir, 'list'])).stdout).toBe(viaAlias.stdout);
    const typo = await run(dir, ['lsit']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/list/);
  });
});
