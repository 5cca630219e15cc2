// What every command gets: where it runs, how to talk to the user, the store and the
// clock; and the one way a change is saved and committed.
import { join, resolve } from 'node:path';
import { now as clockNow } from './clock.js';
import { personByEmail } from './domain/people.js';
import { identityEmail, commitFiles, someOf } from './git/git.js';
import { applyConfigLocale, t } from './i18n/index.js';
import { progressBar } from './render/progress.js';
import { truncate } from './render/text.js';
import { readAllIssues, type StoreScan, type ViewShape } from './store/all.js';
import type { ScanView } from './store/issue-index.js';
import { Store, type OpenOptions } from './store/store.js';
import type { Issue } from './domain/issue.js';
import type { Attached } from './store/attachments.js';
import { isoInZone } from './domain/time.js';
import type { Config } from './domain/config.js';
import { unknownFilter, type FilterOptions } from './domain/filters.js';
import { STATUSES } from './domain/vocabulary.js';
import { AftersalesError } from './errors.js';

export { out, paint, processIo, say, write, type Globals, type Io } from './io.js';
import { say, type Globals, type Io } from './io.js';

export interface Context {
  io: Io;
  store: Store;
  now: Date;
}

/** `light`: the command reads issues only through the index (see Store.open). */
export async function openContext(globals: Globals, io: Io, opts: OpenOptions = {}): Promise<Context> {
  const index = globals.index !== false && io.env.AFTERSALES_NO_INDEX !== '1';
  const store = await Store.open(resolve(globals.cwd), { ...opts, index });
  store.useIndex = index;
  applyConfigLocale(store.config.locale);
  return { io, store, now: clockNow(io.env) };
}

/** Every issue of the store (through the index), with a progress bar for a cold build.
 * `facts` is what check, list and report count (see domain/facts.ts), and `counts`,
 * `list`, `order` the parts of it that report, list and list --json read. */
export async function allIssues<V extends ScanView = 'full'>(
  ctx: Context,
  view: V = 'full' as V,
  latest?: number,
): Promise<StoreScan<ViewShape[V]>> {
  const bar = progressBar(ctx.io, t('progress.reading'));
  try {
    return await readAllIssues(ctx.store, { view, latest, progress: bar.update });
  } finally {
    bar.done();
  }
}

/** The actor of an event: the git identity's person id, or the e-mail itself. */
export async function actorOf(ctx: Context): Promise<string> {
  const email = await identityEmail(ctx.store.root);
  return personByEmail(ctx.store.config, email)?.id ?? email ?? 'unknown';
}

export interface ChangeRecord {
  /** the issues a change touched, each with its title */
  issues: { id: string; title: string }[];
  action: string;
  files: string[];
  /** false for --no-commit */
  commit: boolean;
  /** see CommitRequest */
  committing?: () => void;
}

/** Before a command writes: refuse while git has a merge unfinished; warn when this clone's
 * merge driver is not this install's (a pull would not merge issue files by field). */
export async function guardMerges(ctx: Context): Promise<void> {
  const { refuseDuringMerge, driverProblem } = await import('./git/driver.js');
  refuseDuringMerge(ctx.store.paths);
  if (!ctx.store.paths.gitDir) return;
  const problem = await driverProblem(ctx.store.root, ctx.store.paths.gitDir);
  if (problem) say(ctx.io, t(problem === 'missing' ? 'driverMissing' : 'driverMoved'));
}

/** One commit of just the files a change touched: `<ID>: <action> — <short title>`. */
export async function commitChange(ctx: Context, change: ChangeRecord): Promise<void> {
  if (change.files.length === 0) return;
  if (!change.commit || !ctx.store.config.git.autoCommit) {
    say(ctx.io, t('notCommitted', { files: someOf(change.files) }));
    return;
  }
  const [only] = change.issues;
  const subject =
    change.issues.length === 1 && only
      ? `${only.id}: ${change.action} — ${truncate(only.title.replace(/\s+/g, ' '), 50)}`
      : `${change.action}: ${change.issues.length} issues (${change.issues
          .map((i) => i.id)
          .slice(0, 3)
          .join(', ')}${change.issues.length > 3 ? ', …' : ''})`;
  await commitFiles({
    root: ctx.store.root,
    files: change.files,
    subject,
    trailers: [
      ...change.issues.map((i): [string, string] => ['Aftersales-Issue', i.id]),
      ['Aftersales-Action', change.action],
    ],
    committing: change.committing,
  });
}

/** Whether this clone trusts the hooks and the environment-reading webhooks of its config
 * (`aftersales trust`); says so when it does not. */
