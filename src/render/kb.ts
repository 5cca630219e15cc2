// Knowledge-base output: search hits for the terminal, and Markdown pages for a wiki.
import type { Painter } from './color.js';
import type { Hit } from '../domain/knowledge.js';
import type { Issue } from '../domain/issue.js';
import { t } from '../i18n/index.js';

export function renderHits(hits: Hit[], c: Painter): string {
  return hits
    .map((h, n) => {
      const lines = [`${n + 1}. ${c.bold(h.id)}  ${h.title}  ${c.dim(`(${h.score.toFixed(1)})`)}`];
      if (h.root_cause) lines.push(`   ${t('label.rootCause')}: ${h.root_cause}`);
      if (h.fix) lines.push(`   ${t('kb.fix')}: ${h.fix}`);
      // the snippet says where the words were found: said already when all are in the lines above
      const shown = [h.title, h.root_cause, h.fix].join(' ').toLowerCase();
      if (!h.matched.every((m) => shown.includes(m.toLowerCase())))
        lines.push(`   ${h.snippet.replace(/【([^】]*)】/g, (_m, w: string) => c.bold.yellow(`【${w}】`))}`);
      if (h.proven === 'effective') lines.push(`   ${c.green(t('kb.provenEffective'))}`);
      if (h.proven === 'ineffective') lines.push(`   ${c.red(t('kb.provenIneffective'))}`);
      if (h.reopened) lines.push(`   ${c.red(t('kb.reopened'))}`);
      if (h.recurred.length) lines.push(`   ${c.red(t('kb.recurred', { ids: someIds(h.recurred) }))}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

/** The first few IDs of a list that runs to hundreds in a large store (--json has them all). */
function someIds(ids: string[], shown = 5): string {
  if (ids.length <= shown + 1) return ids.join(', ');
  return t('kb.andMore', { ids: ids.slice(0, shown).join(', '), more: ids.length - shown });
}

const cell = (s: string | null | undefined) => (s ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderKbPage(issue: Issue, recurred: string[]): string {
  const k = issue.knowledge;
  const rca = issue.rca;
  const lines = [`# ${issue.id} ${issue.title}`, ''];
  lines.push(
    `- **${t('label.product')}**: ${[issue.product.name, issue.product.line, issue.product.component].filter(Boolean).join(' / ') || '—'}`,
  );
  lines.push(`- **${t('label.type')}**: ${issue.type}`);
  if (recurred.length) lines.push(`- **⚠ ${t('kb.recurred', { ids: recurred.join(', ') })}**`);
  lines.push('', `## ${t('record.problem')}`, '', issue.description ?? issue.title);
  if (rca) {
    lines.push('', `## ${t('label.rca')}`, '', `- **${t('label.directCause')}**: ${rca.direct_cause}`);
    for (const x of rca.indirect_causes) lines.push(`- **${t('label.indirectCauses')}**: ${x}`);
    lines.push(`- **${t('label.rootCause')}**: ${rca.root_cause}`);
    if (rca.escape_point) lines.push(`- **${t('label.escapePoint')}**: ${rca.escape_point}`);
  }
  lines.push(
    '',
    `## ${t('kb.fix')}`,
    '',
    `| ID | ${t('record.kind')} | ${t('record.what')} | ${t('label.verify')} | ${t('record.evidence')} |`,
    '|---|---|---|---|---|',
  );
  for (const a of issue.actions)
    lines.push(`| ${a.id} | ${a.kind} | ${cell(a.what)} | ${cell(a.verify)} | ${cell(a.evidence)} |`);
  if (k?.evidence) lines.push('', `**${t('record.evidence')}**: ${k.evidence}`);
  return `${lines.join('\n')}\n`;
}

export function renderKbIndex(issues: Issue[], recurred: Map<string, string[]>): string {
  const lines = [
    `# ${t('kb.title')}`,
    '',
    `| ID | ${t('label.title')} | ${t('label.product')} | ${t('label.rootCause')} | |`,
    '|---|---|---|---|---|',
  ];
  for (const i of issues) {
    lines.push(
      `| [${i.id}](${i.id}.md) | ${cell(i.title)} | ${cell([i.product.name, i.product.component].filter(Boolean).join(' / '))} | ${cell(i.rca?.root_cause)} | ${recurred.has(i.id) ? '⚠' : ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
