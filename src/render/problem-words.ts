// What a problem says it found and expected, in the reader's language. Problems are kept in
// English (the index caches them, `validate --format json` prints them for scripts); the
// words are put into Chinese where they are shown. What is quoted is the file's own text.
import { locale } from '../i18n/index.js';

/** Whole phrases: the schemas' own words and those of the checks. */
const PHRASES: Record<string, string> = {
  nothing: '无',
  null: '空值',
  'a mapping': '映射',
  'a text': '文本',
  'a number': '数字',
  'a whole number': '整数',
  'true or false': 'true 或 false',
  'a list': '列表',
  'a non-empty text': '非空文本',
  'a person id such as li.si': '人员 ID，如 li.si',
  'a sha256 in 64 lower-case hex digits': '64 位小写十六进制的 sha256',
  'an action id such as T1 or P1': '措施 ID，如 T1 或 P1',
  'an ID such as AS-1F3K-7N4X2P': '问题 ID，如 AS-1F3K-7N4X2P',
  'at least the registration event': '至少一条登记记录',
  'a duration such as 30m, 4h or 2d': '时长，如 30m、4h 或 2d',
  'an e-mail address': '电子邮件地址',
  'at least one member': '至少一名成员',
  'working hours such as "09:00-18:00"': '工作时间，如 "09:00-18:00"',
  'a date such as 2026-10-01': '日期，如 2026-10-01',
  'a date such as 2026-10-11': '日期，如 2026-10-11',
  'exactly one of team or person': 'team 与 person 二者只填其一',
  'upper-case letters and digits, starting with a letter (e.g. AS)': '大写字母和数字，以字母开头（如 AS）',
  'an IANA timezone such as Asia/Shanghai': 'IANA 时区，如 Asia/Shanghai',
  'a text, or { en: …, zh-CN: … }': '文本，或 { en: …, zh-CN: … }',
  'an item id such as fix-verified': '检查项 ID，如 fix-verified',
  'a weight above 0': '大于 0 的权重',
  'at least one item': '至少一个检查项',
  'a whole number from 1 to 5': '1 到 5 的整数',
  'a YAML syntax error': 'YAML 语法错误',
  'too many aliases': '过多的 YAML 别名',
  'no YAML aliases (an alias bomb?)': '不含 YAML 别名（疑似别名炸弹）',
  'a merged file without git conflict markers': '已合并、没有 git 冲突标记的文件',
  'an issue': '一个问题',
  'an action id used once in this issue': '本问题中唯一的措施 ID',
  'a person id from people (the config lists none)': 'people 中的人员 ID（配置中没有人员）',
  'a person id from people': 'people 中的人员 ID',
  'a person id used once': '唯一的人员 ID',
  'a team id used once': '唯一的团队 ID',
  'a lead, because the strategy is lead': '组长（strategy 为 lead 时必填）',
  'a role that someone in people holds': 'people 中有人担任的角色',
  'a valid regular expression': '有效的正则表达式',
  'a date such as 2026-11-25 or 2026-11-25T18:00:00+08:00': '日期，如 2026-11-25 或 2026-11-25T18:00:00+08:00',
  'issue files named <ID>.yaml': '以 <ID>.yaml 命名的问题文件',
  // the YAML parser's own words (what `yaml` says of a syntax error)
  'Map keys must be unique': '键重复：同一层的键必须唯一',
  'All sequence items must start at the same column': '列表项必须从同一列开始',
  'All mapping items must start at the same column': '映射的各项必须从同一列开始',
  'Tabs are not allowed as indentation': '不能用制表符缩进',
  'Implicit keys need to be on a single line': '键必须写在一行内',
  'Implicit map keys need to be followed by map values': '键后面必须有值',
  'Nested mappings are not allowed in compact mappings': '紧凑写法的映射中不能再嵌套映射',
  'A block sequence may not be used as an implicit map key': '块列表不能用作键',
  'Sequence item without - indicator': '列表项缺少 -',
  'Missing closing "quote': '缺少右引号',
  'Comments must be separated from other tokens by white space characters': '注释前必须有空白',
};

/** Phrases with a part that varies: the English pattern and its Chinese wording. */
const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^a list of (\d+)$/, (m) => `含 ${m[1]} 项的列表`],
  [/^one of (.+)$/, (m) => `以下之一：${m[1]}`],
  [/^at least (\S+) item\(s\)$/, (m) => `至少 ${m[1]} 项`],
  [/^at most (\S+) item\(s\)$/, (m) => `至多 ${m[1]} 项`],
  [/^at least (\S+)$/, (m) => `至少 ${m[1]}`],
  [/^at most (\S+)$/, (m) => `至多 ${m[1]}`],
  [/^a person id from people \((.+)\)$/, (m) => `people 中的人员 ID（${m[1]}）`],
  [/^a team id from teams \((.+)\)$/, (m) => `teams 中的团队 ID（${m[1]}）`],
  [/^(".+"), the file's name$/, (m) => `${m[1]}（与文件名一致）`],
  [/^Plain value cannot start with (.+)$/, (m) => `值不能以 ${m[1]} 开头（请加引号）`],
  [/^Invalid escape sequence (.+)$/, (m) => `无效的转义序列 ${m[1]}`],
  [/^Missing , (?:or : )?between (.+) items$/, () => '各项之间缺少逗号'],
  [/^Missing space after : in .+$/, () => '冒号后缺少空格'],
  [/^Unexpected (.+)$/, () => '此处有多余或错位的内容'],
];

/** A problem's word (found, expected, the field `(file)`) in the reader's language. */
export function problemWords(text: string): string {
  if (locale() !== 'zh-CN') return text;
  if (text === '(file)') return '（文件）';
  const phrase = PHRASES[text];
  if (phrase) return phrase;
  for (const [pattern, word] of PATTERNS) {
    const m = pattern.exec(text);
    if (m) return word(m);
  }
  return text;
}