export async function notifyTrusted(ctx: Context): Promise<boolean> {
  const { hooksTrusted } = await import('./notify/trust.js');
  const trusted = await hooksTrusted(ctx.store.root, ctx.store.config);
  if (!trusted) say(ctx.io, t('hooksUntrusted'));
  return trusted;
}

/** Tell people of the events a change added (webhooks, hooks); never fails the command. */
export async function announce(ctx: Context, changes: { before: Issue | null; after: Issue }[]): Promise<void> {
  const { notify } = ctx.store.config;
  if (notify.webhooks.length === 0 && notify.hooks.length === 0 && !notify.customer) return;
  const { notifyEventOf, noticeFor } = await import('./domain/notify.js');
  const added = changes.map(({ before, after }) => ({
    after,
    events: after.history.slice(before?.history.length ?? 0),
  }));
  const notices = added.flatMap(({ after, events }) =>
    events.flatMap((e) => {
      const event = notifyEventOf(e);
      return event ? [noticeFor(after, event, e)] : [];
    }),
  );
  const { mailsFor } = notify.customer ? await import('./notify/mail.js') : { mailsFor: null };
  const toCustomer = mailsFor
    ? added.flatMap(({ after, events }) => mailsFor(ctx.store.config, ctx.store.root, after, events))
    : [];
  if (notices.length === 0 && toCustomer.length === 0) return;
  const { deliver } = await import('./notify/deliver.js');
  const trusted = await notifyTrusted(ctx);
  const outbox = join(ctx.store.paths.runtimeDir, 'outbox');
  const outcome = await deliver(ctx.store.config, notices, outbox, ctx.now, trusted, toCustomer);
  for (const f of outcome.failures) say(ctx.io, t('notifyFailed', { failure: f }));
  if (outcome.queued) say(ctx.io, t('notifyQueued', { count: outcome.queued }));
}

/**
 * Change existing issues under the store lock: read each, apply a pure change, rewrite
 * only what changed, and make one commit. `change` returns null to leave an issue as is.
 */
export async function changeIssues(
  ctx: Context,
  ids: string[],
  action: string,
  change: (issue: Issue, at: string, actor: string) => Issue | null,
  /** attach: files for the change's last event; keep: files the change itself names, read already */
  opts: { commit: boolean; attach?: string[]; keep?: Attached[] },
): Promise<Issue[]> {
  const [actor] = await Promise.all([actorOf(ctx), guardMerges(ctx)]);
  const attach = opts.attach?.length || opts.keep?.length ? await import('./store/attachments.js') : null;
  // read and hashed before the lock: a missing file is refused before anything is written
  const attached =
    attach && ids.length === 1 ? attach.readAttachments(ctx.io.cwd, ids[0] as string, opts.attach ?? []) : [];
  const at = isoInZone(ctx.now, ctx.store.config.timezone);
  return ctx.store
    .locked(async () => {
      // Every change is computed before anything is written: one refusal writes nothing.
      const planned = ids.flatMap((id) => {
        const loaded = ctx.store.read(id);
        const after = change(loaded.issue, at, actor);
        return after ? [{ loaded, after }] : [];
      });
      const extra: string[] = [];
      if (attach && planned[0]) {
        const { issue, paths } = attach.attachToLastEvent(ctx.store.root, planned[0].after, attached);
        planned[0].after = issue;
        extra.push(...paths, ...attach.copyIn(ctx.store.root, planned[0].after.id, opts.keep ?? []));
      }
      const files = [...planned.map(({ loaded, after }) => ctx.store.update(loaded, after)), ...extra];
      const changed = planned.map(({ after }) => after);
      await commitChange(ctx, { issues: changed, action, files, commit: opts.commit });
      return planned;
    })
    .then(async (planned) => {
      await announce(
        ctx,
        planned.map(({ loaded, after }) => ({ before: loaded.issue, after })),
      );
      return planned.map(({ after }) => after);
    });
}

/** Each status's label in the reader's language, lower case → the status. */
export const statusLabels = () => new Map(STATUSES.map((s) => [t(`status.${s}`).toLowerCase(), s as string]));

/** Refuses a filter the config does not know (exit 2), naming the nearest known values. */
export function checkFilters(opts: FilterOptions, config: Config): void {
  const bad = unknownFilter(opts, config, statusLabels());
  if (!bad) return;
  const known = bad.known.length > 12 ? `${bad.known.slice(0, 12).join(', ')}, …` : bad.known.join(', ');
  if (bad.nearest.length) {
    throw new AftersalesError('unknownValueNear', { ...bad, nearest: bad.nearest.join(', '), known });
  }
  throw new AftersalesError('unknownValue', { ...bad, nearest: '', known });
}
