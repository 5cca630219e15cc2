// Hooks are commands, and the config that names them is committed: a pull request that adds
// one would run it on every teammate's machine and in CI. So a clone runs the hooks only once
// someone there has read them and said `aftersales trust`, which keeps their hash in the
// clone's own .git/config; a change to them (or to their order) untrusts them again.
import { createHash } from 'node:crypto';
import type { Config } from '../domain/config.js';
import { canonical } from '../domain/merge.js';
import { git, setLocalConfig } from '../git/git.js';

const KEY = 'aftersales.trustedhooks';

export const hooksHash = (config: Config): string =>
  createHash('sha256').update(canonical(config.notify.hooks)).digest('hex');

export async function hooksTrusted(root: string, config: Config): Promise<boolean> {
  if (!config.notify.hooks.length) return true;
  const r = await git(root, ['config', '--local', '--get', KEY]);
  return r.code === 0 && r.stdout.trim() === hooksHash(config);
}

export async function trustHooks(root: string, config: Config): Promise<void> {
  await setLocalConfig(root, KEY, hooksHash(config));
}

/** `${NAME}` in a config string, from the environment; the names it lacks. */
export function expandEnv(text: string, env: NodeJS.ProcessEnv): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = env[name];
    if (value === undefined) missing.push(name);
    return value ?? '';
  });
  return { text: out, missing };
}

/** A command as output may show it: as written (its `${NAME}`s unexpanded), URL queries hidden. */
export const shownCommand = (command: string): string => command.replace(/(\w+:\/\/[^\s'"?]*)\?[^\s'"]*/g, '$1?…');
