// Test helpers: real git repositories in temp folders, the real CLI — its sources run in this
// process through main() (fast), or the built bundle as a process where only that shows the truth.
import { mergeDriverCommand } from '../src/git/driver.js';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'aftersales.js');
export const FIXTURES = join(ROOT, 'fixtures');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const HOME = mkdtempSync(join(tmpdir(), 'as-home-'));
made.push(HOME);
writeFileSync(join(HOME, '.gitconfig'), '[init]\n\tdefaultBranch = main\n');

/** An environment that does not depend on the machine: no global git identity, English, no colour forcing. */
export function testEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      /^(AFTERSALES_|GIT_|NO_COLOR|FORCE_COLOR|LC_|LANG$|GITHUB_|XDG_CACHE_HOME$|NODE_DISABLE_COMPILE_CACHE$)/.test(k)
    )
      continue;
    env[k] = v;
  }
  Object.assign(env, { HOME, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(HOME, '.gitconfig'), LANG: 'C.UTF-8' });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function tempDir(prefix = 'as-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = testEnv()): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

export function setIdentity(cwd: string, person: string): void {
  git(cwd, ['config', 'user.email', `${person}@example.com`]);
  git(cwd, ['config', 'user.name', person]);
}

export function gitRepo(person = 'li.si'): string {
  const dir = tempDir();
  git(dir, ['init', '-q', '-b', 'main']);
  setIdentity(dir, person);
  return dir;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A run in-process also keeps both streams in one text, in the order they were written. */
export interface InProcessRun extends Run {
  output: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /** in-process only: stdout and stderr are terminals (stdin is not) */
  tty?: boolean;
}

/** Text written to a stream, kept whole, and also added to what both streams wrote. */
class Capture extends Writable {
  text = '';
  constructor(private readonly both: { text: string }) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const text = chunk.toString('utf8');
    this.text += text;
    this.both.text += text;
    done();
  }
}

/** The CLI's main() from the sources, in this process, with an environment of the test's own
 * (no TTY). The bundle users run is tested as a process (runProcess, test/e2e). */
export async function run(cwd: string, args: string[], opts: RunOptions = {}): Promise<InProcessRun> {
  const { main } = await import('../src/cli.js');
  const both = { text: '' };
  const stdout = new Capture(both);
  const stderr = new Capture(both);
  const io = {
    stdout,
    stderr,
    stdin: Readable.from([opts.input ?? '']),
    stdinIsTTY: false,
    stdoutIsTTY: opts.tty === true,
    stderrIsTTY: opts.tty === true,
    env: testEnv(opts.env),
    cwd,
  };
  const code = await main(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text, output: both.text };
}

/** What scripts/demo.js takes to run its steps: here, in-process. */
export const demoRunner = (args: string[], { cwd, env }: { cwd: string; env: Record<string, string | undefined> }) =>
  run(cwd, args, { env });

/** The built CLI as a process of its own: for what only a process shows (locks between
 * processes, exit at end of output, the start-up path of bin/aftersales.js). */
export function runProcess(cwd: string, args: string[], opts: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: testEnv(opts.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Run as chen.qi, the plant's second quality engineer: the issues of the plant store go to
 * li.si, and an issue's assignee does not run its acceptance (duties.owner_accepts). */
export const asChen = (opts: RunOptions = {}): RunOptions => {
  const who = { EMAIL: 'chen.qi@example.com', NAME: 'Chen Qi' };
  const env = Object.fromEntries(
    ['AUTHOR', 'COMMITTER'].flatMap((r) => Object.entries(who).map(([k, v]) => [`GIT_${r}_${k}`, v])),
  );
  return { ...opts, env: { ...opts.env, ...env } };
};

/** Run and insist on success, returning stdout. */
export async function ok(cwd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  const r = await run(cwd, args, opts);
  if (r.code !== 0)
    throw new Error(`aftersales ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

export const NOW = '2026-11-23T10:00:00+08:00';

/** A real git repo holding a store with the plant fixture's config, committed. */
export async function plantStore(person = 'li.si'): Promise<string> {
  const dir = gitRepo(person);
  await ok(dir, ['init', '--timezone', 'Asia/Shanghai']);
  copyFileSync(join(FIXTURES, 'config', 'plant.yaml'), join(dir, '.aftersales', 'config.yaml'));
  git(dir, ['commit', '-q', '-am', 'use the plant config']);
  return dir;
}

/** A fixture store (fixtures/stores/NAME) committed in a real git repository. */
export function fixtureStore(name: string): string {
  const dir = gitRepo();
  cpSync(join(FIXTURES, 'stores', name), dir, { recursive: true });
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-qm', `the ${name} fixture store`]);
  git(dir, ['config', 'merge.aftersales.driver', mergeDriverCommand()]); // as `aftersales init` does
  return dir;
}

/** Register an issue through the CLI and return its ID (the last line of stdout). */
export async function newIssue(
  dir: string,
  flags: Record<string, string> = {},
  opts: RunOptions = {},
): Promise<string> {
  const args = ['new'];
  const all = { title: '主轴异响', type: 'hardware', severity: 'high', customer: '华东机械厂', ...flags };
  for (const [k, v] of Object.entries(all)) args.push(`--${k}`, v);
  const out = await ok(dir, args, { env: { AFTERSALES_NOW: NOW, ...opts.env } });
  return out.trim().split('\n').pop() as string;
}

export function read(dir: string, rel: string): string {
  return readFileSync(join(dir, rel), 'utf8');
}

export function write(dir: string, rel: string, content: string): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), content);
}

export function commits(dir: string): string[] {
  try {
    return git(dir, ['log', '--format=%s']).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** What the shipped acceptance template checks in the record besides the customer's word: a
 * contact after the plan and the customer's agreement to it (on `planDay` after the plan), and
 * a review (on `reviewDay`). */
export async function tellAgreeReview(dir: string, id: string, planDay: string, reviewDay: string): Promise<void> {
  const at = (when: string) => ({ env: { AFTERSALES_NOW: `2026-${when}:00+08:00` } });
  await ok(dir, ['contact', id, '--channel', 'phone', '--note', '告知整改方案'], at(`${planDay}T12:00`));
  await ok(dir, ['confirm', id, '--plan', '--said', '同意方案', '--channel', 'phone'], at(`${planDay}T12:10`));
  await ok(dir, ['review', id, '--minutes', '复盘：根因与措施确认'], at(`${reviewDay}T09:00`));
}

/** The X100 noise issue of the plant store, registered 11-23, planned (no approval needed),
 * P1 done on 11-26, the customer told and agreeing, the review held: ready for acceptance. */
export async function x100ReadyForAcceptance(): Promise<{ dir: string; id: string }> {
  const at = (when: string) => ({ env: { AFTERSALES_NOW: `2026-${when}:00+08:00` } });
  const dir = await plantStore();
  const id = await newIssue(dir, { product: 'X100', title: 'X100 主轴低速异响' }, at('11-23T10:00'));
  await ok(dir, ['plan', id, '--file', join(FIXTURES, 'plans', 'x100-noise.yaml')], at('11-23T11:00'));
  await ok(dir, ['action', id, 'P1', '--done', '--evidence', 'WI-3.2 rev B'], at('11-26T10:00'));
  await tellAgreeReview(dir, id, '11-23', '11-26');
  return { dir, id };
}
