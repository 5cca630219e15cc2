// The entry point: builds the commander program, lazy-loads each command, and is the
// ONE place that turns errors into messages and exit codes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { processIo, setRunning, write, type Globals, type Io } from './io.js';
import { packagePath } from './package-root.js';
import { AftersalesError } from './errors.js';
import { chooseLocale, t, type MessageKey } from './i18n/index.js';
import { addExamples } from './help-examples.js';
import { findStoreRoot } from './store/locate.js';
import { width } from './render/text.js';
import { colorLevel, loadColor } from './render/color.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function version(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

type Runner = (globals: Globals, io: Io) => Promise<number>;

export interface CommandInfo {
  path: string[];
  aliases: string[];
  flags: string[];
  /** flags that take a value */
  valueFlags: string[];
  takesId: boolean;
}

function build(io: Io, setRunner: (r: Runner) => void): Command {
  const program = new Command('aftersales');
  program
    .description(t('help.program'))
    .option('-C <dir>', t('help.cwd'))
    .option('--lang <lang>', t('help.lang'))
    .option('--no-index', t('help.noIndex'))
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => write(io, 'stdout', s),
      writeErr: (s) => write(io, 'stderr', s),
      outputError: (s, write) => write(`aftersales: ${s.replace(/^error: /, '')}`),
    })
    .showSuggestionAfterError(true)
    .configureHelp({ displayWidth: width });

  // Each action only records which command to run; the work happens after parsing.
  const later = (fn: Runner) => setRunner(fn);
  /** A command about one issue. */
  const onIssue = (name: string, help: MessageKey) =>
    program.command(name).description(t(help)).argument('<id>', 'issue ID (or tail)');

  program
    .command('init')
    .description(t('help.init'))
    .option('--prefix <prefix>', 'ID prefix, e.g. AS')
    .option('--lang <lang>', 'language written into the config: en | zh-CN')
    .option('--timezone <tz>', "the store's timezone (default: this machine's)")
    .option('--no-commit', t('help.noCommit'))
    .action((opts) =>
      later(async (g, o) => (await import('./commands/init.js')).run({ ...opts, lang: opts.lang ?? g.lang }, g, o)),
    );

  program
    .command('new')
    .description(t('help.new'))
    .option('--title <text>', 'one line: what is wrong')
    .option('--type <type>', 'one of the config types')
    .addOption(new Option('--severity <level>', 'severity').choices(['critical', 'high', 'medium', 'low']))
    .option('--customer <name>', 'customer name')
    .option('--contact <contact>', 'contact person / phone')
    .option('--product <name>', 'product')
    .option('--line <line>', 'product line')
    .option('--component <part>', 'component')
    .option('--description <text>', 'what happened, in detail')
    .option('--source <source>', 'where the problem came from (config sources)')
    .option('--occurred-at <date>', 'when it happened (2026-11-23 14:30 or ISO 8601)')
    .option('--expected-by <date>', "the customer's expected date")
    .option('--attach <file>', 'attach a file (repeatable)', collect)
    .option('--no-dispatch', 'leave the issue in new')
    .option('--no-commit', t('help.noCommit'))
    .option('--json', t('help.json'))
    .option('-q, --quiet', 'print only the ID')
    .action((opts) => later(async (g, o) => (await import('./commands/new.js')).run(opts, g, o)));

  program
    .command('list')
    .alias('ls')
    .description(t('help.list'))
    .option('--status <status>', 'comma list of statuses, or open')
    .option('--owner <person>', 'assigned person')
    .option('--team <team>', 'assigned team')
    .option('--type <type>', 'type')
    .option('--severity <level>', 'severity')
    .option('--customer <text>', 'customer name contains')
    .option('--overdue', 'only issues with an overdue item')
    .option('--json', t('help.json'))
    .action((opts) => later(async (g, o) => (await import('./commands/list.js')).run(opts, g, o)));

  program
    .command('show')
    .description(t('help.show'))
    .argument('<id>', 'issue ID or any unambiguous tail of it')
    .option('--json', t('help.json'))
    .option('--format <format>', 'text | json | markdown (the acceptance record)')
    .option('--customer', "with --format markdown: the customer's copy, without internal fields")
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/show.js')).run(id, opts, g, o)));

  program
    .command('validate')
    .description(t('help.validate'))
    .option('--format <format>', 'text | json | junit | github')
    .action((opts) => later(async (g, o) => (await import('./commands/validate.js')).run(opts, g, o)));

  program
    .command('dispatch')
    .description(t('help.dispatch'))
    .argument('[ids...]', 'issue IDs (or tails)')
    .option('--all', 'every issue in new (with --explain --dry-run: every open issue)')
    .option('--explain', 'for each rule in order: matched, or why not')
    .option('--dry-run', 'change nothing')
    .option('--to <person>', 'assign by hand to a person or team')
    .option('--reason <text>', 'why (required with --to)')
    .option('--no-commit', t('help.noCommit'))
    .option('--json', t('help.json'))
    .action((ids: string[], opts) =>
      later(async (g, o) => (await import('./commands/dispatch.js')).run(ids, opts, g, o)),
    );

  program
    .command('sla')
    .description(t('help.sla'))
    .argument('[ids...]', 'issue IDs (or tails)')
    .option('--all', 'every open issue')
    .option('--recompute', "recompute due dates from today's config (recorded in history)")
    .option('--no-commit', t('help.noCommit'))
    .option('--json', t('help.json'))
    .action((ids: string[], opts) => later(async (g, o) => (await import('./commands/sla.js')).run(ids, opts, g, o)));

  program
    .command('inbox')
    .description(t('help.inbox'))
    .option('--as <person>', "someone else's inbox")
    .option('--json', t('help.json'))
    .action((opts) => later(async (g, o) => (await import('./commands/inbox.js')).run(opts, g, o)));

  onIssue('plan', 'help.plan')
    .option('--file <plan.yaml>', 'the RCA and actions (without it, at a terminal, you are asked)')
    .option('--allow-vague', 'accept vague wording (recorded in the history)')
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/plan.js')).run(id, opts, g, o)));

  onIssue('approve', 'help.approve')
    .option('--comment <text>', 'a comment kept with the decision')
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/approve.js')).run('approved', id, opts, g, o)),
    );

  onIssue('reject', 'help.reject')
    .option('--comment <text>', 'what must change in the plan (required)')
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/approve.js')).run('rejected', id, opts, g, o)),
    );

  onIssue('action', 'help.action')
    .argument('<action>', 'action id, e.g. P1')
    .option('--done', 'the action is done')
    .option('--withdrawn', 'the temporary fix is withdrawn')
    .option('--evidence <text>', 'report number, measurement, link')
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, action: string, opts) =>
      later(async (g, o) => (await import('./commands/action.js')).run(id, action, opts, g, o)),
    );

  onIssue('comment', 'help.comment')
    .argument('<text...>', 'the comment')
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, words: string[], opts) =>
      later(async (g, o) => (await import('./commands/comment.js')).comment(id, words, opts, g, o)),
    );

  onIssue('cancel', 'help.cancel')
    .option('--reason <text>', 'why (required)')
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/comment.js')).cancel(id, opts, g, o)),
    );

  onIssue('log', 'help.log')
    .option('--json', t('help.json'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/log.js')).run(id, opts, g, o)));

  onIssue('accept', 'help.accept')
    .option('--answers <answers.yaml>', 'the answers (without it, at a terminal, the checklist is asked)')
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/accept.js')).run(id, opts, g, o)));

  onIssue('reopen', 'help.reopen')
    .option('--reason <text>', 'why (required)')
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/accept.js')).reopen(id, opts, g, o)));

  program
    .command('check')
    .description(t('help.check'))
    .option('--warn-within <duration>', 'also warn of what falls due within, e.g. 2d')
    .option('--warn-at <shares>', 'also warn when this share of an SLA is used, e.g. 75% or 50%,75%,90%')
    .option('--format <format>', 'text | json | junit | github')
    .option('--team <team>', "only this team's work")
    .option('--owner <person>', "only this person's items")
    .option('--severity <level>', 'only issues of this severity')
    .option('--notify', 'announce overdue items to the webhooks (once a day per item)')
    .action((opts) => later(async (g, o) => (await import('./commands/check.js')).run(opts, g, o)));

  program
    .command('notify')
    .description(t('help.notify'))
    .option('--flush', 'send again what waits in the outbox')
    .action((opts) => later(async (g, o) => (await import('./commands/notify.js')).run(opts, g, o)));

  program
    .command('report')
    .description(t('help.report'))
    .option('--since <date>', 'first day of the period (issues reported / accepted from then)')
    .option('--until <date>', 'last day of the period')
    .option('--by <dimension>', 'Pareto dimension: type, severity, product, line, component, team, owner, customer')
    .option('--format <format>', 'table | json | csv | markdown | html')
    .option('--out <file>', 'write to a file (html when it ends in .html)')
    .option('--at <rev>', 'the store as it was at a git revision')
    .option('--compare <rev>', 'show the change of each figure since a git revision')
    .action((opts) => later(async (g, o) => (await import('./commands/report.js')).run(opts, g, o)));

  program
    .command('merge-file', { hidden: true })
    .description('git merge driver for issue files (registered by init)')
    .argument('<base>')
    .argument('<ours>')
    .argument('<theirs>')
    .argument('[path]')
    .action((o: string, a: string, b: string, p: string | undefined) =>
      later(async (g, io) => (await import('./commands/merge-file.js')).run(o, a, b, p, g, io)),
    );

  program
    .command('sync')
    .description(t('help.sync'))
    .option('--remote <name>', 'the remote', 'origin')
    .option('--no-push', 'pull only')
    .action((opts) => later(async (g, o) => (await import('./commands/sync.js')).run(opts, g, o)));

  program
    .command('audit')
    .description(t('help.audit'))
    .argument('[ids...]', 'issue IDs (default: every issue)')
    .option('--format <format>', 'text | json | junit | github')
    .option('--require-signed', 'the commits that add events must be signed')
    .action((ids: string[], opts) => later(async (g, o) => (await import('./commands/audit.js')).run(ids, opts, g, o)));

  const kb = program.command('kb').description(t('help.kb'));
  kb.command('search')
    .description(t('help.kbSearch'))
    .argument('<query...>', 'words; Chinese is matched by words, in any order')
    .option('--limit <n>', 'how many results', '10')
    .option('--json', t('help.json'))
    .action((words: string[], opts) =>
      later(async (g, o) => (await import('./commands/kb.js')).search(words, opts, g, o)),
    );
  kb.command('export')
    .description(t('help.kbExport'))
    .option('--out <dir>', 'the folder to write to')
    .action((opts) => later(async (g, o) => (await import('./commands/kb.js')).exportKb(opts, g, o)));

  onIssue('similar', 'help.similar')
    .option('--limit <n>', 'how many results', '5')
    .option('--json', t('help.json'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/kb.js')).similar(id, opts, g, o)));

  program
    .command('import')
    .description(t('help.import'))
    .argument('<file>', 'a .csv (UTF-8 or GBK) or .xlsx file')
    .option('--dry-run', 'show what would be created, write nothing')
    .option('--map <column=field>', 'read a column as a field (repeatable)', collect)
    .option('--no-dispatch', 'leave the issues in new')
    .option('--allow-duplicates', 'import rows that repeat an issue (same customer, title and time)')
    .option('--no-commit', t('help.noCommit'))
    .action((file: string, opts) =>
      later(async (g, o) => (await import('./commands/import.js')).run(file, opts, g, o)),
    );

  program
    .command('export')
    .description(t('help.export'))
    .option('--format <format>', 'csv | jsonl', 'csv')
    .option('--out <file>', 'write to a file')
    .option('--status <status>', 'comma list of statuses, or open')
    .option('--owner <person>', 'assigned person')
    .option('--team <team>', 'assigned team')
    .option('--type <type>', 'type')
    .option('--severity <level>', 'severity')
    .option('--customer <text>', 'customer name contains')
    .action((opts) => later(async (g, o) => (await import('./commands/export.js')).run(opts, g, o)));

  program
    .command('doctor')
    .description(t('help.doctor'))
    .option('--json', t('help.json'))
    .action((opts) => later(async (g, o) => (await import('./commands/doctor.js')).run(opts, g, o)));

  program
    .command('completion')
    .description(t('help.completion'))
    .argument('<shell>', 'bash | zsh | fish')
    .action((shell: string) =>
      later(async (_g, o) => (await import('./commands/completion.js')).run(shell, commandTree(), o)),
    );

  program
    .command('__complete', { hidden: true })
    .description('candidates for shell completion')
    .argument('<kind>', 'ids | people | teams | types')
    .action((kind: string) => later(async (g, o) => (await import('./commands/completion.js')).candidates(kind, g, o)));

  addExamples(program);
  return program;
}

/** Commands and their flags, for the completion scripts. */
function commandTree(): CommandInfo[] {
  const program = build(processIo(), () => {});
  const walk = (cmd: Command, prefix: string[]): CommandInfo[] =>
    cmd.commands
      .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
      .flatMap((c) => {
        const path = [...prefix, c.name()];
        const info: CommandInfo = {
          path,
          aliases: c.aliases(),
          flags: c.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f))),
          valueFlags: c.options.filter((o) => o.required || o.optional).map((o) => o.long ?? o.short ?? ''),
          takesId: c.registeredArguments.some((a) => a.name() === 'id' || a.name() === 'ids'),
        };
        return [info, ...walk(c, path)];
      });
  return walk(program, []);
}

