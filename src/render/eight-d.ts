// The 8D report (domain/eight-d.ts) as Markdown and as a print-ready A4 HTML page. Both are
// made from one list of sections, so they say the same; what the issue lacks reads "not
// recorded".
import type { Config } from '../domain/config.js';
import type { Action } from '../domain/issue.js';
import type { EightD } from '../domain/eight-d.js';
import { shortInZone } from '../domain/time.js';
import { locale, t } from '../i18n/index.js';
import { personName, valueLabel } from './labels.js';

type Key = Parameters<typeof t>[0];
type Value = string | null;
type Block = { kv: [string, Value][] } | { head: string[]; rows: Value[][] } | { text: Value };
interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

type Column = 'what' | 'who' | 'when' | 'verify' | 'done' | 'measured' | 'evidence';

/** How the sections word times, people and tables of actions. */
function helpers(config: Config) {
  const when = (iso: string | null | undefined) => (iso ? shortInZone(new Date(iso), config.timezone) : null);
  const who = (id: string | null) => (id ? personName(config, id) : null);
  const actions = (list: Action[], cols: Column[]): Block => {
    const cell: Record<Column, (a: Action) => Value> = {
      what: (a) => a.what,
      who: (a) => who(a.who),
      when: (a) => when(a.when),
      verify: (a) => a.verify,
      done: (a) => when(a.done_at),
      measured: (a) => a.measured ?? null,
      evidence: (a) => a.evidence,
    };
    return list.length
      ? {
          head: ['ID', ...cols.map((c) => t(`8d.col.${c}` as Key))],
          rows: list.map((a) => [a.id, ...cols.map((c) => cell[c](a))]),
        }
      : { text: null };
  };
  return { when, who, actions };
}

const sections = (d: EightD, config: Config): Section[] => {
  const h = helpers(config);
  return [...opening(d, config, h), ...actionSections(d, h), closure(d, h)];
};

type Helpers = ReturnType<typeof helpers>;

/** D0–D2: the emergency response, the team, the problem. */
function opening(d: EightD, config: Config, { when }: Helpers): Section[] {
  return [
    {
      id: 'D0',
      title: t('8d.d0'),
      blocks: [
        {
          kv: [
            [t('label.severity'), t(`severity.${d.d0.severity}`)],
            [t('label.reported'), when(d.d0.reported)],
            [t('8d.firstContact'), when(d.d0.firstContact)],
            [t('8d.responseDue'), when(d.d0.responseDue)],
          ],
        },
      ],
    },
    {
      id: 'D1',
      title: t('8d.d1'),
      blocks: [
        d.d1.length
          ? {
              head: [t('8d.person'), t('8d.did'), t('8d.holds')],
              rows: d.d1.map((m) => [
                m.name ? `${m.name} (${m.id})` : m.id,
                m.roles.map((x) => t(`8d.role.${x}` as Key)).join(t('punct.list')),
                m.held.join(', ') || null,
              ]),
            }
          : { text: null },
      ],
    },
    {
      id: 'D2',
      title: t('8d.d2'),
      blocks: [
        {
          kv: (['what', 'where', 'when', 'who', 'why', 'how', 'howMany'] as const).map((k) => [
            t(`8d.w.${k}` as Key),
            k === 'when' ? when(d.d2.when) : k === 'how' && d.d2.how ? valueLabel(config, 'source', d.d2.how) : d.d2[k],
          ]),
        },
      ],
    },
  ];
}

/** D3–D7: containment, causes, the permanent actions and prevention. */
function actionSections(d: EightD, { when, actions }: Helpers): Section[] {
  const r = d.d4;
  return [
    { id: 'D3', title: t('8d.d3'), blocks: [actions(d.d3, ['what', 'who', 'when', 'done', 'measured', 'evidence'])] },
    {
      id: 'D4',
      title: t('8d.d4'),
      blocks: [
        {
          kv: [
            [t('label.directCause'), r?.direct_cause ?? null],
            [t('label.indirectCauses'), r?.indirect_causes.join('; ') || null],
            [t('label.rootCause'), r?.root_cause ?? null],
            [t('label.escapePoint'), r?.escape_point ?? null],
            [t('label.method'), r ? t(`method.${r.method}` as Key) : null],
          ],
        },
      ],
    },
    { id: 'D5', title: t('8d.d5'), blocks: [actions(d.d5, ['what', 'who', 'when', 'verify'])] },
    {
      id: 'D6',
      title: t('8d.d6'),
      blocks: [
        actions(d.d6.done, ['done', 'measured', 'evidence']),
        d.d6.withdrawn.length
          ? {
              head: ['ID', t('8d.col.what'), t('8d.withdrawnAt'), t('8d.col.evidence')],
              rows: d.d6.withdrawn.map((a) => [a.id, a.what, when(a.withdrawn_at), a.withdrawn_evidence]),
            }
          : { kv: [[t('8d.stopGapWithdrawn'), d.d3.length ? null : t('8d.noStopGap')]] },
      ],
    },
    {
      id: 'D7',
      title: t('8d.d7'),
      blocks: [
        d.d7.actions.length
          ? {
              head: ['ID', t('8d.col.what'), t('8d.target'), t('8d.col.done')],
              rows: d.d7.actions.map((a) => [
                a.id,
                a.what,
                a.target ? `${a.target.kind.toUpperCase()}: ${a.target.ref}` : null,
                when(a.done_at),
              ]),
            }
          : { text: null },
        { kv: [[t('8d.lesson'), d.d7.knowledge?.summary ?? d.d7.knowledge?.fix ?? null]] },
      ],
    },
  ];
}

