// Hooks are commands, and the config that names them is committed: a pull request that adds
// one would run it on every teammate's machine and in CI; a webhook URL with `${NAME}` would
// send that environment variable (a CI secret) wherever it points. So a clone runs the hooks
// and fills in `${NAME}` only once someone there has read them and said `aftersales trust`,
// which keeps their hash in the clone's own .git/config; any change to them untrusts them.
import { createHash } from 'node:crypto';
import type { Config } from '../domain/config.js';
import { canonical } from '../domain/merge.js';
import { git, setLocalConfig } from '../git/git.js';

const KEY = 'aftersales.trustedhooks';

/** Whether a webhook takes `${NAME}` from the environment (its url or its secret). */
export const readsEnv = (w: { url: string; secret?: string }): boolean => `${w.url}\n${w.secret ?? ''}`.includes('${');

export const envWebhooks = (config: Config) => config.notify.webhooks.filter(readsEnv);

/** The customer mail's settings when its SMTP password reads the environment. */
export const envSmtp = (config: Config) =>
  config.notify.customer?.smtp.pass?.includes('${') ? config.notify.customer : null;

/** What a clone must trust: the hooks, and what reads the environment (webhooks, SMTP). */
export const needsTrust = (config: Config): boolean =>
  config.notify.hooks.length > 0 || envWebhooks(config).length > 0 || envSmtp(config) !== null;

export const hooksHash = (config: Config): string =>
  createHash('sha256')
    .update(
      canonical({
        hooks: config.notify.hooks,
        webhooks: envWebhooks(config),
        ...(envSmtp(config) ? { customer: envSmtp(config) } : {}),
      }),
    )
    .digest('hex');

export async function hooksTrusted(root: string, config: Config): Promise<boolean> {
  if (!needsTrust(config)) return true;
  const r = await git(root, ['config', '--local', '--get', KEY]);
  return r.code === 0 && r.stdout.trim() === hooksHash(config);
}

export async function trustHooks(root: string, config: Config): Promise<void> {
  await setLocalConfig(root, KEY, hooksHash(config));
}

/** A command as output may show it: as written (its `${NAME}`s unexpanded), URL queries hidden. */
export const shownCommand = (command: string): string => command.replace(/(\w+:\/\/[^\s'"?]*)\?[^\s'"]*/g, '$1?…');
