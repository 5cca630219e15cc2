// `aftersales kb search QUERY`, `aftersales kb export --out DIR`, `aftersales similar ID`.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allIssues, openContext, out, paint, say, type Context, type Globals, type Io } from '../context.js';
import type { Issue } from '../domain/issue.js';
import type { SearchResult } from 'minisearch';
import {
  byProof,
  byRank,
  isKnowledge,
  recurrences,
  recurrencesOf,
  searchSimilar,
  similarQuery,
  toHit,
  type Hit,
} from '../domain/knowledge.js';
import { openKnowledge, type Knowledge, type KnowledgeOptions } from '../store/knowledge-index.js';
import { progressBar } from '../render/progress.js';
import { byCodePoint } from '../domain/order.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { TRADITIONAL_CHARS } from '../domain/traditional-chars.js';
import { renderHits, renderKbIndex, renderKbPage } from '../render/kb.js';
import { writeFileAtomic } from '../store/files.js';

export interface KbOptions {
  json?: boolean;
  limit?: string;
  out?: string;
}

function limitOf(opts: KbOptions, fallback: number): number {
  const n = opts.limit === undefined ? fallback : Number(opts.limit);
  if (!Number.isInteger(n) || n < 1) throw new AftersalesError('badLimit', { value: opts.limit });
  return n;
}

function print(ctx: Context, hits: Hit[], json: boolean | undefined): void {
  if (json) out(ctx.io, JSON.stringify(hits, null, 2));
  else if (hits.length === 0) say(ctx.io, t('kb.none'));
  else out(ctx.io, renderHits(hits, paint(ctx.io)));
}

/** The query in simplified characters: the store is written in them, and a customer in
 * Taiwan or Hong Kong types 主軸異響 for 主轴异响. OpenCC's tables (~20 ms to load) are
 * loaded only for a query with a character they can change. */
async function simplified(text: string): Promise<string> {
  traditional ??= new Set(TRADITIONAL_CHARS);
  if (![...text].some((c) => traditional?.has(c))) return text;
  const { Converter } = await import('opencc-js/t2cn');
  return Converter({ from: 't', to: 'cn' })(text);
}

let traditional: Set<string> | undefined;

export async function search(words: string[], opts: KbOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io, { light: true });
  const typed = words.join(' ').trim();
  if (!typed) throw new AftersalesError('kbEmptyQuery');
  const query = await simplified(typed);
  const limit = limitOf(opts, 10);
  const kb = await openIndexing(ctx, { query });
  const found = kb.index.search(query).sort(byRank);
  print(ctx, byProof(await hitsOf(kb, found.slice(0, limit))), opts.json);
  return 0;
}

/** The knowledge base, with a progress bar on a terminal while a whole index is built. */
async function openIndexing(ctx: Context, opts: KnowledgeOptions): Promise<Knowledge> {
  const bar = progressBar(ctx.io, t('progress.indexing'));
  try {
    return await openKnowledge(ctx.store, { ...opts, progress: bar.update });
  } finally {
    bar.done();
  }
}

/** What each result shows: its issue's facts, and the later issues with the same root cause. */
export async function hitsOf(kb: Knowledge, results: readonly SearchResult[]): Promise<Hit[]> {
  const recurred = recurrencesOf(kb.entries, new Set(results.map((r) => String(r.id))));
  const facts = await Promise.all(results.map((r) => kb.hit(String(r.id))));
  return results.flatMap((r, i) => {
    const f = facts[i];
    return f ? [toHit(r, f, recurred.get(f.id) ?? [])] : [];
  });
}

/** The top matches for an issue among the solved ones, for `similar` and `new`'s suggestions. */
export async function similarHits(issue: Issue, kb: Knowledge, limit: number): Promise<Hit[]> {
  return byProof(await hitsOf(kb, searchSimilar(issue, kb.index, kb.traits).slice(0, limit)));
}

export async function similar(input: string, opts: KbOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const { issue } = ctx.store.read(ctx.store.resolve(input));
  const kb = await openIndexing(ctx, { query: similarQuery(issue) });
  print(ctx, await similarHits(issue, kb, limitOf(opts, 5)), opts.json);
  return 0;
}

export async function exportKb(opts: KbOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io, { light: true });
  if (!opts.out) throw new AftersalesError('missingFlag', { flag: '--out DIR' });
  const dir = resolve(globals.cwd, opts.out);
  const { issues } = await allIssues(ctx);
  const recurred = recurrences(issues);
  const known = issues.filter(isKnowledge).sort((a, b) => byCodePoint(a.id, b.id));
  mkdirSync(dir, { recursive: true });
  for (const i of known) writeFileAtomic(join(dir, `${i.id}.md`), renderKbPage(i, recurred.get(i.id) ?? []));
  writeFileAtomic(join(dir, 'index.md'), renderKbIndex(known, recurred));
  say(io, t('kb.exported', { count: known.length, dir }));
  return 0;
}
