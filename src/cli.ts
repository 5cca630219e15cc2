// The entry point: builds the commander program, lazy-loads each command, and is the
// ONE place that turns errors into messages and exit codes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
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
import { addIntake, addWork } from './cli-issues.js';
import type { Registrar, Runner } from './cli-options.js';
import { addChecks, addTools } from './cli-reviews.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

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

/** The command `argv` names first, after the global flags; null where it names none (help, a
 * flag the scan does not know). */
export function namedCommand(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-C' || arg === '--lang') i++;
    else if (arg !== '--no-index' && !arg.startsWith('--lang='))
      return /^[a-z][a-z-]*$/.test(arg) && arg !== 'help' ? arg : null;
  }
  return null;
}

/** The program with only the command `name` registered: the others' options and help are not
 * built (a few milliseconds of every run). What a registration calls on another command's
 * builder is dropped. */
function onlyCommand(program: Command, name: string): Command {
  const dropped: Command = new Proxy({} as Command, { get: (_, key) => (key === 'then' ? undefined : () => dropped) });
  return new Proxy(program, {
    get: (target, key) =>
      key === 'command'
        ? (spec: string, ...rest: []) => (spec.split(' ')[0] === name ? target.command(spec, ...rest) : dropped)
        : Reflect.get(target, key, target),
  });
}

/** The program: every command, its options and help (test/cli/help-zh.test.ts walks it); with
 * `only`, that command alone, if there is one of that name. */
export function build(io: Io, setRunner: (r: Runner) => void, only: string | null = null): Command {
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

  const adding = only ? onlyCommand(program, only) : program;
  const onIssue = (name: string, help: MessageKey) =>
    adding.command(name).description(t(help)).argument('<id>', t('help.id'));
  const r: Registrar = { program: adding, later: setRunner, onIssue, tree: commandTree };
  for (const add of [addIntake, addWork, addChecks, addTools]) add(r);
  // an alias (ls) or a typo: every command, for commander to find it or suggest one
  if (only && program.commands.length === 0) return build(io, setRunner);

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
  const program = build(io, (r) => (runner = r), namedCommand(argv));
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
