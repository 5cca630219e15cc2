// The vague-wording lint (seed 1: "避免使用'尽快处理'、'加强管理'等模糊词汇"): an action
// says exactly what is done, and its verification names a number or an observable result.

const VAGUE_ZH = [
  '尽快',
  '加强',
  '及时',
  '适当',
  '进一步',
  '相关',
  '注意',
  '尽量',
  '争取',
  '酌情',
  '有关',
  '合理',
  '优化一下',
  '大概',
  '左右',
  '若干',
  '一些',
  '完善',
];
const VAGUE_EN = [
  'asap',
  'as soon as possible',
  'improve',
  'better',
  'enhance',
  'as needed',
  'as appropriate',
  'if necessary',
  'some',
  'various',
  'properly',
  'strengthen',
  'look into',
  'try to',
  'etc',
];

// A verification is observable when it has a number or comparison, or a result you can see.
const OBSERVABLE =
  /[0-9０-９<>≤≥=%‰]|通过|合格|为零|无异常|无报错|无泄漏|无异响|不再出现|零|pass|fail|zero|none|no (?:error|leak|noise|crash)|succeed/i;

export interface VagueFinding {
  field: 'what' | 'verify';
  words: string[];
}

export function vagueWords(text: string): string[] {
  const lower = text.toLowerCase();
  const zh = VAGUE_ZH.filter((w) => text.includes(w));
  const en = VAGUE_EN.filter((w) => new RegExp(`\\b${w.replace(/ /g, '\\s+')}\\b`, 'i').test(lower));
  return [...zh, ...en];
}

export function isObservable(verify: string): boolean {
  return OBSERVABLE.test(verify);
}

export function lintAction(a: { what: string; verify: string }): VagueFinding[] {
  const findings: VagueFinding[] = [];
  const what = vagueWords(a.what);
  if (what.length) findings.push({ field: 'what', words: what });
  const verify = vagueWords(a.verify);
  if (verify.length || !isObservable(a.verify)) findings.push({ field: 'verify', words: verify });
  return findings;
}
