// `aftersales sla`: the due dates of issues with the policy that produced them, and
// `--recompute` to apply today's config to them: explicitly, with a history event.
import { allIssues, changeIssues, openContext, out, type Globals, type Io } from '../context.js';
import { isOpen } from '../domain/vocabulary.js';
import type { Issue } from '../domain/issue.js';
import { dueWithWaits } from '../domain/waiting.js';
import { shortInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { deepEqual } from '../store/yaml.js';

export interface SlaOptions {
  all?: boolean;
  recompute?: boolean;
  commit?: boolean;
  json?: boolean;
}

export async function run(inputs: string[], opts: SlaOptions, globals: Globals, io: Io): Promise<number> {
  const ctx = await openContext(globals, io);
  const { store } = ctx;
  const tz = store.config.timezone;
  if (opts.all && inputs.length) throw new AftersalesError('idsAndAll');
  const ids = opts.all
    ? (await allIssues(ctx)).issues.filter(isOpen).map((i) => i.id)
    : inputs.map((i) => store.resolve(i));
  if (ids.length === 0 && !opts.all) throw new AftersalesError('slaWhat');
  let issues: Issue[];
  if (opts.recompute) {
    issues = await changeIssues(
      ctx,
      ids,
      'recompute-due',
      (issue, at, actor) => {
        const due = dueWithWaits(issue, issue.severity, store.config);
        if (deepEqual(due, issue.due)) return null;
        const when = (iso: string | null) => (iso ? shortInZone(new Date(iso), tz) : '—');
        const note = `response ${when(issue.due.response)} → ${when(due.response)}; resolution ${when(issue.due.resolution)} → ${when(due.resolution)}`;
        const event = {
          at,
          by: actor,
          action: 'recompute-due',
          from: null,
          to: null,
          note,
          rule: null,
          notify: [],
          assignee: null,
        };
        return { ...issue, due, history: [...issue.history, event] };
      },
      { commit: opts.commit !== false },
    );
  } else {
    issues = ids.map((id) => store.read(id).issue);
  }
  if (opts.json) {
    out(
      io,
      JSON.stringify(
        issues.map((i) => ({ id: i.id, expected_by: i.expected_by, due: i.due })),
        null,
        2,
      ),
    );
    return 0;
  }
  const when = (iso: string | null) => (iso ? shortInZone(new Date(iso), tz) : '—');
  for (const i of issues) {
    const p = i.due.policy;
    out(
      io,
      `${i.id}  ${t('label.response')} ${when(i.due.response)}${t('punct.aside', { text: p?.response ?? '—' })}  ${t('label.resolution')} ${when(i.due.resolution)}${t('punct.aside', { text: p?.resolution ?? '—' })}` +
        `${p?.calendar ? '  [calendar]' : ''}  ${t('label.expected')} ${when(i.expected_by)}`,
    );
  }
  if (opts.recompute && issues.length === 0) out(io, t('slaUnchanged'));
  return 0;
}
