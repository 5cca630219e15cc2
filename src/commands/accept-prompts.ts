// The interactive acceptance checklist: the issue and its actions first, then each item
// with its criterion and method, then the customer's confirmation and any compensation;
// the score and verdict are shown before anything is saved.
import type { Io } from '../context.js';
import { say } from '../context.js';
import { itemText, localized, scoreRound, type AnswersFile, type Checklist } from '../domain/checklist.js';
import { computedChecks, previewChecks } from '../domain/acceptance.js';
import { CHANNELS } from '../domain/customer.js';
import type { Config } from '../domain/config.js';
import type { Issue } from '../domain/issue.js';
import { AftersalesError } from '../errors.js';
import { locale, t } from '../i18n/index.js';
import { askChoice, askText, guard } from '../prompts.js';
import type { Result } from './checklist-screen.js';

export async function askAnswers(
  issue: Issue,
  checklist: Checklist,
  config: Config,
  io: Io,
  now: Date,
): Promise<AnswersFile> {
  const computed = computedChecks(issue, checklist, config, now.toISOString());
  const lang = locale();
  const colon = t('punct.colon');
  say(io, `${issue.id}  ${issue.title}`);
  if (issue.rca) say(io, `  ${t('label.rootCause')}${colon}${issue.rca.root_cause}`);
  for (const a of issue.actions) {
    say(
      io,
      `  ${a.id} [${t(`kindShort.${a.kind}`)}] ${a.what} — ${a.done_at ? t('label.done') : t('accept.notDone')}${t('punct.semicolon')}${t('label.verify')}${colon}${a.verify}${a.evidence ? ` ✓ ${a.evidence}` : ''}`,
    );
  }
  const answers: AnswersFile = { items: {} };
  // one screen where the terminal can draw it; item by item on a dumb one
  if (io.env.TERM === 'dumb') await askItems(checklist, computed, answers, io);
  else answers.items = await checklistOnScreen(issue, checklist, computed, config, now, io);
  say(io, `\n${t('accept.customerSection')}`);
  const channel = await askChoice(
    io,
    t('accept.channel'),
    CHANNELS.map((c) => ({
      value: c,
      name: t(`channel.${c}`),
    })),
  );
  const said = await askText(io, { message: t('accept.said') });
  const satisfaction = Number(
    await askChoice(
      io,
      t('label.satisfaction'),
      ([5, 4, 3, 2, 1] as const).map((s) => ({ value: String(s), name: `${s} ${t(`satisfaction.${s}`)}` })),
    ),
  );
  answers.customer = { satisfaction, said: said || undefined, channel };
  const kind = await askChoice(
    io,
    t('accept.compensation'),
    (['none', 'apology', 'discount', 'replacement', 'refund', 'other'] as const).map((k) => ({
      value: k,
      name: t(`compensation.${k}`),
    })),
  );
  if (kind !== 'none') {
    const amount = await askText(io, {
      message: t('accept.amount'),
      check: (v) => (Number.isFinite(Number(v)) && Number(v) >= 0 ? null : t('accept.amountBad')),
    });
    const note = await askText(io, { message: t('accept.note') });
    answers.compensation = { kind, amount: amount ? Number(amount) : undefined, note: note || undefined };
  }
  const verdict = scoreRound(checklist, answers, previewChecks(issue, checklist, answers, config, now.toISOString()));
  say(
    io,
    `\n${t('accept.verdict', { score: verdict.score === null ? '—' : verdict.score.toFixed(2), pass: checklist.pass_score, result: t(`accept.${verdict.result}`) })}`,
  );
  if (verdict.failed.length) {
    const items = verdict.failed.map((id) => itemText(checklist, id, lang)).join(t('punct.items'));
    say(io, t('accept.failedItems', { items }));
  }
  const save = await askChoice(io, t('accept.save'), [
    { value: 'save', name: t('accept.saveYes') },
    { value: 'discard', name: t('accept.saveNo') },
  ]);
  if (save !== 'save') throw new AftersalesError('promptCancelled');
  return answers;
}

