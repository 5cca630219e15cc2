// What the scheduled `check --notify` sends: each overdue item once a day to its owner, and
// the escalation levels of the config (share of the resolution time used → the owner, the
// team's lead, a role), each once per issue. The outbox is flushed first.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allIssues, notifyTrusted, say, type Context } from '../context.js';
import type { Config } from '../domain/config.js';
import { holders } from '../domain/people.js';
import type { CheckFacts } from '../domain/facts.js';
import type { Issue } from '../domain/issue.js';
import type { Notice } from '../domain/notify.js';
import type { OverdueItem } from '../domain/overdue.js';
import { isOpen } from '../domain/vocabulary.js';
import { isoInZone } from '../domain/time.js';
import { t } from '../i18n/index.js';
import { writeFileAtomic } from '../store/files.js';

type Level = Config['escalation'][number];

/** The people an escalation level names for an issue. */
export function escalationTargets(level: Level, f: Pick<CheckFacts, 'person' | 'team'>, config: Config): string[] {
  if (level.notify === 'owner') return f.person ? [f.person] : [];
  if (level.notify === 'lead') {
    // the issue's team's lead, else the lead of a team the owner belongs to
    const led = config.teams.filter((tm) => tm.lead);
    const team = led.find((tm) => tm.id === f.team) ?? led.find((tm) => tm.members.includes(f.person ?? ''));
    return team?.lead ? [team.lead] : [];
  }
  return holders(config, level.notify.role);
}

/** The levels an open issue (not waiting) has reached at `now`: [level index, share used]. */
export function levelsReached(f: CheckFacts, config: Config, now: Date): [number, number][] {
  if (!isOpen(f) || f.status === 'waiting' || f.resolutionDue === null || !(f.resolutionDue > f.reported)) return [];
  const used = (now.getTime() - f.reported) / (f.resolutionDue - f.reported);
  return config.escalation.flatMap((l, i): [number, number][] =>
    used * 100 >= Number.parseFloat(l.at) ? [[i, used]] : [],
  );
}

export async function announceOverdue(
  ctx: Context,
  overdue: OverdueItem[],
  facts: readonly CheckFacts[],
): Promise<void> {
  const { config, paths } = ctx.store;
  const { flush, deliver } = await import('./deliver.js');
  const { noticeFor } = await import('../domain/notify.js');
  const outbox = join(paths.runtimeDir, 'outbox');
  const trusted = await notifyTrusted(ctx);
  await flush(config, outbox, ctx.now, trusted);
  const stateFile = join(paths.runtimeDir, 'overdue-notified.json');
  let state: Record<string, string> = {};
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, string>;
  } catch {
    state = {};
  }
  const at = isoInZone(ctx.now, config.timezone);
  const today = at.slice(0, 10);
  const fresh = overdue.filter((o) => state[`${o.issue}/${o.kind}/${o.action ?? ''}`] !== today);
  // escalation levels: once per level per issue, whatever the day
  const levels = facts.flatMap((f) =>
    levelsReached(f, config, ctx.now)
      .filter(([i]) => !state[`${f.id}/escalated/${i}`])
      .map(([i, used]) => ({ f, i, used })),
  );
  const ids = new Set([...fresh.map((o) => o.issue), ...levels.map((l) => l.f.id)]);
  if (!ids.size) return;
  const issues = new Map((await allIssues(ctx)).issues.filter((i) => ids.has(i.id)).map((i) => [i.id, i]));
  const notices: Notice[] = [
    ...fresh.map((o) =>
      noticeFor(issues.get(o.issue) as Issue, 'overdue', {
        at,
        by: 'aftersales check',
        note: `${o.kind}${o.action ? ` ${o.action}` : ''} due ${o.due}`,
        notify: [o.owner].filter((x): x is string => Boolean(x)),
      }),
    ),
    ...levels.map(({ f, i, used }) => {
      const level = config.escalation[i] as Level;
      return noticeFor(issues.get(f.id) as Issue, 'escalated', {
        at,
        by: 'aftersales check',
        note: `${Math.round(used * 100)}% of the resolution time used (level ${level.at})`,
        notify: escalationTargets(level, f, config),
      });
    }),
  ];
  const outcome = await deliver(config, notices, outbox, ctx.now, trusted);
  for (const f of outcome.failures) say(ctx.io, t('notifyFailed', { failure: f }));
  for (const o of fresh) state[`${o.issue}/${o.kind}/${o.action ?? ''}`] = today;
  for (const { f, i } of levels) state[`${f.id}/escalated/${i}`] = today;
  mkdirSync(paths.runtimeDir, { recursive: true });
  writeFileAtomic(stateFile, JSON.stringify(state, null, 1));
}
