// `aftersales show ID`: one issue as a card, or `--json`.
import { openContext, out, paint, type Globals, type Io } from '../context.js';
import { renderCard } from '../render/card.js';

export interface ShowOptions {
  json?: boolean;
}

export async function run(input: string, opts: ShowOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = openContext(globals, io);
  const { issue } = ctx.store.read(ctx.store.resolve(input));
  out(io, opts.json ? JSON.stringify(issue, null, 2) : renderCard(issue, ctx.store.config.timezone, ctx.now, paint(io)));
  return 0;
}
