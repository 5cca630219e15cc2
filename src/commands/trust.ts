// `aftersales trust`: after reading the hooks the config names, let this clone run them.
import { openContext, out, say, type Globals, type Io } from '../context.js';
import { t } from '../i18n/index.js';
import { envSmtp, envWebhooks, trustHooks } from '../notify/trust.js';

export async function run(globals: Globals, io: Io): Promise<number> {
  const { store } = await openContext(globals, io);
  const hooks = store.config.notify.hooks;
  const webhooks = envWebhooks(store.config);
  const mail = envSmtp(store.config);
  if (!hooks.length && !webhooks.length && !mail) {
    say(io, t('trustNone'));
    return 0;
  }
  // exactly as written: what is trusted is what runs
  for (const h of hooks) out(io, `  ${h.command}${h.events.length ? `  (${h.events.join(', ')})` : ''}`);
  for (const w of webhooks) out(io, `  POST ${w.url}${w.events.length ? `  (${w.events.join(', ')})` : ''}`);
  if (mail) out(io, `  SMTP ${mail.smtp.user ?? ''}@${mail.smtp.host}:${mail.smtp.port}  pass: ${mail.smtp.pass}`);
  await trustHooks(store.root, store.config);
  say(io, t('trusted', { count: hooks.length + webhooks.length + (mail ? 1 : 0) }));
  return 0;
}
