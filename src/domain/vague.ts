// The vague-wording lint (seed 1: "避免使用'尽快处理'、'加强管理'等模糊词汇"): an action says
// exactly what is done, its verification names a number or an observable result, and a root
// cause names a process or a design rather than someone's attitude (管理不到位, 责任心不强).
// The word lists are templates/vague-words.yaml, extended by a store's own (useVagueLists).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quickParse } from '../store/quick-yaml.js';
import { packagePath } from '../package-root.js';

export interface VagueLists {
  vague: string[];
  approximate: string[];
  allowed: string[];
  not_causes: string[];
  bare_actions: string[];
  bare_evidence: string[];
}

const KEYS = ['vague', 'approximate', 'allowed', 'not_causes', 'bare_actions', 'bare_evidence'] as const;

function readLists(path: string): Partial<VagueLists> {
  let data: unknown;
  try {
    data = quickParse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
  const lists: Partial<VagueLists> = {};
  for (const key of KEYS) {
    const v = (data as Record<string, unknown> | null)?.[key];
    if (Array.isArray(v)) lists[key] = v.filter((w): w is string => typeof w === 'string' && w.trim() !== '');
  }
  return lists;
}

let active: VagueLists | null = null;

/** The shipped lists, joined by the store's `.aftersales/vague-words.yaml` (root given). */
export function useVagueLists(root?: string): VagueLists {
  const shipped = readLists(packagePath('templates', 'vague-words.yaml'));
  const own = root ? readLists(join(root, '.aftersales', 'vague-words.yaml')) : {};
  active = Object.fromEntries(
    KEYS.map((k) => [k, [...(shipped[k] ?? []), ...(own[k] ?? [])]]),
  ) as unknown as VagueLists;
  return active;
}

const lists = () => active ?? useVagueLists();

// A verification is observable when it has a number or comparison, or a result you can see.
const OBSERVABLE =
  /[0-9０-９<>≤≥=%‰]|通过|合格|为零|无异常|无报错|无泄漏|无异响|不再出现|零|pass|fail|zero|none|no (?:error|leak|noise|crash)|succeed/i;

export interface VagueFinding {
  field: 'what' | 'verify' | 'root_cause';
  words: string[];
}

const latin = (w: string) => /^[\x20-\x7e]+$/.test(w);
const escapeRe = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// a word's edges: \b only where the word starts or ends with a letter or digit (c++, e.g.)
const wordRe = (w: string) =>
  new RegExp(
    `${/^\w/.test(w) ? '\\b' : '(?:^|(?<=\\s))'}${escapeRe(w).replace(/ /g, '\\s+')}${/\w$/.test(w) ? '\\b' : '(?=\\s|$)'}`,
    'i',
  );
const UNITS = '[a-zA-Z%°℃]+|天|小时|分钟|秒|个|台|件|次|周|月|年|米|毫米|公斤|千克|吨|度|元|万|批|人';

/** The text with the allowed compounds taken out, so the words inside them do not count. */
function withoutAllowed(text: string): string {
  let out = text;
  for (const a of lists().allowed)
    out = latin(a) ? out.replace(new RegExp(wordRe(a), 'gi'), ' ') : out.replaceAll(a, ' ');
  return out;
}

export function vagueWords(text: string): string[] {
  const t = withoutAllowed(text);
  const found = lists().vague.filter((w) => (latin(w) ? wordRe(w).test(t) : t.includes(w)));
  // "10 天左右", "约 5 天", "about 5 days": an approximation where a number should be exact
  for (const w of lists().approximate) {
    const e = escapeRe(w);
    // a quantity, its unit, the word: "10 天左右", "45 dB 左右", "约 5 天" (not "3号车左右后视镜")
    const near = latin(w)
      ? new RegExp(`(?:^|\\s)${e}\\s+[0-9０-９]`, 'i')
      : new RegExp(`[0-9０-９][0-9０-９.\\s]*(?:${UNITS})?\\s*${e}|${e}\\s*[0-9０-９]`, 'i');
    if (near.test(t)) found.push(w);
  }
  return [...new Set(found)];
}

/** The text with the fillers of a bare action ("对员工进行…") and punctuation taken out. */
const bare = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .replace(/^(对|给)?(全体)?(员工|操作工|操作人员|相关人员|人员|staff|operators|the team)?(进行|开展|组织)?/u, '');

/** An action that is only a generic verb (培训, 跟进, follow up) names nothing that changes. */
export function isBareAction(text: string): boolean {
  const b = bare(text);
  return lists().bare_actions.some((w) => b === bare(w) || b === w.toLowerCase().replace(/\s+/g, ''));
}

/** Blame standing in for a cause (管理不到位, 责任心不强, human error), where the cause is only that. */
export function notCauses(text: string): string[] {
  const t = text.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
  const found = lists().not_causes.filter((w) => t.includes(w.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')));
  // blame mentioned beside a real cause (员工未按作业指导书第3.2节加注，因该节未规定用量) is not flagged
  const rest = found.reduce((s, w) => s.replaceAll(w.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, ''), ''), t);
  return rest.replace(/[的了和与及且而]/g, '').length <= 4 ? found : [];
}

/** Evidence that only claims a result (已完成, SOP updated, 加强培训) shows nothing: no number,
 * no document, no observation. */
export function isBareEvidence(text: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
  const t = norm(text);
  return t.length > 0 && lists().bare_evidence.some((w) => norm(w) === t);
}

export function isObservable(verify: string): boolean {
  return OBSERVABLE.test(verify);
}

export function lintAction(a: { what: string; verify: string }): VagueFinding[] {
  const findings: VagueFinding[] = [];
  const what = vagueWords(a.what);
  if (what.length || isBareAction(a.what))
    findings.push({ field: 'what', words: what.length ? what : [a.what.trim()] });
  const verify = vagueWords(a.verify);
  if (verify.length || !isObservable(a.verify)) findings.push({ field: 'verify', words: verify });
  return findings;
}

/** A root cause that is vague or only blame. */
export function lintCause(rootCause: string): VagueFinding | null {
  const words = [...vagueWords(rootCause), ...notCauses(rootCause)];
  return words.length ? { field: 'root_cause', words } : null;
}