function report(io: Io, err: unknown): number {
  if (err instanceof AftersalesError) {
    write(io, 'stderr', `aftersales: ${t(err.key, err.params)}\n`);
    if (io.env.AFTERSALES_DEBUG === '1' && err.stack) io.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(io, 'stderr', `aftersales: ${t('internal', { message })}\n`);
  if (io.env.AFTERSALES_DEBUG === '1' && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return 2;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  setRunning(io);
  // Output piped into `head` closes early: the rest is not written, and the command runs on to
  // its own exit code (`check | head` still fails a CI job when items are overdue).
  // Any other failure to write (a full disk) is an error of the command: said, and exit 2.
  let lost: NodeJS.ErrnoException | null = null;
  for (const stream of [io.stdout, io.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') lost ??= e;
    });
  }
  if (argv.length === 0) {
    // `aftersales` alone: the help, and where there is no store, how to start one.
    const program = build(io, () => {});
    program.outputHelp();
    if (!findStoreRoot(io.cwd)) io.stderr.write(`\n${t('noStoreHint')}\n`);
    return 0;
  }
  const langFlag = argv.find((a, i) => argv[i - 1] === '--lang' || a.startsWith('--lang='));
  chooseLocale(langFlag?.replace(/^--lang=/, ''), io.env);
  if (colorLevel(io.stdoutIsTTY, io.env) || colorLevel(io.stderrIsTTY, io.env)) await loadColor();
  let runner: Runner | null = null;
  const program = build(io, (r) => (runner = r));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return 0;
      return 2;
    }
    return report(io, err);
  }
  if (!runner) {
    program.outputHelp();
    return 0;
  }
  const g = program.opts<{ C?: string; lang?: string; index?: boolean }>();
  const globals: Globals = { cwd: resolve(io.cwd, g.C ?? '.'), lang: g.lang, index: g.index };
  let code: number;
  try {
    code = await (runner as Runner)(globals, io);
  } catch (err) {
    code = report(io, err);
  }
  // a write's error arrives a moment after the write
  await new Promise((r) => setImmediate(r));
  const failed = lost as NodeJS.ErrnoException | null;
  if (!failed) return code;
  io.stderr.write(`aftersales: ${t('outputFailed', { reason: failed.code ?? failed.message })}\n`);
  return 2;
}
