// Commander's own words in the user's language: the help's titles, its notes after a
// description (choices, default), and the usage errors (unknown option, missing argument, …).
// The English texts in the catalog are commander's, so English output is what commander prints.
import { type Argument, type CommanderError, Help, type HelpConfiguration, type Option } from 'commander';
import { t, type MessageKey } from './i18n/index.js';
import { width } from './render/text.js';

const TITLES: Record<string, MessageKey> = {
  'Usage:': 'commander.usage',
  'Arguments:': 'commander.arguments',
  'Options:': 'commander.options',
  'Global Options:': 'commander.globalOptions',
  'Commands:': 'commander.commands',
};

// Where a line may break: at spaces, as commander does, and between Chinese characters too —
// never before a closing mark nor after an opening one. Text without Chinese breaks as before.
const CJK = '\\u2e80-\\u2fff\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const OPENING = '（【《“‘「';
const CLOSING = '，。、；：？！）】》”’」';
const CHUNK = new RegExp(
  `\\s*(?:[${OPENING}]*(?:[${CJK}]|[^\\s${CJK}${OPENING}${CLOSING}]+)[${CLOSING}]*|[${OPENING}${CLOSING}]+)`,
  'g',
);

function boxWrap(this: Help, text: string, columns: number): string {
  if (columns < this.minWidthToWrap) return text;
  const wrap = (line: string): string => {
    const [first = '', ...chunks] = line.match(CHUNK) ?? [];
    const lines: string[] = [];
    let current = first;
    let used = this.displayWidth(first);
    for (const chunk of chunks) {
      const w = this.displayWidth(chunk);
      if (used + w <= columns) {
        current += chunk;
        used += w;
        continue;
      }
      lines.push(current);
      current = chunk.trimStart();
      used = this.displayWidth(current);
    }
    return [...lines, current].join('\n');
  };
  return text
    .split(/\r\n|\n/)
    .map(wrap)
    .join('\n');
}

const literal = (value: unknown) => JSON.stringify(value);
const list = (items: string[]) => items.join(t('commander.listJoin'));
/** Allowed values two ways, for the catalogs to pick: commander's list, or a|b|c as typed. */
const choices = (values: string[], quoted: boolean) => ({
  choices: list(quoted ? values.map(literal) : values),
  values: values.join('|'),
});

/** A description with commander's notes after it, e.g. "(default: "origin")". */
function withNotes(description: string, notes: string[]): string {
  if (notes.length === 0) return description;
  const joined = notes.join(t('commander.noteJoin'));
  return description
    ? t('commander.withNotes', { description, notes: joined })
    : t('commander.notes', { notes: joined });
}

function optionDescription(option: Option): string {
  const notes: string[] = [];
  if (option.argChoices) notes.push(t('commander.choices', choices(option.argChoices, true)));
  const showDefault =
    option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
  if (option.defaultValue !== undefined && showDefault)
    notes.push(t('commander.default', { value: option.defaultValueDescription || literal(option.defaultValue) }));
  if (option.presetArg !== undefined && option.optional)
    notes.push(t('commander.preset', { value: literal(option.presetArg) }));
  if (option.envVar !== undefined) notes.push(t('commander.env', { name: option.envVar }));
  return withNotes(option.description, notes);
}

function argumentDescription(argument: Argument): string {
  const notes: string[] = [];
  if (argument.argChoices) notes.push(t('commander.choices', choices(argument.argChoices, true)));
  if (argument.defaultValue !== undefined)
    notes.push(t('commander.default', { value: argument.defaultValueDescription || literal(argument.defaultValue) }));
  return withNotes(argument.description, notes);
}

/** For configureHelp(): display widths of Chinese, and commander's words through t(). */
export const helpConfiguration: HelpConfiguration = {
  displayWidth: width,
  boxWrap,
  optionDescription,
  argumentDescription,
  styleTitle: (title) => {
    const key = TITLES[title];
    return key ? t(key) : title;
  },
  formatHelp: (cmd, helper) =>
    // commander writes "Usage: …"; after a full-width colon comes no space
    Help.prototype.formatHelp.call(helper, cmd, helper).replace(/^(\S+：) /, '$1'),
};

interface Rule {
  code: string;
  pattern: RegExp;
  say: (found: string[], nearest: string | undefined) => string;
}

const RULES: Rule[] = [
  {
    code: 'commander.unknownOption',
    pattern: /^unknown option '(.+)'$/,
    say: ([flag], nearest) =>
      nearest ? t('commander.unknownOptionNear', { flag, nearest }) : t('commander.unknownOption', { flag }),
  },
  {
    code: 'commander.unknownCommand',
    pattern: /^unknown command '(.+)'$/,
    say: ([name], nearest) =>
      nearest ? t('commander.unknownCommandNear', { name, nearest }) : t('commander.unknownCommand', { name }),
  },
  {
    code: 'commander.missingArgument',
    pattern: /^missing required argument '(.+)'$/,
    say: ([name]) => t('commander.missingArgument', { name }),
  },
  {
    code: 'commander.optionMissingArgument',
    pattern: /^option '(.+)' argument missing$/,
    say: ([flags]) => t('commander.optionMissingArgument', { flags }),
  },
  {
    code: 'commander.missingMandatoryOptionValue',
    pattern: /^required option '(.+)' not specified$/,
    say: ([flags]) => t('commander.missingMandatoryOption', { flags }),
  },
  {
    code: 'commander.excessArguments',
    pattern: /^too many arguments for '(.+)'\. Expected (\d+) arguments? but got (\d+)\.$/,
    say: ([command, expected, received]) => {
      const key: MessageKey =
        expected === '0'
          ? 'commander.takesNoArguments'
          : expected === '1'
            ? 'commander.takesOneArgument'
            : 'commander.takesArguments';
      return t(key, { command, expected, received });
    },
  },
  {
    code: 'commander.invalidArgument',
    pattern: /^option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s,
    say: ([flags, value, allowed = '']) =>
      t('commander.invalidOptionValue', { flags, value, ...choices(allowed.split(', '), false) }),
  },
  {
    code: 'commander.invalidArgument',
    pattern: /^command-argument value '(.*)' is invalid for argument '(.+)'\. Allowed choices are (.*)\.$/s,
    say: ([value, name, allowed = '']) =>
      t('commander.invalidArgumentValue', { name, value, ...choices(allowed.split(', '), false) }),
  },
];

/** Commander's error in the user's language: the same facts — which option, which command, its
 * suggestion — as one sentence. What no rule knows stays as commander said it. */
export function usageMessage(err: CommanderError): string {
  const said = err.message.replace(/^error: /, '');
  const [, message = said, oneOf, nearest] = /^(.*?)(?:\n\(Did you mean (one of )?(.+)\?\))?$/s.exec(said) ?? [];
  const suggestion = nearest && oneOf ? t('commander.oneOf', { names: list(nearest.split(', ')) }) : nearest;
  for (const rule of RULES) {
    const found = rule.code === err.code ? rule.pattern.exec(message) : null;
    if (found) return rule.say(found.slice(1), suggestion);
  }
  return said;
}
