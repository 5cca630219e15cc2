// Prompts, loaded only when a person is at the terminal. They write to stderr so that
// stdout stays data (the new ID, JSON) even in an interactive run.
import { styleText } from 'node:util';
import { input, select } from '@inquirer/prompts';
import { AftersalesError } from './errors.js';
import type { Io } from './context.js';
import { t } from './i18n/index.js';

/** The keys' help under a list, in the reader's language (the prompt library's is English). */
const SELECT_THEME = {
  style: {
    keysHelpTip: (keys: [key: string, action: string][]) =>
      keys
        .map(([key, action]) => {
          const word =
            action === 'navigate' ? t('prompt.keyMove') : action === 'select' ? t('prompt.keyChoose') : action;
          return `${styleText('bold', key)} ${styleText('dim', word)}`;
        })
        .join(styleText('dim', ' • ')),
  },
};

function context(io: Io) {
  return { input: io.stdin, output: io.stderr, clearPromptOnDone: false };
}

/** A prompt's promise, Ctrl-C and Esc-aborts turned into our one "cancelled" error. */
export async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) {
      throw new AftersalesError('promptCancelled');
    }
    throw err;
  }
}

export interface TextQuestion {
  message: string;
  required?: boolean;
  default?: string;
  /** returns an error sentence, or null when the answer is fine */
  check?: (value: string) => string | null;
}

export function askText(io: Io, q: TextQuestion): Promise<string> {
  return guard(
    input(
      {
        message: q.message,
        default: q.default,
        validate: (value: string) => {
          if (q.required && !value.trim()) return t('promptRequired');
          if (value.trim() && q.check) return q.check(value.trim()) ?? true;
          return true;
        },
      },
      context(io),
    ),
  ).then((v) => v.trim());
}

export interface Choice {
  value: string;
  name: string;
}

export function askChoice(io: Io, message: string, choices: Choice[], def?: string): Promise<string> {
  return guard(select({ message, choices, default: def, loop: false, theme: SELECT_THEME }, context(io)));
}
