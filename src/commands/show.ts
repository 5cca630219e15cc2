// `aftersales show ID`: one issue as a card, as JSON, or as the Markdown acceptance
// record (`--format markdown`, `--customer` for the customer's copy).
import { openContext, out, paint, write, type Globals, type Io } from '../context.js';
import type { Checklist } from '../domain/checklist.js';
import { AftersalesError } from '../errors.js';
import { renderCard } from '../render/card.js';
import { renderRecord } from '../render/record.js';
import { loadChecklist } from '../store/checklists.js';

export interface ShowOptions {
  json?: boolean;
  format?: string;
  customer?: boolean;
}

const FORMATS = ['text', 'json', 'markdown'];

export async function run(input: string, opts: ShowOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const format = opts.json ? 'json' : (opts.format ?? 'text');
  if (!FORMATS.includes(format)) throw new AftersalesError('badFormat', { allowed: FORMATS.join(', '), value: format });
  const { store } = ctx;
  const { issue } = store.read(store.resolve(input));
  if (format === 'json') {
    out(io, JSON.stringify(issue, null, 2));
  } else if (format === 'markdown') {
    const checklists = new Map<string, Checklist>();
    for (const name of new Set(issue.acceptance.rounds.map((r) => r.template))) {
      try {
        checklists.set(name, loadChecklist(store.root, name));
      } catch {
        // a template since removed: the record falls back to the item ids it holds
      }
    }
    write(io, 'stdout', renderRecord(issue, store.config, checklists, { customer: Boolean(opts.customer) }));
  } else {
    out(io, renderCard(issue, store.config, ctx.now, paint(io)));
  }
  return 0;
}
