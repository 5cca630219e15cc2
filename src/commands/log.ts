// `aftersales log ID`: the audit trail — each history event beside the git commit that
// introduced it (commit, author, date), oldest first, flagging where the commit's author
// is not the event's actor.
import { openContext, out, paint, type Globals, type Io } from '../context.js';
import { personByEmail } from '../domain/people.js';
import type { HistoryEvent } from '../domain/issue.js';
import { shortInZone } from '../domain/time.js';
import { fileLog, showFiles } from '../git/git.js';
import { t } from '../i18n/index.js';
import { quickLoad } from '../store/quick-yaml.js';
import { eventParts, personName } from '../render/history.js';

export interface LogOptions {
  json?: boolean;
}

interface TrailEntry {
  event: HistoryEvent;
  commit: { commit: string; author: string; email: string; date: string } | null;
  /** the commit's author is someone other than the event's actor */
  mismatch: boolean;
}

export async function run(input: string, opts: LogOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io, { light: true });
  const { store } = ctx;
  const id = store.resolve(input);
  const [issue, commits] = await Promise.all([
    store.view(id),
    store.paths.gitDir ? fileLog(store.root, store.fileOf(id)) : [],
  ]);
  // Which commit first held each event: count the history entries at every commit.
  const introducedBy: (TrailEntry['commit'] | null)[] = [];
  const texts = await showFiles(
    store.root,
    commits.map((c) => `${c.commit}:${c.path}`),
  );
  for (const [n, { path: _, ...commit }] of commits.entries()) {
    const count = await historyLength(texts[n] ?? null);
    while (introducedBy.length < count) introducedBy.push(commit);
  }
  const trail: TrailEntry[] = issue.history.map((event, i) => {
    const commit = introducedBy[i] ?? null;
    const author = commit ? (personByEmail(store.config, commit.email)?.id ?? commit.email) : null;
    return { event, commit, mismatch: commit !== null && author !== event.by };
  });
  if (opts.json) {
    out(io, JSON.stringify(trail, null, 2));
    return 0;
  }
  const c = paint(io);
  const tz = store.config.timezone;
  for (const { event: e, commit, mismatch } of trail) {
    const head = `${shortInZone(new Date(e.at), tz)}  ${personName(store.config, e.by)}  ${eventParts(e).join('  ')}`;
    const proof = commit
      ? c.dim(`${commit.commit.slice(0, 8)} ${commit.author} <${commit.email}>`) +
        (mismatch ? `  ${c.yellow(t('log.mismatch'))}` : '')
      : c.yellow(t('log.uncommitted'));
    out(io, `${head}\n    ${proof}`);
  }
  return 0;
}

/** How many history entries a past version of the file holds (0: none, or it does not read). */
async function historyLength(text: string | null): Promise<number> {
  if (text === null) return 0;
  const data = (quickLoad(text) ?? (await import('../store/yaml.js')).loadYaml(text)).data as
    | { history?: unknown[] }
    | undefined;
  return Array.isArray(data?.history) ? data.history.length : 0;
}
