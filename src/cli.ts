// The entry point: builds the commander program, lazy-loads each command, and is the
// ONE place that turns errors into messages and exit codes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { processIo, setRunning, write, type Globals, type Io } from './io.js';
import { fromSource, packagePath } from './package-root.js';
import { AftersalesError, type Params } from './errors.js';
import { STATUSES, type Status } from './domain/vocabulary.js';
import { applyConfigLocale, chooseLocale, parseLocale, t, type MessageKey } from './i18n/index.js';
import { addExamples } from './help-examples.js';
import { findStoreRoot } from './store/locate.js';
import { problemWords } from './render/problem-words.js';
import { helpConfiguration, usageMessage } from './commander-text.js';
import { colorLevel, loadColor } from './render/color.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The filters list and report share (domain/filters.ts). */
const withFilters = (cmd: Command) =>
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
  /** flags whose value is a file, or a folder (by their placeholder: <file>, <plan.yaml>, <dir>) */
  fileFlags: string[];
  dirFlags: string[];
  takesId: boolean;
}

/** The program: every command, its options and help (test/cli/help-zh.test.ts walks it). */
export function build(io: Io, setRunner: (r: Runner) => void): Command {
  const program = new Command('aftersales');
  program
    .description(t('help.program'))
    .option('-C <dir>', t('help.cwd'))
    .option('--lang <lang>', t('help.lang'))
    .option('--no-index', t('help.noIndex'))
    .version(version(), '-V, --version', t('commander.version'))
    // set before the commands are added, which inherit them
    .helpOption('-h, --help', t('commander.help'))
    .helpCommand('help [command]', t('commander.help'))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => write(io, 'stdout', s),
      writeErr: (s) => write(io, 'stderr', s),
      // main() says it, in the user's language (usageMessage)
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .configureHelp(helpConfiguration);

  // Each action only records which command to run; the work happens after parsing.
  const later = (fn: Runner) => setRunner(fn);
  /** A command about one issue. */
  // `--json` is `--format json`, as in list, show and inbox
  const asJson = <T extends { json?: boolean; format?: string }>(opts: T): T =>
    opts.json && !opts.format ? { ...opts, format: 'json' } : opts;
  const onIssue = (name: string, help: MessageKey) =>
    program.command(name).description(t(help)).argument('<id>', t('help.id'));

  program
    .command('init')
    .description(t('help.init'))
    .option('--prefix <prefix>', t('help.init.prefix'))
    .option('--lang <lang>', t('help.init.lang'))
    .option('--timezone <tz>', t('help.init.timezone'))
    .option('--lfs', t('help.init.lfs'))
    .option('--no-commit', t('help.noCommit'))
    .action((opts) =>
      later(async (g, o) => (await import('./commands/init.js')).run({ ...opts, lang: opts.lang ?? g.lang }, g, o)),
    );

  program
    .command('new')
    .description(t('help.new'))
    .option('--title <text>', t('help.new.title'))
    .option('--type <type>', t('help.new.type'))
    .addOption(new Option('--severity <level>', t('help.new.severity')).choices(['critical', 'high', 'medium', 'low']))
    .option('--customer <name>', t('help.new.customer'))
    .option('--contact <contact>', t('help.new.contact'))
    .option('--product <name>', t('help.new.product'))
    .option('--line <line>', t('help.new.line'))
    .option('--component <part>', t('help.new.component'))
    .option('--failure-mode <id>', t('help.new.failureMode'))
    .option('--field <id=value>', t('help.new.field'), collect)
    .option('--notify-customer', t('help.new.notifyCustomer'))
    .option('--no-notify-customer', t('help.new.noNotifyCustomer'))
    .option('--description <text>', t('help.new.description'))
    .option('--source <source>', t('help.new.source'))
    .option('--occurred-at <date>', t('help.new.occurredAt'))
    .option('--expected-by <date>', t('help.new.expectedBy'))
    .option('--attach <file>', t('help.new.attach'), collect)
    .option('--no-dispatch', t('help.new.noDispatch'))
    .option('--no-commit', t('help.noCommit'))
    .option('--json', t('help.json'))
    .option('-q, --quiet', t('help.new.quiet'))
    .action((opts) => later(async (g, o) => (await import('./commands/new.js')).run(opts, g, o)));

  const listCmd = program
    .command('list')
    .alias('ls')
    .description(t('help.list'))
    .option('--status <status>', t('help.list.status'));
  withFilters(listCmd)
    .option('--overdue', t('help.list.overdue'))
    .option('--wide', t('help.list.wide'))
    .option('--json', t('help.json'))
    .action((opts) => later(async (g, o) => (await import('./commands/list.js')).run(opts, g, o)));

  program
    .command('show')
    .description(t('help.show'))
    .argument('<id>', t('help.show.id'))
    .option('--json', t('help.json'))
    .option('--format <format>', t('help.show.format'))
    .option('--customer', t('help.show.customer'))
    .option('--out <file>', t('help.show.out'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/show.js')).run(id, opts, g, o)));

  program
    .command('validate')
    .description(t('help.validate'))
    .option('--format <format>', t('help.ciFormat'))
    .option('--json', t('help.formatJson'))
    .action((opts) => later(async (g, o) => (await import('./commands/validate.js')).run(asJson(opts), g, o)));

  program
    .command('dispatch')
    .description(t('help.dispatch'))
    .argument('[ids...]', t('help.ids'))
    .option('--all', t('help.dispatch.all'))
    .option('--explain', t('help.dispatch.explain'))
    .option('--dry-run', t('help.dispatch.dryRun'))
    .option('--to <person>', t('help.dispatch.to'))
    .option('--reason <text>', t('help.dispatch.reason'))
    .option('--no-commit', t('help.noCommit'))
    .option('--json', t('help.json'))
    .action((ids: string[], opts) =>
      later(async (g, o) => (await import('./commands/dispatch.js')).run(ids, opts, g, o)),
    );

  program
    .command('sla')
    .description(t('help.sla'))
    .argument('[ids...]', t('help.ids'))
    .option('--all', t('help.sla.all'))
    .option('--recompute', t('help.sla.recompute'))
    .option('--no-commit', t('help.noCommit'))
    .option('--json', t('help.json'))
    .action((ids: string[], opts) => later(async (g, o) => (await import('./commands/sla.js')).run(ids, opts, g, o)));

  program
    .command('inbox')
    .description(t('help.inbox'))
    .option('--as <person>', t('help.inbox.as'))
    .option('--json', t('help.json'))
    .action((opts) => later(async (g, o) => (await import('./commands/inbox.js')).run(opts, g, o)));

  onIssue('plan', 'help.plan')
    .option('--file <plan.yaml>', t('help.plan.file'))
    .option('--allow-vague', t('help.plan.allowVague'))
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/plan.js')).run(id, opts, g, o)));

  onIssue('approve', 'help.approve')
    .option('--comment <text>', t('help.approve.comment'))
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/approve.js')).run('approved', id, opts, g, o)),
    );

  onIssue('reject', 'help.reject')
    .option('--comment <text>', t('help.reject.comment'))
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/approve.js')).run('rejected', id, opts, g, o)),
    );

  onIssue('action', 'help.action')
    .argument('<action>', t('help.action.action'))
    .option('--done', t('help.action.done'))
    .option('--withdrawn', t('help.action.withdrawn'))
    .option('--evidence <text>', t('help.action.evidence'))
    .option('--measured <text>', t('help.action.measured'))
    .option('--allow-vague', t('help.action.allowVague'))
    .option('--attach <file>', t('help.attachEvent'), collect)
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, action: string, opts) =>
      later(async (g, o) => (await import('./commands/action.js')).run(id, action, opts, g, o)),
    );

  onIssue('comment', 'help.comment')
    .argument('<text...>', t('help.comment.text'))
    .option('--attach <file>', t('help.attachEvent'), collect)
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, words: string[], opts) =>
      later(async (g, o) => (await import('./commands/comment.js')).comment(id, words, opts, g, o)),
    );

  onIssue('contact', 'help.contact')
    .option('--channel <channel>', t('help.contact.channel'))
    .option('--note <text>', t('help.contact.note'))
    .option('--attach <file>', t('help.attachEvent'), collect)
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/customer.js')).contact(id, opts, g, o)),
    );

  onIssue('confirm', 'help.confirm')
    .option('--satisfaction <n>', t('help.confirm.satisfaction'))
    .option('--said <text>', t('help.confirm.said'))
    .option('--channel <channel>', t('help.contact.channel'))
    .option('--contact <name>', t('help.confirm.contact'))
    .option('--plan', t('help.confirm.plan'))
    .option('--email <file.eml>', t('help.confirm.email'))
    .option('--attach <file>', t('help.attachEvent'), collect)
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/customer.js')).confirm(id, opts, g, o)),
    );

  onIssue('review', 'help.review')
    .option('--minutes <text>', t('help.review.minutes'))
    .option('--attendees <people>', t('help.review.attendees'))
    .option('--attach <file>', t('help.attachEvent'), collect)
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/customer.js')).review(id, opts, g, o)),
    );

  // compensate and cost take the same money options
  for (const [name, kinds] of [
    ['compensate', 'help.compensate.kind'],
    ['cost', 'help.cost.kind'],
  ] as const)
    onIssue(name, `help.${name}`)
      .option('--kind <kind>', t(kinds))
      .option('--amount <n>', t('help.compensate.amount'))
      .option('--currency <code>', t('help.compensate.currency'))
      .option('--note <text>', t('help.compensate.note'))
      .option('--no-commit', t('help.noCommit'))
      .action((id: string, opts) =>
        later(async (g, o) => (await import('./commands/customer.js'))[name](id, opts, g, o)),
      );

  onIssue('reclassify', 'help.reclassify')
    .option('--type <type>', t('help.reclassify.type'))
    .option('--severity <severity>', t('help.reclassify.severity'))
    .option('--product <product>', t('help.reclassify.product'))
    .option('--field <id=value>', t('help.reclassify.field'), collect)
    .option('--reason <text>', t('help.reason'))
    .option('--redispatch', t('help.reclassify.redispatch'))
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/reclassify.js')).run(id, opts, g, o)),
    );

  program
    .command('effect')
    .description(t('help.effect'))
    .argument('[id]', t('help.id'))
    .argument('[action]', t('help.effect.action'))
    .option('--all-due', t('help.effect.allDue'))
    .option('--no-commit', t('help.noCommit'))
    .action((id: string | undefined, action: string | undefined, opts) =>
      later(async (g, o) => (await import('./commands/effect.js')).run(id, action, opts, g, o)),
    );

  program
    .command('schema')
    .description(t('help.schema'))
    .option('--no-commit', t('help.noCommit'))
    .action((opts) => later(async (g, o) => (await import('./commands/schema.js')).run(opts, g, o)));

  onIssue('wait', 'help.wait')
    .option('--on <party>', t('help.wait.on'))
    .option('--reason <text>', t('help.reason'))
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/waiting.js')).wait(id, opts, g, o)));

  onIssue('resume', 'help.resume')
    .option('--note <text>', t('help.resume.note'))
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/waiting.js')).resume(id, opts, g, o)),
    );

  onIssue('cancel', 'help.cancel')
    .option('--reason <text>', t('help.reason'))
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) =>
      later(async (g, o) => (await import('./commands/comment.js')).cancel(id, opts, g, o)),
    );

  onIssue('log', 'help.log')
    .option('--json', t('help.json'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/log.js')).run(id, opts, g, o)));

  onIssue('accept', 'help.accept')
    .option('--answers <answers.yaml>', t('help.accept.answers'))
    .option('--attach <file>', t('help.attachEvent'), collect)
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/accept.js')).run(id, opts, g, o)));

  onIssue('reopen', 'help.reopen')
    .option('--reason <text>', t('help.reason'))
    .option('--no-commit', t('help.noCommit'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/accept.js')).reopen(id, opts, g, o)));

  program
    .command('check')
    .description(t('help.check'))
    .option('--warn-within <duration>', t('help.check.warnWithin'))
    .option('--where <id=value>', t('help.where'), collect)
    .option('--json', t('help.formatJson'))
    .option('--warn-at <shares>', t('help.check.warnAt'))
    .option('--format <format>', t('help.ciFormat'))
    .option('--team <team>', t('help.check.team'))
    .option('--owner <person>', t('help.check.owner'))
    .option('--severity <level>', t('help.check.severity'))
    .option('--notify', t('help.check.notify'))
    .action((opts) => later(async (g, o) => (await import('./commands/check.js')).run(asJson(opts), g, o)));

  program
    .command('trust')
    .description(t('help.trust'))
    .action(() => later(async (g, o) => (await import('./commands/trust.js')).run(g, o)));

  program
    .command('notify')
    .description(t('help.notify'))
    .option('--flush', t('help.notify.flush'))
    .option('--digest', t('help.notify.digest'))
    .action((opts) => later(async (g, o) => (await import('./commands/notify.js')).run(opts, g, o)));

  const reportCmd = program
    .command('report')
    .description(t('help.report'))
    .option('--json', t('help.formatJson'))
    .option('--since <date>', t('help.report.since'))
    .option('--until <date>', t('help.report.until'))
    .option('--by <dimension>', t('help.report.by'))
    .option('--format <format>', t('help.report.format'))
    .option('--out <file>', t('help.report.out'))
    .option('--at <rev>', t('help.report.at'))
    .option('--compare <rev>', t('help.report.compare'))
    .option('--trend <period>', t('help.report.trend'))
    .option('--weight <by>', t('help.report.weight'))
    .option('--currency <code>', t('help.report.currency'))
    .option('--store <dir>', t('help.report.store'), collect)
    .option('--timezone <tz>', t('help.report.timezone'));
  withFilters(reportCmd).action((opts) =>
    later(async (g, o) => (await import('./commands/report.js')).run(asJson(opts), g, o)),
  );

  program
    .command('merge-file', { hidden: true })
    .description(t('help.mergeFile'))
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
    .option('--remote <name>', t('help.sync.remote'), 'origin')
    .option('--no-push', t('help.sync.noPush'))
    .action((opts) => later(async (g, o) => (await import('./commands/sync.js')).run(opts, g, o)));

  program
    .command('audit')
    .description(t('help.audit'))
    .argument('[ids...]', t('help.audit.ids'))
    .option('--format <format>', t('help.ciFormat'))
    .option('--require-signed', t('help.audit.requireSigned'))
    .action((ids: string[], opts) => later(async (g, o) => (await import('./commands/audit.js')).run(ids, opts, g, o)));

  const kb = program.command('kb').description(t('help.kb'));
  kb.command('search')
    .description(t('help.kbSearch'))
    .argument('<query...>', t('help.kbSearch.query'))
    .option('--limit <n>', t('help.limit'), '10')
    .option('--json', t('help.json'))
    .action((words: string[], opts) =>
      later(async (g, o) => (await import('./commands/kb.js')).search(words, opts, g, o)),
    );
  kb.command('export')
    .description(t('help.kbExport'))
    .option('--out <dir>', t('help.kbExport.out'))
    .action((opts) => later(async (g, o) => (await import('./commands/kb.js')).exportKb(opts, g, o)));

  onIssue('similar', 'help.similar')
    .option('--limit <n>', t('help.limit'), '5')
    .option('--json', t('help.json'))
    .action((id: string, opts) => later(async (g, o) => (await import('./commands/kb.js')).similar(id, opts, g, o)));

  program
    .command('import')
    .description(t('help.import'))
    .argument('<file>', t('help.import.file'))
    .option('--dry-run', t('help.import.dryRun'))
    .option('--map <column=field>', t('help.import.map'), collect)
    .option('--no-dispatch', t('help.import.noDispatch'))
    .option('--allow-duplicates', t('help.import.allowDuplicates'))
    .option('--history', t('help.import.history'))
    .option('--no-commit', t('help.noCommit'))
    .action((file: string, opts) =>
      later(async (g, o) => (await import('./commands/import.js')).run(file, opts, g, o)),
    );

  program
    .command('export')
    .description(t('help.export'))
    .option('--format <format>', t('help.export.format'), 'csv')
    .option('--out <file>', t('help.export.out'))
    .option('--status <status>', t('help.list.status'))
    .option('--owner <person>', t('help.list.owner'))
    .option('--team <team>', t('help.list.team'))
    .option('--type <type>', t('help.list.type'))
    .option('--severity <level>', t('help.list.severity'))
    .option('--customer <text>', t('help.list.customer'))
    .option('--where <id=value>', t('help.where'), collect)
    .action((opts) => later(async (g, o) => (await import('./commands/export.js')).run(opts, g, o)));

  program
    .command('doctor')
    .description(t('help.doctor'))
    .option('--json', t('help.json'))
    .action((opts) => later(async (g, o) => (await import('./commands/doctor.js')).run(opts, g, o)));

  program
    .command('completion')
    .description(t('help.completion'))
    .argument('<shell>', t('help.completion.shell'))
    .action((shell: string) =>
      later(async (_g, o) => (await import('./commands/completion.js')).run(shell, commandTree(), o)),
    );

  program
    .command('__complete', { hidden: true })
    .description(t('help.complete'))
    .argument('<kind>', t('help.complete.kind'))
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
          fileFlags: c.options.filter((o) => /<(?:file|[\w-]*\.\w+)>/.test(o.flags)).map((o) => o.long ?? ''),
          dirFlags: c.options.filter((o) => /<dir>/.test(o.flags)).map((o) => o.long ?? ''),
          takesId: c.registeredArguments.some((a) => a.name() === 'id' || a.name() === 'ids'),
        };
        return [info, ...walk(c, path)];
      });
  return walk(program, []);
}

