// `aftersales notify --flush`: send again the notices that could not be delivered.
import { join } from 'node:path';
import { openContext, say, type Globals, type Io } from '../context.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { flush } from '../notify/deliver.js';
import { hooksTrusted } from '../notify/trust.js';

export async function run(opts: { flush?: boolean }, globals: Globals, io: Io): Promise<number> {
  if (!opts.flush) throw new AftersalesError('notifyWhat');
  const ctx = await openContext(globals, io);
  const trusted = await hooksTrusted(ctx.store.root, ctx.store.config);
  const outcome = await flush(ctx.store.config, join(ctx.store.paths.runtimeDir, 'outbox'), ctx.now, trusted);
  for (const f of outcome.failures) say(io, t('notifyFailed', { failure: f }));
  say(io, t('notifyFlushed', { delivered: outcome.delivered, queued: outcome.queued }));
  return outcome.queued ? 1 : 0;
}