/** D8: the acceptance, the customer's word, the team thanked. */
function closure(d: EightD, { when, who }: Helpers): Section {
  const round = d.d8.round;
  const c = d.d8.confirmation;
  return {
    id: 'D8',
    title: t('8d.d8'),
    blocks: [
      {
        kv: [
          [t('8d.accepted'), round ? `${when(round.at)} · ${who(round.by)}` : null],
          [t('8d.score'), round?.score === null || !round ? null : `${Math.round(round.score * 100)}%`],
          [t('8d.satisfaction'), c?.satisfaction ? `${c.satisfaction} / 5` : null],
          [t('8d.said'), c?.said ?? null],
          [t('8d.channel'), c ? [c.channel, when(c.at)].filter(Boolean).join(' · ') : null],
          [t('8d.recognition'), d.d1.map((m) => m.name ?? m.id).join(t('punct.list')) || null],
        ],
      },
    ],
  };
}

function heading(d: EightD, config: Config): [string, Value][] {
  const i = d.issue;
  return [
    [t('label.customer'), i.customer.name],
    [t('label.product'), [i.product.name, i.product.line, i.product.component].filter(Boolean).join(' / ') || null],
    [t('label.status'), t(`status.${i.status}` as Key)],
    [t('label.owner'), i.assignee.person ? personName(config, i.assignee.person) : i.assignee.team],
  ];
}

const missing = () => t('8d.missing');
/** Nothing, or the dash an imported action's unknown verification holds. */
const isMissing = (v: Value): v is null => v === null || v === '' || v === '—';
const mdCell = (v: Value) => (isMissing(v) ? `_${missing()}_` : v.replace(/\|/g, '\\|').replace(/\n/g, '<br>'));

export function renderEightDMarkdown(d: EightD, config: Config): string {
  const out = [`# ${t('8d.title')}${t('punct.colon')}${d.issue.id} ${d.issue.title}`, '', '| | |', '|---|---|'];
  for (const [k, v] of heading(d, config)) out.push(`| ${k} | ${mdCell(v)} |`);
  for (const s of sections(d, config)) {
    out.push('', `## ${s.id} ${s.title}`);
    for (const b of s.blocks) {
      out.push('');
      if ('text' in b) out.push(mdCell(b.text));
      else if ('kv' in b) out.push('| | |', '|---|---|', ...b.kv.map(([k, v]) => `| ${k} | ${mdCell(v)} |`));
      else
        out.push(
          `| ${b.head.join(' | ')} |`,
          `|${b.head.map(() => '---').join('|')}|`,
          ...b.rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`),
        );
    }
  }
  return `${out.join('\n')}\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const htmlCell = (v: Value) =>
  isMissing(v) ? `<span class="missing">${esc(missing())}</span>` : esc(v).replace(/\n/g, '<br>');

export function renderEightDHtml(d: EightD, config: Config): string {
  const block = (b: Block) => {
    if ('text' in b) return `<p>${htmlCell(b.text)}</p>`;
    if ('kv' in b)
      return `<table class="kv">${b.kv.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${htmlCell(v)}</td></tr>`).join('')}</table>`;
    return `<table><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
      .map((row) => `<tr>${row.map((v) => `<td>${htmlCell(v)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  };
  const title = `${t('8d.title')}${t('punct.colon')}${d.issue.id}`;
  return `<!doctype html>
<html lang="${locale()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  @page { size: A4; margin: 15mm; }
  body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #222; max-width: 180mm; margin: 1.5rem auto; padding: 0 1rem; font-size: 10.5pt; }
  h1 { font-size: 16pt; margin: 0 0 .2rem; } h1 small { display: block; font-size: 11pt; font-weight: normal; color: #555; }
  h2 { font-size: 12pt; margin: 1.1rem 0 .4rem; padding: .2rem .4rem; background: #eef2f7; border-left: 4px solid #3b6ea8; break-after: avoid; }
  table { border-collapse: collapse; width: 100%; margin: .3rem 0; } th, td { border: 1px solid #c9ced4; padding: .25rem .4rem; text-align: left; vertical-align: top; }
  thead th { background: #f4f6f8; } table.kv th { width: 28%; background: #f9fafb; font-weight: 600; }
  .missing { color: #9a6b00; font-style: italic; }
  section { break-inside: avoid; } tr { break-inside: avoid; }
  @media print { body { margin: 0; max-width: none; padding: 0; } }
</style>
</head>
<body>
<h1>${esc(t('8d.title'))} · ${esc(d.issue.id)}<small>${esc(d.issue.title)}</small></h1>
${block({ kv: heading(d, config) })}
${sections(d, config)
  .map((s) => `<section data-d="${s.id}"><h2>${s.id} ${esc(s.title)}</h2>${s.blocks.map(block).join('')}</section>`)
  .join('\n')}
</body>
</html>
`;
}
