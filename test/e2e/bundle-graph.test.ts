// What each command loads before it runs: the static imports of the bundle's entry and of the
// command's chunk (esbuild's metafile, written by `npm run build`). The heavy dependencies
// must stay on the paths that need them; a stray import would put them back on every call.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

interface Meta {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown>; imports: Import[] }>;
}
interface Import {
  path: string;
  kind: string;
  external?: boolean;
}

const meta = JSON.parse(readFileSync(join(ROOT, 'build', 'bundle-meta.json'), 'utf8')) as Meta;

function chunkOf(entry: string): string {
  const found = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === entry);
  if (!found) throw new Error(`no chunk for ${entry}`);
  return found[0];
}

/** The dependencies (package names; zod's builds apart) loaded with the CLI and a command. */
function loaded(command: string | null): string[] {
  const seen = new Set<string>();
  const visit = (out: string) => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const i of meta.outputs[out]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit('dist/cli.js');
  if (command) visit(chunkOf(`src/commands/${command}.ts`));
  const packages = [...seen].flatMap((out) =>
    Object.keys(meta.outputs[out]?.inputs ?? {})
      .filter((i) => i.startsWith('node_modules/'))
      .map((i) => {
        const [scope = '', name = ''] = i.split('/').slice(1, 3);
        if (i.includes('/zod/v4/classic/')) return 'zod (classic)';
        return scope.startsWith('@') ? `${scope}/${name}` : scope;
      }),
  );
  return [...new Set(packages)].sort();
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
    const commands = Object.values(meta.outputs)
      .map((o) => o.entryPoint?.match(/^src\/commands\/([\w-]+)\.ts$/)?.[1])
      .filter((c): c is string => Boolean(c));
    expect(commands.length).toBeGreaterThan(30);
    for (const command of commands) expect(loaded(command), command).not.toContain('zod (classic)');
    const bundled = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(bundled.filter((i) => i.includes('/zod/v4/classic/'))).toEqual([]);
  });
});
