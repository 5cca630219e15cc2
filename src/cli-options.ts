// What the command registrations share (./cli.ts, ./cli-issues.ts, ./cli-reviews.ts).
import type { Command } from 'commander';
import type { CommandInfo } from './cli.js';
import type { MessageKey } from './i18n/en.js';
import { t } from './i18n/index.js';
import type { Globals, Io } from './io.js';

export type Runner = (globals: Globals, io: Io) => Promise<number>;

/** How a registration adds its commands to the program. */
export interface Registrar {
  program: Command;
  /** an action only records which command to run; the work happens after parsing */
  later: (fn: Runner) => void;
  /** a command about one issue */
  onIssue: (name: string, help: MessageKey) => Command;
  /** every command and its flags (for the completion scripts) */
  tree: () => CommandInfo[];
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--json` is `--format json`, as in list, show and inbox. */
export const asJson = <T extends { json?: boolean; format?: string }>(opts: T): T =>
  opts.json && !opts.format ? { ...opts, format: 'json' } : opts;

/** The filters list and report share (domain/filters.ts). */
export const withFilters = (cmd: Command) =>
  cmd
    .option('--owner <person>', t('help.list.owner'))
    .option('--team <team>', t('help.list.team'))
    .option('--type <type>', t('help.list.type'))
    .option('--severity <level>', t('help.list.severity'))
    .option('--customer <text>', t('help.list.customer'))
    .option('--product <name>', t('help.list.product'))
    .option('--line <name>', t('help.list.line'))
    .option('--component <name>', t('help.list.component'))
    .option('--where <id=value>', t('help.where'), collect);