/** Each item in turn, as line prompts (a dumb terminal). */
async function askItems(checklist: Checklist, computed: Computed, answers: AnswersFile, io: Io): Promise<void> {
  const lang = locale();
  const colon = t('punct.colon');
  for (const [n, item] of checklist.items.entries()) {
    say(
      io,
      `\n${n + 1}/${checklist.items.length} [${t(`dimension.${item.dimension}`)}]${item.mandatory ? ` ${t('accept.mandatory')}` : ''} ${localized(item.text, lang)}`,
    );
    say(io, `  ${t('accept.criterion')}${colon}${localized(item.criterion, lang)}`);
    const check = item.check ? computed[item.id] : undefined;
    if (item.check && check) {
      // decided from the issue: shown, not asked
      const word = t(check.ok ? 'accept.pass' : 'accept.fail');
      say(io, `  ${t('accept.computed')}${colon}${word}${check.detail ? ` (${check.detail})` : ''}`);
      continue;
    }
    say(io, `  ${t('accept.method')}${colon}${localized(item.method, lang)}`);
    const result = (await askChoice(io, t('accept.itemResult', { n: n + 1 }), optionsOf(item))) as Result;
    const evidence = await askText(io, { message: t('accept.evidence') });
    answers.items[item.id] = { result, evidence: evidence || null };
  }
}

type Computed = ReturnType<typeof computedChecks>;
type Item = Checklist['items'][number];

const resultsOf = (item: Item): Result[] =>
  item.mandatory || item.na_allowed === false ? ['pass', 'fail'] : ['pass', 'fail', 'na'];
const optionsOf = (item: Item) => resultsOf(item).map((r) => ({ value: r, name: t(`accept.${r}`) }));

/** Every item on one screen (./checklist-screen.ts), with the live score. */
async function checklistOnScreen(
  issue: Issue,
  checklist: Checklist,
  computed: Computed,
  config: Config,
  now: Date,
  io: Io,
): Promise<AnswersFile['items']> {
  const lang = locale();
  const { checklistScreen } = await import('./checklist-screen.js');
  const items = checklist.items.map((item) => {
    const check = item.check ? computed[item.id] : undefined;
    return {
      id: item.id,
      // "（必选）" brings its own space, "(mandatory)" needs one
      title: `[${t(`dimension.${item.dimension}`)}] ${localized(item.text, lang)}${item.mandatory ? `${lang === 'zh-CN' ? '' : ' '}${t('accept.mandatory')}` : ''}`,
      criterion: localized(item.criterion, lang),
      method: localized(item.method, lang),
      options: resultsOf(item),
      ...(check ? { computed: { ok: check.ok, detail: check.detail ?? null } } : {}),
    };
  });
  const toItems = (a: Record<string, { result: Result; evidence: string }>): AnswersFile['items'] =>
    Object.fromEntries(Object.entries(a).map(([id, x]) => [id, { result: x.result, evidence: x.evidence || null }]));
  const words = {
    pass: t('accept.pass'),
    fail: t('accept.fail'),
    na: t('accept.na'),
    open: t('accept.screenOpen'),
    computed: t('accept.computed'),
    criterion: t('accept.criterion'),
    method: t('accept.method'),
    evidence: t('accept.screenEvidence'),
    keys: t('accept.screenKeys'),
    unanswered: t('accept.screenUnanswered'),
    above: t('accept.screenAbove'),
    below: t('accept.screenBelow'),
    score: (a: Record<string, { result: Result; evidence: string }>) => {
      const answers = { items: toItems(a) };
      const v = scoreRound(checklist, answers, previewChecks(issue, checklist, answers, config, now.toISOString()));
      return t('accept.screenScore', {
        score: v.score === null ? '—' : v.score.toFixed(2),
        pass: checklist.pass_score,
        result: t(`accept.${v.result}`),
      });
    },
  };
  const message = t('accept.screenTitle', { n: items.length });
  const size = () => io.stderr as { rows?: number; columns?: number };
  const chosen = await guard(checklistScreen({ message, items, words, size }, { input: io.stdin, output: io.stderr }));
  if (!chosen) throw new AftersalesError('promptCancelled');
  return toItems(chosen);
}
