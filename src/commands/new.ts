// `aftersales new`: register an issue (seed 1, step 1), then dispatch it by rule.
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { allIssues, actorOf, announce, commitChange, openContext, out, say, type Context, type Globals, type Io } from '../context.js';
import type { Hit } from '../domain/knowledge.js';
import { readAllIssues } from '../store/all.js';
import { idRandom } from '../clock.js';
import { newId } from '../domain/id.js';
import type { Issue } from '../domain/issue.js';
import { checkRegistration, registerIssue, type Registration } from '../domain/register.js';
import { parseDateInput } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { sha256 } from '../store/files.js';
import { describeAssignment, dispatchNew } from './dispatch.js';

export interface NewOptions {
  title?: string;
  type?: string;
  severity?: string;
  customer?: string;
  contact?: string;
  product?: string;
  line?: string;
  component?: string;
  description?: string;
  source?: string;
  occurredAt?: string;
  expectedBy?: string;
  attach?: string[];
  dispatch?: boolean;
  commit?: boolean;
  json?: boolean;
  quiet?: boolean;
}

const REQUIRED = [
  ['title', '--title'],
  ['type', '--type'],
  ['severity', '--severity'],
  ['customer', '--customer'],
] as const;

export async function run(opts: NewOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const { config } = ctx.store;
  const tz = config.timezone;

  const missing = REQUIRED.filter(([key]) => !opts[key]?.trim());
  if (missing.length > 0) {
    if (!io.stdinIsTTY) throw new AftersalesError('missingFlag', { flag: missing[0]?.[1] });
    const { askRegistration } = await import('./new-prompts.js');
    Object.assign(opts, await askRegistration(opts, config, io));
  }

  const date = (flag: string, value: string | undefined, endOfDay: boolean) => {
    if (!value) return null;
    const d = parseDateInput(value, tz, { endOfDay });
    if (!d) throw new AftersalesError('badDate', { flag, value });
    return d;
  };
  if (opts.source && !config.sources.includes(opts.source)) {
    throw new AftersalesError('unknownSource', { source: opts.source, known: config.sources.join(', ') });
  }
  const registration: Registration = {
    title: opts.title ?? '',
    type: opts.type ?? '',
    severity: opts.severity ?? '',
    customer: opts.customer ?? '',
    contact: opts.contact || null,
    product: opts.product || null,
    line: opts.line || null,
    component: opts.component || null,
    description: opts.description || null,
    source: opts.source || null,
    occurredAt: date('--occurred-at', opts.occurredAt, false),
    expectedBy: date('--expected-by', opts.expectedBy, true),
  };
  const sources = (opts.attach ?? []).map((p) => resolve(globals.cwd, p));
  for (const path of sources) {
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) throw new AftersalesError('attachmentMissing', { path });
  }
  const warnings = checkRegistration(registration, config, ctx.now);
  const actor = await actorOf(ctx);

  // The search for similar solved issues needs only what was typed: it starts now and
  // runs while the file is written and committed (git works in its own process).
  const suggestions = opts.json || opts.quiet ? null : similarSolved(ctx, registration);
  const notes: string[] = [];
  const others = async () => (await allIssues(ctx, 'summary')).issues;
  const issue = await ctx.store.locked(async () => {
    // A clash (about 1 in 10^9 within one hour) is met by drawing again; the lock is held.
    const random = idRandom(io.env);
    let id = newId(config.prefix, ctx.now, random);
    while (ctx.store.readText(id) !== null) id = newId(config.prefix, ctx.now, random);
    const attachments = copyAttachments(ctx.store.root, id, sources);
    let registered: Issue = registerIssue({ ...registration, attachments: attachments.records }, id, config, ctx.now, actor);
    if (opts.dispatch !== false) {
      const dispatched = await dispatchNew(ctx, registered, registered.reported_at, actor, others);
      registered = dispatched.issue;
      notes.push(describeAssignment(registered, dispatched.decision));
    }
    const file = ctx.store.create(registered);
    await commitChange(ctx, {
      issues: [registered],
      action: 'register',
      files: [file, ...attachments.files],
      commit: opts.commit !== false,
    });
    return registered;
  });

  await announce(ctx, [{ before: null, after: issue }]);
  for (const w of warnings) say(io, t(w === 'expectedInPast' ? 'expectedInPast' : 'unknownProduct', { product: registration.product }));
  if (opts.json) {
    out(io, JSON.stringify(issue, null, 2));
  } else {
    if (!opts.quiet) {
      say(io, t('registered', { id: issue.id, title: issue.title }));
      for (const note of notes) say(io, note);
      const hits = (await suggestions) ?? [];
      if (hits.length) say(io, t('kb.suggest'));
      for (const h of hits) say(io, `  ${h.id}  ${h.title}${h.root_cause ? `  — ${h.root_cause}` : ''}${h.fix ? ` → ${h.fix}` : ''}`);
    }
    out(io, issue.id);
  }
  return 0;
}

/** How many of the latest issues `new` looks through for suggestions: building a search
 * index over 20,000 issues at every registration took seconds; `similar ID` searches all. */
export const SUGGESTION_POOL = 1500;

/** Before anyone starts from zero: the three most similar solved issues among the latest
 * SUGGESTION_POOL. Never fails the registration: a store it cannot search gets none. */
async function similarSolved(ctx: Context, registration: Registration): Promise<Hit[]> {
  try {
    // git is busy committing meanwhile: its status must not take the index lock
    const recent = await readAllIssues(ctx.store, { view: 'summary', latest: SUGGESTION_POOL, gitLocks: false });
    const { isKnowledge, buildIndex } = await import('../domain/knowledge.js');
    const known = recent.issues.filter(isKnowledge);
    if (!known.length) return [];
    const { similarHits } = await import('./kb.js');
    const { poolIndex } = await import('../store/kb-cache.js');
    const blobs = new Map(known.map((i) => [i.id, recent.blobs.get(i.id) ?? sha256(JSON.stringify(i))]));
    const index = await poolIndex(
      ctx.store,
      blobs,
      (come) => come.map((id) => ctx.store.read(id).issue),
      async () => buildIndex((await readAllIssues(ctx.store, { view: 'full', latest: SUGGESTION_POOL, gitLocks: false })).issues.filter((i) => blobs.has(i.id))),
    );
    const probe = registerIssue({ ...registration, attachments: [] }, '', ctx.store.config, ctx.now, '');
    return similarHits(probe, recent.issues, 3, index);
  } catch {
    return [];
  }
}

function copyAttachments(root: string, id: string, sources: string[]) {
  const records: Issue['attachments'] = [];
  const files: string[] = [];
  const used = new Set<string>();
  for (const src of sources) {
    let name = basename(src);
    for (let n = 2; used.has(name); n++) name = basename(src).replace(/(\.[^.]*)?$/, `-${n}$1`);
    used.add(name);
    const rel = `attachments/${id}/${name}`;
    mkdirSync(join(root, 'attachments', id), { recursive: true });
    copyFileSync(src, join(root, rel));
    const data = readFileSync(join(root, rel));
    records.push({ path: rel, sha256: sha256(data), size: data.length });
    files.push(rel);
  }
  return { records, files };
}
