// `aftersales log ID`: the audit trail — each history event beside the git commit that
// introduced it (commit, author, date), oldest first, flagging where the commit's author
// is not the event's actor.
import { openContext, out, paint, type Globals, type Io } from '../context.js';
import { personByEmail } from '../domain/people.js';
import type { HistoryEvent } from '../domain/issue.js';
import { shortInZone } from '../domain/time.js';
import { fileLog, git } from '../git/git.js';
import { t } from '../i18n/index.js';
import { loadYaml } from '../store/yaml.js';
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
  const ctx = await openContext(globals, io);
  const { store } = ctx;
  const loaded = store.read(store.resolve(input));
  const commits = store.paths.gitDir ? await fileLog(store.root, loaded.file) : [];
  // Which commit first held each event: count the history entries at every commit.
  const introducedBy: (TrailEntry['commit'] | null)[] = [];
  for (const c of commits) {
    const r = await git(store.root, ['show', `${c.commit}:${loaded.file}`]);
    const data = r.code === 0 ? (loadYaml(r.stdout).data as { history?: unknown[] } | undefined) : undefined;
    const count = Array.isArray(data?.history) ? data.history.length : 0;
    while (introducedBy.length < count) introducedBy.push(c);
  }
  const trail: TrailEntry[] = loaded.issue.history.map((event, i) => {
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
