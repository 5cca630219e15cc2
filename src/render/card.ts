// An issue as a readable card for the terminal.
import type { Painter } from './color.js';
import type { Issue } from '../domain/issue.js';
import type { Config } from '../domain/config.js';
import { factsOf } from '../domain/facts.js';
import { checkIssue } from '../domain/overdue.js';
import { shortInZone } from '../domain/time.js';
import { locale, t, type MessageKey } from '../i18n/index.js';
import { currentWait } from '../domain/waiting.js';
import { fieldLabel } from '../domain/fields.js';
import { padEnd, width } from './text.js';
import { eventParts } from './history.js';
import { personName, teamName, valueLabel } from './labels.js';

const shownValue = (v: unknown) => (v === true ? t('answer.yes') : v === false ? t('answer.no') : String(v));

export function renderCard(issue: Issue, config: Config, now: Date, c: Painter): string {
  const tz = config.timezone;
  const when = (iso: string | null) => (iso ? shortInZone(new Date(iso), tz) : t('label.none'));
  const who = (id: string | null) => personName(config, id);
  const colon = t('punct.colon');
  const lines: string[] = [];
  const late = new Set(
    checkIssue(factsOf(issue), now).overdue.map((o) => (o.action ? `${o.kind}:${o.action}` : o.kind)),
  );
  lines.push(`${c.bold(issue.id)}  ${c.bold(issue.title)}`);
  const wait = currentWait(issue);
  const parked = wait
    ? `  ${c.yellow(t('card.waitingOn', { on: t(`waitOn.${(wait.on ?? 'other') as 'other'}`), since: when(wait.at), reason: wait.reason ?? '' }))}`
    : '';
  const contact = issue.history.find((e) => e.action === 'contact');
  const mode = config.failure_modes.find((m) => m.id === issue.failure_mode);
  const fields: [MessageKey | string, string][] = [
    ['label.status', t(`status.${issue.status}`) + parked],
    ['label.severity', t(`severity.${issue.severity}`)],
    ['label.type', valueLabel(config, 'type', issue.type)],
    ['label.customer', [issue.customer.name, issue.customer.contact].filter(Boolean).join(' · ')],
    [
      'label.product',
      [issue.product.name, issue.product.line, issue.product.component].filter(Boolean).join(' / ') || t('label.none'),
    ],
    ...(issue.failure_mode
      ? [['label.failureMode', mode?.label[locale()] ?? issue.failure_mode] as [MessageKey, string]]
      : []),
    ...config.fields
      .filter((f) => issue.fields?.[f.id] !== undefined)
      .map((f) => [fieldLabel(f, locale()), shownValue(issue.fields?.[f.id])] as [string, string]),
    ['label.source', issue.source ? valueLabel(config, 'source', issue.source) : t('label.none')],
    ['label.occurred', when(issue.occurred_at)],
    ['label.reported', when(issue.reported_at)],
    ['label.expected', when(issue.expected_by)],
    [
      'label.response',
      when(issue.due.response) +
        (late.has('response') ? `  ${c.red(t('label.overdue'))}` : '') +
        (contact ? `  ${c.dim(t('card.responded', { at: when(contact.at) }))}` : ''),
    ],
    ['label.resolution', when(issue.due.resolution) + (late.has('resolution') ? `  ${c.red(t('label.overdue'))}` : '')],
    [
      'label.assignee',
      [
        issue.assignee.person && who(issue.assignee.person),
        issue.assignee.team && teamName(config, issue.assignee.team),
      ]
        .filter(Boolean)
        .join(' · ') || t('label.none'),
    ],
    ['label.cc', issue.cc.map(who).join(t('punct.list')) || t('label.none')],
  ];
  // the config's own fields come labelled already; the built-in ones by their catalog key
  const label = (k: string) => (k.startsWith('label.') ? t(k as MessageKey) : k);
  const labelWidth = Math.max(...fields.map(([k]) => width(label(k))));
  for (const [k, v] of fields) lines.push(`  ${c.dim(padEnd(label(k), labelWidth))}  ${v}`);

  const section = (key: MessageKey, body: string[]) => {
    if (body.length === 0) return;
    lines.push('', c.bold(t(key)));
    for (const l of body) lines.push(`  ${l}`); // a spread of 125,000 lines overflows the stack
  };
  section('label.description', issue.description ? issue.description.split('\n') : []);
  section(
    'label.attachments',
    issue.attachments.map((a) => `${a.path}  sha256:${a.sha256.slice(0, 12)}`),
  );
  if (issue.rca) {
    const r = issue.rca;
    section('label.rca', [
      `${t('label.directCause')}${colon}${r.direct_cause}`,
      ...r.indirect_causes.map((x) => `${t('label.indirectCauses')}${colon}${x}`),
      `${t('label.rootCause')}${colon}${r.root_cause}`,
      ...(r.escape_point ? [`${t('label.escapePoint')}${colon}${r.escape_point}`] : []),
      `${t('label.method')}${colon}${t(`method.${r.method}`)}`,
    ]);
  }
  section(
    'label.actions',
    issue.actions.flatMap((a) => {
      const state = a.withdrawn_at
        ? c.dim(`${t('label.withdrawn')} ${when(a.withdrawn_at)}`)
        : a.done_at
          ? c.green(`${t('label.done')} ${when(a.done_at)}`)
          : late.has(`action:${a.id}`)
            ? c.red(`${t('label.overdue')} ${when(a.when)}`)
            : when(a.when);
      return [
        `${c.bold(a.id)} [${t(`kindShort.${a.kind}`)}] ${a.what}`,
        `   ${who(a.who)} · ${state} · ${t('label.verify')}${colon}${a.verify}` +
          (a.remove_by ? ` · ${t('label.removeBy')} ${when(a.remove_by)}` : ''),
        ...(a.evidence ? [`   ✓ ${a.evidence}`] : []),
      ];
    }),
  );
  if (issue.approval?.required) {
    const ap = issue.approval;
    section('label.approval', [
      `${ap.role ?? ''} · ${ap.decision ? t(`decision.${ap.decision}`) : t('status.awaiting-approval')}${ap.decided_by ? ` · ${who(ap.decided_by)} ${when(ap.decided_at)}` : ''}${ap.comment ? ` · ${ap.comment}` : ''}`,
    ]);
  }
  section(
    'label.acceptance',
    issue.acceptance.rounds.map(
      (r) =>
        `${t('label.round')} ${r.round} · ${when(r.at)} · ${who(r.by)} · ${t(`accept.${r.result}`)} · ${t('label.score')} ${r.score === null ? '—' : r.score.toFixed(2)}` +
        (r.customer?.satisfaction ? ` · ${t('label.satisfaction')} ${r.customer.satisfaction}/5` : ''),
    ),
  );
  section(
    'label.history',
    issue.history.map((h) => `${when(h.at)}  ${who(h.by)}  ${eventParts(h).join('  ')}`),
  );
  return lines.join('\n');
}
