// What each command loads before it runs: the modules the bundle evaluates at start-up (those
// the CLI's entry imports statically) and when the command is asked for (those its module
// imports statically), from esbuild's metafile, written by `npm run build`. The heavy
// dependencies must stay on the paths that need them; a stray import would put them back on
// every call.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

interface Meta {
  inputs: Record<string, { imports: Import[] }>;
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}
interface Import {
  path: string;
  kind: string;
  external?: boolean;
}

const meta = JSON.parse(readFileSync(join(ROOT, 'build', 'bundle-meta.json'), 'utf8')) as Meta;

/** The package of a bundled file (zod's builds apart), or null for ours. */
function packageOf(input: string): string | null {
  if (!input.startsWith('node_modules/')) return null;
  const [scope = '', name = ''] = input.split('/').slice(1, 3);
  if (input.includes('/zod/v4/classic/')) return 'zod (classic)';
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
}

/** The dependencies evaluated with the CLI and a command. */
function loaded(command: string | null): string[] {
  const seen = new Set<string>();
  const visit = (input: string) => {
    if (seen.has(input)) return;
    seen.add(input);
    for (const i of meta.inputs[input]?.imports ?? []) if (i.kind !== 'dynamic-import' && !i.external) visit(i.path);
  };
  visit('src/cli.ts');
  if (command) {
    const file = `src/commands/${command}.ts`;
    if (!meta.inputs[file]) throw new Error(`${file} is not in the bundle`);
    visit(file);
  }
  return [...new Set([...seen].map(packageOf).filter((p): p is string => p !== null))].sort();
}

const HEAVY = ['yaml', 'minisearch', 'cli-table3', '@inquirer/core', '@inquirer/prompts', 'nodemailer', 'opencc-js'];

describe('what a command loads before it runs', () => {
  it('the CLI itself: commander and the width of text, nothing heavy', () => {
    const deps = loaded(null);
    expect(deps).toContain('commander');
    for (const heavy of [...HEAVY, 'zod', 'zod (classic)', 'js-yaml']) expect(deps, heavy).not.toContain(heavy);
  });

  it('show and log: the quick YAML reader and the small zod, no Document API', () => {
    for (const command of ['show', 'log']) {
      const deps = loaded(command);
      expect(deps, command).toEqual(expect.arrayContaining(['js-yaml', 'zod']));
      for (const heavy of [...HEAVY, 'zod (classic)']) expect(deps, `${command}: ${heavy}`).not.toContain(heavy);
    }
  });

  it('list, report, check, inbox and the writing commands: no YAML and no zod until asked', () => {
    for (const command of ['list', 'report', 'check', 'inbox', 'comment', 'customer', 'action', 'approve']) {
      const deps = loaded(command);
      for (const heavy of [...HEAVY, 'zod', 'zod (classic)', 'js-yaml']) {
        expect(deps, `${command}: ${heavy}`).not.toContain(heavy);
      }
    }
  });

  it('kb: MiniSearch and the quick reader for the hits; the careful one only for a build', () => {
    const deps = loaded('kb');
    expect(deps).toEqual(expect.arrayContaining(['minisearch', 'js-yaml', 'zod']));
    for (const heavy of ['yaml', 'opencc-js', 'zod (classic)']) expect(deps, heavy).not.toContain(heavy);
  });

  it('no command loads the classic zod', () => {
    const commands = [
      ...new Set(
        Object.values(meta.inputs).flatMap((input) =>
          input.imports
            .filter((i) => i.kind === 'dynamic-import')
            .map((i) => i.path.match(/^src\/commands\/([\w-]+)\.ts$/)?.[1])
            .filter((c): c is string => Boolean(c)),
        ),
      ),
    ];
    expect(commands.length).toBeGreaterThan(30);
    for (const command of commands) expect(loaded(command), command).not.toContain('zod (classic)');
    expect(Object.keys(meta.inputs).filter((i) => i.includes('/zod/v4/classic/'))).toEqual([]);
  });

  it('the large leaf libraries live in files of their own (dist/vendor/), read by the one command that needs them', () => {
    const inCli = Object.entries(meta.outputs['dist/cli.cjs']?.inputs ?? {});
    expect(inCli.length).toBeGreaterThan(100);
    const bundled = new Set(inCli.filter(([, i]) => i.bytesInOutput > 0).map(([input]) => packageOf(input)));
    for (const vendor of ['nodemailer', 'mailparser', 'read-excel-file', 'write-excel-file', 'opencc-js', 'iconv-lite'])
      expect(bundled.has(vendor), vendor).toBe(false);
    const outside = Object.values(meta.inputs).flatMap((i) => i.imports.filter((x) => x.path.startsWith('./vendor/')));
    expect(outside.map((x) => x.path).sort()).toEqual([
      './vendor/mailparser.cjs',
      './vendor/nodemailer.cjs',
      './vendor/opencc.cjs',
      './vendor/read-excel-file.cjs',
      './vendor/write-excel-file.cjs',
    ]);
  });
});
