// The commands that register, dispatch and work on issues (src/cli.ts builds the program
// from these and ./cli-reviews.ts, in this order: the order of the help).
import { Option } from 'commander';
import { t } from './i18n/index.js';
import { asJson, collect, withFilters, type Registrar } from './cli-options.js';

/** init, new, list, show, validate, dispatch, sla. */
export function addIntake({ program, later }: Registrar): void {
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
}

/** What is done on an issue: from the inbox to a reclassification. */
export function addWork({ program, later, onIssue }: Registrar): void {
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
}
