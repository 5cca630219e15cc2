// The console blocks of the READMEs outside the tour (the first store, …), run as a reader
// would type them: each block in a new home folder, through a shell, with the built CLI on
// the PATH and a git identity set, and nothing else of this machine's environment that the
// tool reads (a block states its own clock). `npm run readme` writes their output; the tests
// fail when a block's output would change, or a command in it fails (scripts/readme-tour.js,
// readmeChanges). A block holds `$ ` commands and their output only: other text in it is
// rewritten away.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/aftersales.js', import.meta.url));
const OPEN = '```console\n';
const CLOSE = '\n```';
const MARK = '\u0001aftersales-readme-step\u0001';

/** The commands of a block: `$ ` lines, with the lines they continue (a trailing `\`). */
export function commandsOf(body) {
  const commands = [];
  let current = null;
  for (const line of body.split('\n')) {
    if (current?.endsWith('\\')) current = `${current}\n${line}`;
    else if (line.startsWith('$ ')) current = line.slice(2);
    else {
      if (current !== null) commands.push(current);
      current = null;
      continue;
    }
    if (!current.endsWith('\\')) {
      commands.push(current);
      current = null;
    }
  }
  if (current !== null) commands.push(current);
  return commands;
}

/** Each command with what it printed (stdout and stderr, as a terminal shows them). */
export function runBlock(commands) {
  // the real path: the tool prints that one (macOS's /var is /private/var)
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'aftersales-readme-')));
  try {
    const bin = join(home, '.bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'aftersales'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`,
    );
    chmodSync(join(bin, 'aftersales'), 0o755);
    writeFileSync(
      join(home, '.gitconfig'),
      '[user]\n\tname = Li Si\n\temail = li.si@example.com\n[init]\n\tdefaultBranch = main\n',
    );
    // a command that fails stops the block: an example shows what works
    const script = commands.map((c) => `printf '%s\\n' '${MARK}'\n${c} || { echo "exit $?"; exit 1; }`).join('\n');
    const env = {
      HOME: home,
      PATH: `${bin}:${process.env.PATH}`,
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      GIT_CONFIG_NOSYSTEM: '1',
    };
    const r = spawnSync('bash', ['-c', `exec 2>&1\n${script}`], { cwd: home, env, encoding: 'utf8', timeout: 120_000 });
    const outputs = r.stdout.replaceAll(home, '~').split(`${MARK}\n`).slice(1);
    if (r.status !== 0)
      throw new Error(`README block failed at \`${commands[outputs.length - 1]}\`:\n${outputs.at(-1) ?? r.error}`);
    return commands.map((command, n) => ({ command, output: (outputs[n] ?? '').trimEnd() }));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const render = (steps) => steps.map(({ command, output }) => `$ ${command}${output ? `\n${output}` : ''}`).join('\n');

/** `text` with the output of every console block outside `skip` ([start, end]) made anew. */
export function refreshBlocks(text, skip = [0, 0]) {
  let out = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf(OPEN, from);
    if (start < 0) break;
    const bodyAt = start + OPEN.length;
    const end = text.indexOf(CLOSE, bodyAt);
    if (end < 0) break;
    out += text.slice(from, bodyAt);
    const body = text.slice(bodyAt, end);
    out += start >= skip[0] && start < skip[1] ? body : render(runBlock(commandsOf(body)));
    from = end;
  }
  return out + text.slice(from);
}
