// The commands that check, review and report on the store, and the tools around them
// (src/cli.ts builds the program from ./cli-issues.ts and these, in this order).
import { t } from './i18n/index.js';
import { asJson, collect, withFilters, type Registrar } from './cli-options.js';

/** Effectiveness checks, schema, waiting, reports and the audit. */
export function addChecks({ program, later, onIssue }: Registrar): void {
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
}

/** The knowledge base, import and export, doctor and completion. */
export function addTools({ program, later, onIssue, tree }: Registrar): void {
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
      later(async (_g, o) => (await import('./commands/completion.js')).run(shell, tree(), o)),
    );

  program
    .command('__complete', { hidden: true })
    .description(t('help.complete'))
    .argument('<kind>', t('help.complete.kind'))
    .action((kind: string) => later(async (g, o) => (await import('./commands/completion.js')).candidates(kind, g, o)));
}
