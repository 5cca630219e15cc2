// The one error type commands throw. It carries a message key, not a sentence, so the
// entry point renders it in the user's language; only src/cli.ts turns it into an exit code.
import type { MessageKey } from './i18n/en.js';

export type Params = Record<string, string | number | null | undefined>;

export class AftersalesError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(key);
  }
}

/** A command that ran and found what it looks for (exit 1), e.g. invalid files. */
export class FoundProblems extends AftersalesError {
  constructor(key: MessageKey, params: Params = {}) {
    super(key, params, 1);
  }
}