function report(io: Io, err: unknown): number {
  if (err instanceof AftersalesError) {
    write(io, 'stderr', `aftersales: ${t(err.key, shownParams(err.key, err.params))}\n`);
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
  const langFlag = argv.find((a, i) => argv[i - 1] === '--lang' || a.startsWith('--lang='));
  chooseLocale(langFlag?.replace(/^--lang=/, ''), io.env);
  // the store's language speaks in its help and usage errors too, before any command reads it
  const cwdFlag = argv.indexOf('-C');
  applyConfigLocale(configLocale(resolve(io.cwd, (cwdFlag >= 0 && argv[cwdFlag + 1]) || '.')));
  if (argv.length === 0) {
    // `aftersales` alone: the help, and where there is no store, how to start one.
    const program = build(io, () => {});
    program.outputHelp();
    if (!findStoreRoot(io.cwd)) io.stderr.write(`\n${t(fromSource() ? 'noStoreHint' : 'noStoreHintInstalled')}\n`);
    return 0;
  }
  if (colorLevel(io.stdoutIsTTY, io.env) || colorLevel(io.stderrIsTTY, io.env)) await loadColor();
  let runner: Runner | null = null;
  const program = build(io, (r) => (runner = r));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return 0;
      write(io, 'stderr', `aftersales: ${usageMessage(err)}\n`);
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

/** An error's parameters as the reader sees them: a status by its label, what a problem
 * found and expected in the reader's words. */
function shownParams(key: MessageKey, params: Params): Params {
  const shown = { ...params };
  const { status } = params;
  if (typeof status === 'string' && (STATUSES as readonly string[]).includes(status))
    shown.status = t(`status.${status as Status}`);
  for (const name of key === 'yamlSyntax' ? ['message'] : ['field', 'found', 'expected'])
    if (typeof params[name] === 'string') shown[name] = problemWords(params[name] as string);
  // "--as PERSON ()" says nothing: an empty list of what the config knows is said in words
  if (params.known === '') shown.known = t('knownNone');
  return shown;
}

/** The `locale:` of the config of the store around `dir`, read as a line (no YAML parser). */
function configLocale(dir: string) {
  const root = findStoreRoot(dir);
  if (!root) return undefined;
  try {
    const line = /^locale:[ \t]*["']?([A-Za-z_-]+)/m.exec(
      readFileSync(join(root, '.aftersales', 'config.yaml'), 'utf8'),
    );
    return parseLocale(line?.[1]) ?? undefined;
  } catch {
    return undefined;
  }
}
