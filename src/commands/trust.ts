// `aftersales trust`: after reading the hooks the config names, let this clone run them.
import { openContext, out, say, type Globals, type Io } from '../context.js';
import { t } from '../i18n/index.js';
import { shownCommand, trustHooks } from '../notify/trust.js';

export async function run(globals: Globals, io: Io): Promise<number> {
  const { store } = await openContext(globals, io);
  const hooks = store.config.notify.hooks;
  if (!hooks.length) {
    say(io, t('trustNone'));
    return 0;
  }
  for (const h of hooks) out(io, `  ${shownCommand(h.command)}${h.events.length ? `  (${h.events.join(', ')})` : ''}`);
  await trustHooks(store.root, store.config);
  say(io, t('trusted', { count: hooks.length }));
  return 0;
}
