// `aftersales effect ID [ACTION]` / `aftersales effect --all-due`: record whether corrective
// actions worked, from the issues reported since each was done (domain/effectiveness.ts).
import { allIssues, changeIssues, openContext, out, say, type Globals, type Io } from '../context.js';
import { matchingIssues, recordEffect } from '../domain/effectiveness.js';
import type { Facts } from '../domain/facts.js';
import { shortInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface EffectOptions {
  allDue?: boolean;
  commit?: boolean;
}

export async function run(
  input: string | undefined,
  actionId: string | undefined,
  opts: EffectOptions,
  globals: Globals,
  io: Io,
): Promise<number> {
  const ctx = await openContext(globals, io);
  const { config } = ctx.store;
  const facts = (await allIssues(ctx, 'facts')).issues as Facts[];
  const now = ctx.now.getTime();
  const pending = (f: Facts) => f.effects.filter((e) => e[8] === null);
  let chosen: { id: string; action: string; matching: string[] }[];
  if (opts.allDue) {
    chosen = facts.flatMap((f) =>
      pending(f)
        .filter((e) => e[3] <= now)
        .map((e) => ({ id: f.id, action: e[0], matching: matchingIssues(f.id, e, facts) })),
    );
    if (!chosen.length) {
      say(io, t('effectNothingDue'));
      return 0;
    }
  } else {
    if (!input) throw new AftersalesError('effectWhich');
    const id = ctx.store.resolve(input);
    const f = facts.find((x) => x.id === id);
    const open = f ? pending(f) : [];
    const e = actionId
      ? open.find((x) => x[0].toLowerCase() === actionId.toLowerCase())
      : open.length === 1
        ? open[0]
        : undefined;
    if (!f || !e) throw new AftersalesError('effectNone', { id, action: actionId ?? '' });
    if (e[3] > now)
      throw new AftersalesError('effectNotDue', {
        id,
        action: e[0],
        due: shortInZone(new Date(e[3]), config.timezone),
      });
    chosen = [{ id, action: e[0], matching: matchingIssues(id, e, facts) }];
  }
  const byIssue = new Map<string, typeof chosen>();
  for (const c of chosen) byIssue.set(c.id, [...(byIssue.get(c.id) ?? []), c]);
  const after = await changeIssues(
    ctx,
    [...byIssue.keys()],
    'effect',
    (issue, at, actor) =>
      (byIssue.get(issue.id) ?? []).reduce((i, c) => recordEffect(i, c.action, c.matching, at, actor), issue),
    { commit: opts.commit !== false },
  );
  for (const issue of after)
    for (const c of byIssue.get(issue.id) ?? []) {
      const result = issue.actions.find((a) => a.id === c.action)?.effectiveness?.result ?? 'effective';
      out(
        io,
        t('effectRecorded', {
          id: issue.id,
          action: c.action,
          result: t(`effect.${result}`),
          count: c.matching.length,
        }),
      );
    }
  return 0;
}
