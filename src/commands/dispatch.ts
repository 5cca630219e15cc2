// `aftersales dispatch`: apply the rules (to IDs, or --all issues in `new`), explain the
// decision rule by rule, or assign by hand with a reason the audit trail keeps.
import { allIssues, changeIssues, openContext, out, say, type Context, type Globals, type Io } from '../context.js';
import { assign, decide, type Decision } from '../domain/dispatch.js';
import { isOpen } from '../domain/vocabulary.js';
import type { Issue } from '../domain/issue.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';

export interface DispatchOptions {
  all?: boolean;
  explain?: boolean;
  dryRun?: boolean;
  to?: string;
  reason?: string;
  commit?: boolean;
  json?: boolean;
}

const show = (v: unknown) => (v === undefined ? t('dispatch.nothing') : JSON.stringify(v));

export function explainDecision(issue: Issue, d: Decision, ruleCount: number): string[] {
  const lines = [`${issue.id}  ${issue.title}`];
  for (const o of d.outcomes) {
    const head = `${o.index + 1}. ${o.name}`;
    if (o.away) lines.push(`  ✗ ${head}: ${t('dispatch.away', { person: o.away })}`);
    else if (o.mismatch) {
      lines.push(
        `  ✗ ${head}: ${
          o.mismatch.key.startsWith('$')
            ? t('dispatch.operatorFailed', { key: o.mismatch.key, wanted: show(o.mismatch.wanted) })
            : t('dispatch.mismatch', {
                key: fieldLabel(o.mismatch.key),
                found: show(o.mismatch.found),
                wanted: show(o.mismatch.wanted),
              })
        }`,
      );
    } else lines.push(`  ✓ ${head} → ${target(d)}${d.strategy ? ` — ${t(d.strategy.key, d.strategy.params)}` : ''}`);
  }
  if (d.rule && d.outcomes.length < ruleCount) lines.push(`  ${t('dispatch.firstMatchWins')}`);
  if (!d.rule) lines.push(`  ${t('dispatch.noRule')}`);
  return lines;
}

/** A field a rule names, by its label where it is one of the issue's plain fields. */
const FIELDS = ['status', 'severity', 'type', 'customer', 'product', 'source'] as const;
const fieldLabel = (key: string) =>
  (FIELDS as readonly string[]).includes(key) ? t(`label.${key as (typeof FIELDS)[number]}`) : key;

function target(d: Pick<Decision, 'team' | 'person' | 'cc'>): string {
  const who = d.person ? `${d.person}${d.team ? ` (${d.team})` : ''}` : `${d.team ?? '?'} (${t('dispatch.teamOnly')})`;
  return who + (d.cc.length ? `${t('punct.list')}${t('label.cc')} ${d.cc.join(t('punct.list'))}` : '');
}

/** Rule dispatch for a freshly registered issue (called by `new`). */
/** `others` is read only when a team strategy needs the store's other issues. */
export async function dispatchNew(
  ctx: Context,
  issue: Issue,
  at: string,
  actor: string,
  others: () => Promise<readonly Issue[]>,
): Promise<{ issue: Issue; decision: Decision }> {
  const NEEDED = Symbol('needs the other issues');
  let loaded: readonly Issue[] | null = null;
  const all = () => {
    if (!loaded) throw NEEDED;
    return loaded;
  };
  let decision: Decision;
  try {
    decision = decide(issue, ctx.store.config, all);
  } catch (err) {
    if (err !== NEEDED) throw err;
    loaded = await others();
    decision = decide(issue, ctx.store.config, all);
  }
  if (!decision.rule) return { issue, decision };
  const assigned = assign(issue, { ...decision, reason: null }, ctx.store.config, at, actor);
  return { issue: assigned, decision };
}

export function describeAssignment(issue: Issue, d: Decision): string {
  return d.rule
    ? t('dispatch.assigned', { id: issue.id, target: target(d), rule: d.rule })
    : t('dispatch.unmatched', { id: issue.id });
}

export async function run(inputs: string[], opts: DispatchOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const { store } = ctx;
  if (opts.to !== undefined) return manual(ctx, inputs, opts);
  if (opts.reason !== undefined) throw new AftersalesError('reasonWithoutTo');
  if (opts.all && inputs.length) throw new AftersalesError('idsAndAll');
  const scan = await allIssues(ctx);
  const ids = opts.all
    ? scan.issues.filter((i) => (opts.explain && opts.dryRun ? isOpen(i) : i.status === 'new')).map((i) => i.id)
    : inputs.map((i) => store.resolve(i));
  if (!opts.all && ids.length === 0) throw new AftersalesError('dispatchWhat');

  // Issues assigned earlier in this batch count for the strategies of later ones.
  const current = new Map(scan.issues.map((i) => [i.id, i]));
  const decisions: { issue: Issue; decision: Decision }[] = [];
  const apply = (issue: Issue, at: string, actor: string): Issue | null => {
    const decision = decide(issue, store.config, () => [...current.values()]);
    decisions.push({ issue, decision });
    if (!decision.rule || opts.dryRun) return null;
    const after = assign(issue, { ...decision, reason: null }, store.config, at, actor);
    current.set(after.id, after);
    return after;
  };
  if (opts.dryRun) {
    for (const id of ids) apply(store.read(id).issue, '', '');
  } else {
    await changeIssues(ctx, ids, 'dispatch', apply, { commit: opts.commit !== false });
  }

  if (opts.json) {
    out(
      io,
      JSON.stringify(
        decisions.map(({ issue, decision }) => ({ id: issue.id, ...decision })),
        null,
        2,
      ),
    );
  } else {
    for (const { issue, decision } of decisions) {
      if (opts.explain) out(io, explainDecision(issue, decision, store.config.dispatch.length).join('\n'));
      else if (decision.rule) out(io, describeAssignment(issue, decision));
      if (!decision.rule && !opts.explain) say(io, t('dispatch.unmatched', { id: issue.id }));
    }
    if (opts.all && ids.length === 0) say(io, t('noIssues'));
  }
  return 0;
}

async function manual(ctx: Context, inputs: string[], opts: DispatchOptions): Promise<number> {
  const { config } = ctx.store;
  if (inputs.length !== 1 || opts.all) throw new AftersalesError('toNeedsOneId');
  if (!opts.reason?.trim()) throw new AftersalesError('reasonRequired');
  const to = opts.to ?? '';
  const person = config.people.find((p) => p.id === to);
  const team = config.teams.find((tm) => tm.id === to);
  if (!person && !team) {
    throw new AftersalesError('unknownPerson', {
      person: to,
      known: [...config.people.map((p) => p.id), ...config.teams.map((tm) => tm.id)].join(', '),
    });
  }
  const id = ctx.store.resolve(inputs[0] as string);
  const target = { team: team?.id ?? null, person: person?.id ?? null, cc: [], rule: null, reason: opts.reason.trim() };
  if (opts.dryRun) {
    out(ctx.io, t('dispatch.wouldAssign', { id, target: to, reason: target.reason }));
    return 0;
  }
  const [issue] = await changeIssues(ctx, [id], 'assign', (i, at, actor) => assign(i, target, config, at, actor), {
    commit: opts.commit !== false,
  });
  if (person?.away) say(ctx.io, t('dispatch.assignedAway', { person: person.id }));
  out(ctx.io, t('dispatch.assignedByHand', { id: issue?.id ?? id, target: to, reason: target.reason }));
  return 0;
}
