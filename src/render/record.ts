// The acceptance record as Markdown: what a quality engineer attaches to the customer's
// 8D request. `customer` leaves out what is internal (approval, history, SLA, the
// internal-process checklist items).
import type { Checklist } from '../domain/checklist.js';
import { localized } from '../domain/checklist.js';
import type { Config } from '../domain/config.js';
import type { AcceptanceRound, Issue } from '../domain/issue.js';
import { shortInZone } from '../domain/time.js';
import { locale, t } from '../i18n/index.js';
import { eventName, noteText, statusMove } from './history.js';
import { label } from './labels.js';

const cell = (s: string | number | null | undefined) =>
  s === null || s === undefined || s === '' ? '—' : String(s).replace(/\|/g, '\\|').replace(/\n/g, '<br>');

export function renderRecord(
  issue: Issue,
  config: Config,
  checklists: Map<string, Checklist>,
  opts: { customer: boolean },
): string {
  const tz = config.timezone;
  const lang = locale();
  const when = (iso: string | null) => (iso ? shortInZone(new Date(iso), tz) : '—');
  const person = (id: string | null) => {
    const p = config.people.find((x) => x.id === id);
    return p?.name ? `${p.name} (${p.id})` : (id ?? '—');
  };
  const row = (k: string, v: string) => `| ${k} | ${cell(v)} |`;
  const lines: string[] = [`# ${t('record.title')}: ${issue.id} ${issue.title}`, '', `| | |`, '|---|---|'];
  lines.push(
    row(t('label.customer'), [issue.customer.name, issue.customer.contact].filter(Boolean).join(' · ')),
    row(
      t('label.product'),
      [issue.product.name, issue.product.line, issue.product.component].filter(Boolean).join(' / '),
    ),
    row(t('label.type'), issue.type),
    row(t('label.severity'), t(`severity.${issue.severity}`)),
    row(t('label.occurred'), when(issue.occurred_at)),
    row(t('label.reported'), when(issue.reported_at)),
    row(t('label.expected'), when(issue.expected_by)),
    row(t('label.status'), t(`status.${issue.status}`)),
  );
  if (!opts.customer) {
    lines.push(
      row(
        t('label.assignee'),
        person(issue.assignee.person) + (issue.assignee.team ? ` · ${issue.assignee.team}` : ''),
      ),
      row(t('label.resolution'), when(issue.due.resolution)),
    );
  }
  lines.push('', `## ${t('record.problem')}`, '', cell(issue.description ?? issue.title));
  if (issue.rca) {
    const r = issue.rca;
    lines.push('', `## ${t('label.rca')}`, '', `- **${t('label.directCause')}**: ${r.direct_cause}`);
    for (const x of r.indirect_causes) lines.push(`- **${t('label.indirectCauses')}**: ${x}`);
    lines.push(`- **${t('label.rootCause')}**: ${r.root_cause}`);
    // how it escaped our checks is for us, not for the customer's record
    if (r.escape_point && !opts.customer) lines.push(`- **${t('label.escapePoint')}**: ${r.escape_point}`);
    lines.push(`- **${t('label.method')}**${t('punct.colon')}${t(`method.${r.method}`)}`);
  }
  if (issue.actions.length) {
    lines.push(
      '',
      `## ${t('label.actions')}`,
      '',
      `| ID | ${t('record.kind')} | ${t('record.what')} | ${t('label.owner')} | ${t('label.due')} | ${t('label.verify')} | ${t('label.done')} | ${t('record.evidence')} |`,
      '|---|---|---|---|---|---|---|---|',
    );
    for (const a of issue.actions) {
      const done = a.withdrawn_at ? `${t('label.withdrawn')} ${when(a.withdrawn_at)}` : when(a.done_at);
      const measured = a.measured ? `${t('record.measured')}${t('punct.colon')}${a.measured}` : null;
      const evidence = [measured, a.evidence, a.withdrawn_evidence].filter(Boolean).join('; ');
      const kind =
        a.kind +
        (a.remove_by ? ` (${t('label.removeBy')} ${when(a.remove_by)})` : '') +
        (a.target ? ` → ${a.target.kind}: ${a.target.ref}` : '');
      lines.push(
        `| ${cell(a.id)} | ${cell(kind)} | ${cell(a.what)} | ${cell(person(a.who))} | ${cell(when(a.when))} | ${cell(a.verify)} | ${cell(done)} | ${cell(evidence)} |`,
      );
    }
  }
  const confirmations = issue.history.filter((e) => e.action === 'confirm');
  if (confirmations.length) {
    // the customer's own word: who, how, when, what they said
    lines.push('', `## ${t('record.confirmations')}`, '');
    for (const e of confirmations) {
      const what = e.plan === true ? t('record.onPlan') : `${t('label.satisfaction')} ${String(e.satisfaction)}/5`;
      const channel = typeof e.channel === 'string' ? label('channel', e.channel) : '—';
      const contact = typeof e.contact === 'string' ? ` · ${e.contact}` : '';
      lines.push(`- ${when(e.at)} · ${channel}${contact} · ${what} · “${cell(e.note)}”`);
    }
  }
  if (issue.acceptance.rounds.length) {
    lines.push('', `## ${t('label.acceptance')}`);
    for (const r of issue.acceptance.rounds) {
      const checklist = checklists.get(r.template);
      const score = r.score === null ? '—' : r.score.toFixed(2);
      lines.push(
        '',
        `### ${t('label.round')} ${r.round} — ${when(r.at)} · ${person(r.by)} · ${t(`accept.${r.result}`)} · ${t('label.score')} ${score}`,
        '',
      );
      lines.push(
        `| ${t('record.dimension')} | ${t('record.item')} | ${t('accept.criterion')} | ${t('record.result')} | ${t('record.evidence')} |`,
        '|---|---|---|---|---|',
      );
      for (const item of checklist?.items ??
        Object.keys(r.answers).map((id) => ({ id, dimension: 'problem' as const, text: id, criterion: '—' }))) {
        if (opts.customer && item.dimension === 'process') continue;
        const a = r.answers[item.id];
        const decided = 'check' in item && Boolean(item.check);
        const evidence = [a?.evidence, ...(a?.attachments ?? []).map((f) => f.path)].filter(Boolean).join('; ');
        lines.push(
          `| ${cell(t(`dimension.${item.dimension}`))} | ${cell(localized(item.text, lang))} | ${cell(localized(item.criterion, lang))} | ${cell(shownResult(r, item.id, decided))} | ${cell(evidence || (decided ? t('record.decided') : null))} |`,
        );
      }
      if (r.customer) {
        const c = r.customer;
        lines.push(
          '',
          `**${t('accept.customerSection')}**: ${c.satisfaction ? `${c.satisfaction}/5 ${t(`satisfaction.${c.satisfaction as 1 | 2 | 3 | 4 | 5}`)}` : '—'}${c.channel ? ` · ${c.channel}` : ''}${c.said ? ` · “${c.said}”` : ''}`,
        );
      }
      if (r.compensation) {
        const m = r.compensation;
        lines.push(
          '',
          `**${t('accept.compensation')}**: ${m.kind}${m.amount !== null ? ` ${m.amount}${m.currency ? ` ${m.currency}` : ''}` : ''}${m.note ? ` · ${m.note}` : ''}`,
        );
      }
    }
  }
  if (!opts.customer) {
    if (issue.approval?.required) {
      const ap = issue.approval;
      lines.push(
        '',
        `## ${t('label.approval')}`,
        '',
        `${ap.role ?? ''} · ${ap.decision ?? t('status.awaiting-approval')} · ${person(ap.decided_by)} ${when(ap.decided_at)}${ap.comment ? ` · ${ap.comment}` : ''}`,
      );
    }
    lines.push(
      '',
      `## ${t('label.history')}`,
      '',
      `| ${t('record.at')} | ${t('record.by')} | ${t('record.action')} | ${t('label.status')} | ${t('record.note')} |`,
      '|---|---|---|---|---|',
    );
    for (const h of issue.history) {
      lines.push(
        `| ${cell(when(h.at))} | ${cell(person(h.by))} | ${cell(eventName(h.action))} | ${cell(statusMove(h))} | ${cell([h.rule, noteText(h)].filter(Boolean).join(' · '))} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** An item's result as the round decided it: a computed item and one that lacked required
 * evidence are what `failed_items` says, whatever was answered. */
function shownResult(round: AcceptanceRound, id: string, decided: boolean): string {
  const a = round.answers[id];
  if (round.failed_items.includes(id)) return a || decided ? t('accept.fail') : t('record.missing');
  if (decided) return t('accept.pass');
  return a ? t(`accept.${a.result}`) : t('record.missing');
}
