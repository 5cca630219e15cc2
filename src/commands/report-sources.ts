// Where report's issues come from: the store it runs in, or the stores named by --store
// (a group's plants in one report). Each store is read through its own index; its issues
// carry the store's name, so `--by store` can tell them apart.
import { realpathSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { allIssues, openContext, say, type Context, type Globals, type Io } from '../context.js';
import type { Config } from '../domain/config.js';
import type { ReportFacts } from '../domain/facts.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface Sources {
  /** the first store's context: its clock, its root for --at and the page's name */
  ctx: Context;
  /** one config for all: the first store's, with the people, teams, types and fields of the others */
  config: Config;
  issues: ReportFacts[];
  /** the stores' names, when there are several */
  stores: string[];
}

export async function openSources(dirs: readonly string[], globals: Globals, io: Io): Promise<Context[]> {
  if (!dirs.length) return [await openContext(globals, io, { light: true })];
  const out: Context[] = [];
  const roots = new Set<string>();
  for (const dir of dirs) {
    try {
      const ctx = await openContext({ ...globals, cwd: resolve(globals.cwd, dir) }, io, { light: true });
      // the same store named twice (a/, ./a, a/issues) is counted once
      const root = realpathSync(ctx.store.root);
      if (!roots.has(root)) out.push(ctx);
      roots.add(root);
    } catch (err) {
      const missing = err instanceof AftersalesError && (err.key === 'noSuchDir' || err.key === 'notInStore');
      throw missing ? new AftersalesError('notAStore', { dir }) : err;
    }
  }
  return out;
}

/** The issues of every store (counted facts), named by store when there are several. */
export async function readSources(contexts: readonly Context[], io: Io, cwd: string): Promise<Sources> {
  const names = storeNames(
    contexts.map((c) => c.store.root),
    cwd,
  );
  const issues: ReportFacts[] = [];
  let broken = 0;
  for (const [n, ctx] of contexts.entries()) {
    const scan = await allIssues(ctx, 'counts');
    broken += scan.broken.length;
    for (const f of scan.issues) f.store = names[n];
    issues.push(...scan.issues);
  }
  if (broken) say(io, t('check.unjudged', { problem: `${broken} file(s); aftersales validate lists them` }));
  const ctx = contexts[0] as Context;
  return {
    ctx,
    config: mergedConfig(contexts.map((c) => c.store.config)),
    issues,
    stores: contexts.length > 1 ? names : [],
  };
}

/** Each store by its folder's name; by its path where two folders share a name. */
function storeNames(roots: readonly string[], cwd: string): string[] {
  const base = roots.map((r) => basename(r));
  return roots.map((r, n) =>
    base.filter((b) => b === base[n]).length > 1 ? relative(cwd, r) || '.' : (base[n] as string),
  );
}

function mergedConfig(configs: readonly Config[]): Config {
  const [first, ...rest] = configs as [Config, ...Config[]];
  if (!rest.length) return first;
  const byId = <T extends { id: string }>(lists: T[][]) => [...new Map(lists.flat().map((x) => [x.id, x])).values()];
  return {
    ...first,
    people: byId(configs.map((c) => c.people)),
    teams: byId(configs.map((c) => c.teams)),
    fields: byId(configs.map((c) => c.fields)),
    types: [...new Set(configs.flatMap((c) => c.types))],
    products: configs.flatMap((c) => c.products),
    labels: Object.assign({}, ...[...configs].reverse().map((c) => c.labels)),
  };
}
