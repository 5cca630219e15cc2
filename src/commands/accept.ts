// `aftersales accept ID`: run the acceptance checklist (interactive, or --answers FILE).
// Pass → accepted; fail → back to in-progress for one more round, exit 1.
import { useVagueLists } from '../domain/vague.js';
import { dirname, resolve } from 'node:path';
import { changeIssues, openContext, out, type Globals, type Io } from '../context.js';
import { acceptIssue, checkReadyForAcceptance, reopenIssue } from '../domain/acceptance.js';
import { AnswersFile, checkAnswers, itemText, type Verdict } from '../domain/checklist.js';
import { personByEmail } from '../domain/people.js';
import type { Issue } from '../domain/issue.js';
import { AftersalesError } from '../errors.js';
import type { Attached } from '../store/attachments.js';
import { identityEmail } from '../git/git.js';
import { locale, t } from '../i18n/index.js';
import { loadChecklist, templateFor } from '../store/checklists.js';
import { readValidated } from '../store/yaml-file.js';

export interface AcceptOptions {
  answers?: string;
  attach?: string[];
  commit?: boolean;
}

/** Each answer's `attach:` files, read and hashed (relative to the answers file): none missing. */
async function answerFiles(answers: AnswersFile, base: string, id: string) {
  const wanted = Object.entries(answers.items).filter(([, a]) => a.attach?.length);
  if (!wanted.length) return new Map<string, Attached[]>();
  const { readAttachments } = await import('../store/attachments.js');
  return new Map(wanted.map(([item, a]) => [item, readAttachments(base, id, a.attach ?? [])]));
}

/** The round just added, each answer naming the files it gave as evidence. */
function withAnswerFiles(issue: Issue, files: Map<string, Attached[]>): Issue {
  if (!files.size) return issue;
  const rounds = [...issue.acceptance.rounds];
  const last = rounds.at(-1) as (typeof rounds)[number];
  const answers = { ...last.answers };
  for (const [item, list] of files) {
    const answer = answers[item];
    if (answer) answers[item] = { ...answer, attachments: list.map((f) => f.record) };
  }
  rounds[rounds.length - 1] = { ...last, answers };
  return { ...issue, acceptance: { ...issue.acceptance, rounds } };
}

export async function run(input: string, opts: AcceptOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const { store } = ctx;
  const id = store.resolve(input);
  useVagueLists(store.root); // rca-complete reads the store's own words
  const { issue } = store.read(id);
  const email = await identityEmail(store.root);
  checkReadyForAcceptance(issue, store.config, personByEmail(store.config, email)?.id ?? email ?? 'unknown');
  const checklist = loadChecklist(store.root, templateFor(store.config, issue.type));
  let answers: AnswersFile;
  const answersPath = opts.answers ? resolve(globals.cwd, opts.answers) : null;
  if (answersPath) {
    answers = readValidated(answersPath, opts.answers as string, AnswersFile, 'answersInvalid').data;
  } else if (io.stdinIsTTY) {
    const { askAnswers } = await import('./accept-prompts.js');
    answers = await askAnswers(issue, checklist, store.config, io, ctx.now);
  } else {
    throw new AftersalesError('missingFlag', { flag: '--answers answers.yaml' });
  }
  checkAnswers(checklist, answers);
  const files = await answerFiles(answers, answersPath ? dirname(answersPath) : globals.cwd, id);
  let verdict: Verdict | null = null;
  const [after] = await changeIssues(
    ctx,
    [id],
    'accept',
    (current, at, actor) => {
      const done = acceptIssue(current, checklist, answers, store.config, at, actor);
      verdict = done.verdict;
      return withAnswerFiles(done.issue, files);
    },
    { commit: opts.commit !== false, attach: opts.attach, keep: [...files.values()].flat() },
  );
  const v = verdict as Verdict | null;
  if (!after || !v) return 2;
  const round = after.acceptance.rounds.length;
  const score = v.score === null ? '—' : v.score.toFixed(2);
  if (v.result === 'pass') {
    out(io, t('acceptPassed', { id, round, score, template: checklist.name }));
    return 0;
  }
  const gate = after.acceptance.rounds.at(-1)?.customer_gate;
  if (gate) {
    const min = store.config.acceptance.min_satisfaction;
    const reason = t(gate === 'said-empty' ? 'gate.said-empty' : 'gate.satisfaction-low', { min });
    if (v.failed.length === 0) {
      out(io, t('acceptFailedGate', { id, round, reason }));
      return 1;
    }
    out(io, t('acceptGateNote', { reason }));
  }
  const items = v.failed.map((item) => itemText(checklist, item, locale())).join(t('punct.items')) || '—';
  out(io, t('acceptFailed', { id, round, score, items, pass: checklist.pass_score }));
  return 1;
}

export async function reopen(
  input: string,
  opts: { reason?: string; commit?: boolean },
  globals: Globals,
  io: Io,
): Promise<number> {
  const ctx = await openContext(globals, io);
  if (!opts.reason?.trim()) throw new AftersalesError('reasonNeeded', { command: 'reopen' });
  const id = ctx.store.resolve(input);
  await changeIssues(
    ctx,
    [id],
    'reopen',
    (issue, at, actor) => reopenIssue(issue, opts.reason?.trim() ?? '', at, actor),
    {
      commit: opts.commit !== false,
    },
  );
  out(io, t('reopened', { id }));
  return 0;
}
