// `aftersales new`: register an issue (seed 1, step 1), then dispatch it by rule.
import type { Config } from '../domain/config.js';
import { BUILT_IN, givenFields, type FieldValue, type Requirable } from '../domain/fields.js';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  allIssues,
  actorOf,
  announce,
  commitChange,
  openContext,
  out,
  say,
  type Context,
  type Globals,
  type Io,
  guardMerges,
} from '../context.js';
import type { Hit } from '../domain/knowledge.js';
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
  failureMode?: string;
  description?: string;
  source?: string;
  occurredAt?: string;
  expectedBy?: string;
  attach?: string[];
  /** `id=value` for the config's own fields */
  field?: string[];
  /** e-mail the customer at the steps of notify.customer (undefined: the config's default) */
  notifyCustomer?: boolean;
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

/** The OPTIONS keys of the built-in fields a config may require. */
const OPTION_OF: Record<Requirable, keyof NewOptions> = {
  contact: 'contact',
  occurred_at: 'occurredAt',
  product: 'product',
  line: 'line',
  component: 'component',
  description: 'description',
  expected_by: 'expectedBy',
  source: 'source',
};

/** The line the product catalogue gives a product (registration fills it in). */
const catalogueLine = (product: string | undefined, config: Config) =>
  config.products.find((p) => p.name === product)?.line ?? null;

/** The flags a registration still lacks: the four always needed, what the config requires. */
function missingFlags(opts: NewOptions, fields: Record<string, FieldValue>, config: Config): string[] {
  const lacking = (v: unknown) => typeof v !== 'string' || !v.trim();
  return [
    ...REQUIRED.filter(([key]) => lacking(opts[key])).map(([, flag]) => flag),
    ...config.required
      .filter((name) => lacking(opts[OPTION_OF[name]]) && !(name === 'line' && catalogueLine(opts.product, config)))
      .map((name) => BUILT_IN[name].flag),
    ...config.fields.filter((f) => f.required && fields[f.id] === undefined).map((f) => `--field ${f.id}=…`),
  ];
}

export async function run(opts: NewOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const { config } = ctx.store;
  const tz = config.timezone;

  const fields = givenFields(opts.field ?? [], config);
  const missing = missingFlags(opts, fields, config);
  if (missing.length > 0) {
    // without a terminal every missing flag is named at once: one run to learn them all
    if (!io.stdinIsTTY) throw new AftersalesError('missingFlags', { flags: missing.join(' ') });
    const { askRegistration } = await import('./new-prompts.js');
    const { fields: asked, ...answers } = await askRegistration(opts, fields, config, io);
    Object.assign(opts, answers);
    Object.assign(fields, asked);
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
    failureMode: opts.failureMode || null,
    description: opts.description || null,
    source: opts.source || null,
    occurredAt: date('--occurred-at', opts.occurredAt, false),
    expectedBy: date('--expected-by', opts.expectedBy, true),
    fields,
    notifyCustomer: opts.notifyCustomer,
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
  const [actor] = await Promise.all([actorOf(ctx), guardMerges(ctx)]);

  // The search for similar solved issues needs only what was typed: it starts now and runs
  // beside git. Its reading and searching wait for `git commit` to start: done earlier,
  // they kept git's quicker steps (add, diff) waiting for this process to start the next.
  let drawn: string | undefined;
  let committing = () => {};
  const gitStarted = new Promise<void>((resolve) => (committing = resolve));
  const suggestions = opts.json || opts.quiet ? null : similarSolved(ctx, registration, () => drawn, gitStarted);
  const notes: string[] = [];
  const others = async () => (await allIssues(ctx)).issues;
  const issue = await ctx.store
    .locked(async () => {
      // A clash (about 1 in 10^9 within one hour) is met by drawing again; the lock is held.
      const random = idRandom(io.env);
      let id = newId(config.prefix, ctx.now, random);
      while (ctx.store.readText(id) !== null) id = newId(config.prefix, ctx.now, random);
      drawn = id;
      const attachments = copyAttachments(ctx.store.root, id, sources);
      let registered: Issue = registerIssue(
        { ...registration, attachments: attachments.records },
        id,
        config,
        ctx.now,
        actor,
      );
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
        committing,
      });
      return registered;
    })
    .finally(committing); // not committed, or failed: nothing to wait for

  await announce(ctx, [{ before: null, after: issue }]);
  for (const w of warnings)
    say(io, t(w === 'expectedInPast' ? 'expectedInPast' : 'unknownProduct', { product: registration.product }));
  if (opts.json) {
    out(io, JSON.stringify(issue, null, 2));
  } else {
    if (!opts.quiet) {
      say(io, t('registered', { id: issue.id, title: issue.title }));
      for (const note of notes) say(io, note);
      const hits = (await suggestions) ?? [];
      if (hits.length) say(io, t('kb.suggest'));
      for (const h of hits)
        say(io, `  ${h.id}  ${h.title}${h.root_cause ? `  — ${h.root_cause}` : ''}${h.fix ? ` → ${h.fix}` : ''}`);
    }
    out(io, issue.id);
  }
  return 0;
}

/** How many of the latest issues `new` looks through for suggestions: recent fixes speak of
 * the product as it is, and searching 20,000 issues at every registration cost 0.25 s. */
const SUGGESTION_WINDOW = 1500;

/** Before anyone starts from zero: the three most similar solved issues among the latest
 * (see ../store/knowledge-index.ts). `own` is its ID once drawn, left out; `gitStarted` says
 * when to go on. Never fails the registration: a store it cannot search gets none. */
async function similarSolved(
  ctx: Context,
  registration: Registration,
  own: () => string | undefined,
  gitStarted: Promise<void>,
): Promise<Hit[]> {
  try {
    const { searchSimilar, similarQuery } = await import('../domain/knowledge.js');
    const { openKnowledge } = await import('../store/knowledge-index.js');
    const { hitsOf } = await import('./kb.js');
    const probe = registerIssue({ ...registration, attachments: [] }, '', ctx.store.config, ctx.now, '');
    await gitStarted;
    const query = similarQuery(probe);
    const kb = await openKnowledge(ctx.store, { query, except: own(), latest: SUGGESTION_WINDOW, gitLocks: false });
    return await hitsOf(kb, searchSimilar(probe, kb.index, kb.traits).slice(0, 3));
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
