// `aftersales show ID`: one issue as a card, as JSON, or as the Markdown acceptance
// record (`--format markdown`, `--customer` for the customer's copy).
import { resolve } from 'node:path';
import { openContext, out, paint, say, write, type Globals, type Io } from '../context.js';
import { t } from '../i18n/index.js';
import { writeFileAtomic } from '../store/files.js';
import type { Checklist } from '../domain/checklist.js';
import { AftersalesError } from '../errors.js';
import { renderCard } from '../render/card.js';
import { renderRecord } from '../render/record.js';

export interface ShowOptions {
  json?: boolean;
  format?: string;
  customer?: boolean;
  out?: string;
}

const FORMATS = ['text', 'json', 'markdown', '8d'];

export async function run(input: string, opts: ShowOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io, { light: true });
  const format = opts.json ? 'json' : (opts.format ?? 'text');
  if (!FORMATS.includes(format)) throw new AftersalesError('badFormat', { allowed: FORMATS.join(', '), value: format });
  const { store } = ctx;
  const issue = await store.view(store.resolve(input));
  if (format === '8d') {
    const [{ eightD }, render] = await Promise.all([import('../domain/eight-d.js'), import('../render/eight-d.js')]);
    const report = eightD(issue, store.config);
    const html = opts.out?.toLowerCase().endsWith('.html');
    const text = html
      ? render.renderEightDHtml(report, store.config)
      : render.renderEightDMarkdown(report, store.config);
    if (!opts.out) write(io, 'stdout', text);
    else {
      const file = resolve(globals.cwd, opts.out);
      writeFileAtomic(file, text);
      say(io, t('reportWritten', { file }));
    }
  } else if (format === 'json') {
    out(io, JSON.stringify(issue, null, 2));
  } else if (format === 'markdown') {
    const { loadChecklist } = await import('../store/checklists.js');
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
