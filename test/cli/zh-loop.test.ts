// A whole loop in zh-CN: every word the tool itself writes is Chinese. What the user typed or
// configured (IDs, people, products, rule and template names), flags, commands, file names
// and the accepted acronyms may stay Latin; anything else is printed as an offender.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, NOW, newIssue, plantStore, run, setIdentity } from '../helpers.js';

/** Latin words the tool may print in Chinese: acronyms, and words of the plant config and
 * fixtures the loop uses (what a user configured or typed). */
const ALLOWED = new Set([
  ...[
    'SLA',
    'KPI',
    'RCA',
    'MTTR',
    'CSAT',
    'CI',
    'JSON',
    'CSV',
    'HTML',
    'ID',
    'git',
    'aftersales',
    'P',
    'R',
    'NPS',
    'YAML',
  ],
  // the plant fixture's config and the plan and answers files
  ...['li', 'si', 'wang', 'wu', 'chen', 'qi', 'zhang', 'san', 'zhao', 'liu', 'example', 'com'],
  ...['hardware', 'software', 'service', 'tech', 'director', 'quality', 'engineer', 'mechanical', 'electrical'],
  ...['X100', 'three', 'dimension', 'TR', 'Asia', 'Shanghai', 'UTC', 'dB', 'rpm', 'QP', 'Node', 'qe', 'A'],
  // the issue file's keys and values, as the user typed them
  ...['severity', 'critical', 'high', 'medium', 'low', 'urgent'],
  // command names, which a user types (`现在允许：plan, accept …`)
  ...[
    'dispatch',
    'to',
    'plan',
    'accept',
    'cancel',
    'action',
    'done',
    'withdrawn',
    'comment',
    'approve',
    'reject',
    'contact',
    'confirm',
    'review',
    'compensate',
    'cost',
    'reclassify',
    'wait',
    'resume',
  ],
]);

/** The names of the plant config's dispatch rules: what the user configured, shown as it is. */
const RULES = [...readFileSync(join(FIXTURES, 'config', 'plant.yaml'), 'utf8').matchAll(/^\s+- name: (.+)$/gm)].map(
  (m) => (m[1] ?? '').replace(/^["']|["']$/g, ''),
);

/** The words of `text` that are Latin and not allowed. */
function latinWords(text: string): string[] {
  let cleaned = text.replace(/\u001b\[[0-9;]*m/g, '');
  for (const rule of RULES) cleaned = cleaned.replaceAll(rule, ' ');
  cleaned = cleaned
    .replace(/'[^'\n]*'|"[^"\n]*"/g, ' ') // what the user typed or configured, quoted back
    .replace(/`[^`]*`/g, ' ') // a command to type
    .replace(/[\w./-]+\.(yaml|yml|md|json|csv|html|xlsx)\b/g, ' ') // file names
    .replace(/\b[A-Z][A-Z0-9]{0,9}-[0-9A-Z]{4}-[0-9A-Z]{6}\b/g, ' ') // issue IDs
    .replace(/(^|\s)--?[a-z][\w-]*/g, ' ') // flags
    .replace(/\b[0-9a-f]{7,40}\b/g, ' ') // commit hashes
    .replace(/\b\d{4}-\d{2}-\d{2}(T[\d:+.-]+)?/g, ' ') // dates
    .replace(/(?:\/[\w.-]+)+/g, ' '); // paths
  return [...cleaned.matchAll(/[A-Za-z][A-Za-z]+/g)].map((m) => m[0]).filter((w) => !ALLOWED.has(w));
}

describe('a loop in zh-CN', () => {
  it('prints no Latin word of its own', async () => {
    const dir = await plantStore();
    const env = { AFTERSALES_NOW: NOW, AFTERSALES_LANG: 'zh-CN' };
    const offenders: string[] = [];
    const step = async (args: string[], as?: string) => {
      if (as) setIdentity(dir, as);
      const r = await run(dir, args, { env });
      for (const [stream, text] of [
        ['stdout', r.stdout],
        ['stderr', r.stderr],
      ] as const) {
        const words = latinWords(text);
        if (words.length) offenders.push(`${args.join(' ')} (${stream}): ${[...new Set(words)].join(' ')}`);
      }
      return r;
    };
    const id = await newIssue(dir, { title: '主轴异响', product: 'X100' }, { env });
    await step(['dispatch', id, '--explain', '--dry-run']);
    await step(['list']);
    await step(['show', id]);
    await step(['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')]);
    await step(['show', id]);
    await step(['approve', id], 'wang.wu');
    await step(['inbox', '--as', 'li.si']);
    for (const action of ['T1', 'P1', 'C1'])
      await step(['action', id, action, '--done', '--evidence', '现场确认'], 'li.si');
    await step(['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round1-fail.yaml')], 'chen.qi');
    await step(['accept', id, '--answers', join(FIXTURES, 'answers', 'x100-round2-pass.yaml')], 'chen.qi');
    await step(['show', id]);
    await step(['log', id]);
    await step(['check']);
    await step(['report']);
    await step(['doctor']);
    await step(['show', 'nothing-like-an-id']);
    // a hand edit gone wrong: the problem is said in Chinese (the file's keys and values as typed)
    const file = join(dir, 'issues', `${id}.yaml`);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^severity: .*$/m, 'severity: urgent'));
    await step(['validate']);
    await step(['show', id]);
    writeFileSync(file, `${text}severity: high\n`);
    await step(['validate']);
    await step(['list']);
    expect(offenders).toEqual([]);
  });
});
