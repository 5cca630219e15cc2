// The one git wrapper: spawn git directly. (simple-git strips GIT_AUTHOR_* from the
// environment and waits after silent commands; a CLI feels both.)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AftersalesError } from '../errors.js';
import { t } from '../i18n/index.js';
import { runEnv } from '../io.js';

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

export async function git(cwd: string, args: string[], input?: string): Promise<GitResult> {
  const r = await spawnGit(cwd, args, input);
  return { ...r, stdout: r.stdout.toString('utf8') };
}

function spawnGit(
  cwd: string,
  args: string[],
  input?: string,
): Promise<Omit<GitResult, 'stdout'> & { stdout: Buffer }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...runEnv(), GIT_TERMINAL_PROMPT: '0' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new AftersalesError('gitMissing') : e),
    );
    child.on('close', (code) =>
      resolvePromise({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 1 }),
    );
    child.stdin.on('error', () => {}); // git may exit before reading its input
    child.stdin.end(input ?? '');
  });
}

/** The text of each `rev:path` (null where there is none), from one git process rather than
 * a `git show` each: an issue's log reads every commit that touched it. */
export async function showFiles(cwd: string, specs: readonly string[]): Promise<(string | null)[]> {
  if (specs.length === 0) return [];
  const { stdout } = await spawnGit(cwd, ['cat-file', '--batch'], specs.map((s) => `${s}\n`).join(''));
  let at = 0;
  return specs.map(() => {
    // `<sha> <type> <size>\n<content>\n`, or `<spec> missing\n`
    const nl = stdout.indexOf(10, at);
    const head = /^\S+ (\w+) (\d+)$/.exec(stdout.toString('utf8', at, nl < 0 ? stdout.length : nl));
    if (nl < 0 || !head) {
      at = nl < 0 ? stdout.length : nl + 1;
      return null;
    }
    const end = nl + 1 + Number(head[2]);
    at = end + 1;
    // cut short (git died): not a version of the file
    return head[1] === 'blob' && end <= stdout.length ? stdout.toString('utf8', nl + 1, end) : null;
  });
}

/** Run git and return stdout; a failure becomes a one-sentence error. */
export async function gitOk(cwd: string, args: string[], input?: string): Promise<string> {
  const r = await git(cwd, args, input);
  const command = args[args[0] === '-c' ? 2 : 0];
  if (r.code !== 0) throw new AftersalesError('gitFailed', { command, reason: firstLine(r.stderr) });
  return r.stdout;
}

export function firstLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^(fatal|error|hint):\s*/, '').trim())
    .filter(Boolean);
  return lines[0] ?? 'no message';
}

/** A list of files as a message shows it: the first few, then how many more. */
export function someOf(files: readonly string[], separator = ' '): string {
  return files.length <= 5
    ? files.join(separator)
    : `${files.slice(0, 5).join(separator)} … (${files.length - 5} more)`;
}

/** Above this many files, paths go to git on its standard input: argv has a size limit. */
const MANY = 200;

/** commitFiles for an import of thousands: the paths read by git from its input, the message
 * from a file. */
async function commitMany(req: CommitRequest, message: string, fail: (stderr: string) => Error): Promise<void> {
  const paths = req.files.join('\0');
  const fromInput = ['--pathspec-from-file=-', '--pathspec-file-nul'];
  const add = await git(req.root, ['add', ...fromInput], paths);
  if (add.code !== 0) throw fail(add.stderr);
  const staged = await git(req.root, ['diff', '--cached', '--name-only', '-z', '--', ':(top)']);
  const mine = new Set(req.files);
  const others = staged.stdout.split('\0').some((f) => f && !mine.has(f));
  const dir = mkdtempSync(join(tmpdir(), 'aftersales-commit-'));
  try {
    writeFileSync(join(dir, 'message'), message);
    const running = git(
      req.root,
      ['commit', '--quiet', '-F', join(dir, 'message'), ...(others ? ['--only', ...fromInput] : [])],
      others ? paths : '',
    );
    req.committing?.();
    const commit = await running;
    if (commit.code !== 0) {
      await git(req.root, ['reset', '--quiet', ...fromInput], paths);
      throw fail(commit.stderr + commit.stdout);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The current git identity's e-mail (GIT_AUTHOR_EMAIL wins, as it does for commits). */
export async function identityEmail(cwd: string): Promise<string | null> {
  const fromEnv = runEnv().GIT_AUTHOR_EMAIL;
  if (fromEnv) return fromEnv;
  const r = await git(cwd, ['config', 'user.email']);
  const email = r.stdout.trim();
  return r.code === 0 && email ? email : null;
}

export async function isInsideWorkTree(cwd: string): Promise<boolean> {
  const r = await git(cwd, ['rev-parse', '--is-inside-work-tree']);
  return r.code === 0 && r.stdout.trim() === 'true';
}

export interface CommitRequest {
  root: string;
  files: string[]; // relative to root
  subject: string;
  /** in order; a key may repeat (one Aftersales-Issue per issue) */
  trailers: [string, string][];
  /** called once `git commit` runs (its last and longest step): work waiting for git's
   * earlier steps to be handed on quickly may start */
  committing?: () => void;
}

/**
 * One commit of just these files, whatever else is staged. On failure the files stay
 * written and the error says what to run to finish by hand.
 */
export async function commitFiles(req: CommitRequest): Promise<void> {
  const message = `${req.subject}\n\n${req.trailers.map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
  const listed = req.files.length > MANY ? 'issues' : req.files.join(' ');
  const manual = `git add -- ${listed} && git commit -m ${shellQuote(req.subject)} -- ${listed}`;
  const fail = (stderr: string) => {
    const lock = /Unable to create '([^']*index\.lock)'/.exec(stderr)?.[1];
    const reason = /tell me who you are|empty ident|unable to auto-detect email/i.test(stderr)
      ? t('gitNoIdentity')
      : /not a git repository/i.test(stderr)
        ? t('gitNotRepo', { root: req.root })
        : lock
          ? t('gitIndexLocked', { lock })
          : firstLine(stderr);
    return new AftersalesError('gitCommitFailed', { files: someOf(req.files, ', '), reason, command: manual });
  };
  // `--only` leaves whatever else is staged out of the commit, at the price of a second,
  // temporary index (a tenth of a second at 20,000 files): needed only when something is.
  // What else is staged does not depend on adding these files, so git answers both at once
  // (a reader sees the index before or after the add, the same outside these paths).
  if (req.files.length > MANY) return commitMany(req, message, fail);
  const [add, othersStaged] = await Promise.all([
    git(req.root, ['add', '--', ...req.files]),
    git(req.root, ['diff', '--cached', '--quiet', '--', ':(top)', ...req.files.map((f) => `:(exclude)${f}`)]),
  ]);
  if (add.code !== 0) throw fail(add.stderr);
  const which = othersStaged.code === 0 ? [] : ['--only', '--', ...req.files];
  const running = git(req.root, ['commit', '--quiet', '-F', '-', ...which], message);
  req.committing?.();
  const commit = await running;
  if (commit.code !== 0) {
    // Leave the index as we found it for these paths, so the user's next commit is theirs.
    await git(req.root, ['reset', '--quiet', '--', ...req.files]);
    throw fail(commit.stderr + commit.stdout);
  }
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export async function gitInit(root: string): Promise<void> {
  await gitOk(root, ['init', '--quiet']);
}

export async function setLocalConfig(root: string, key: string, value: string): Promise<void> {
  await gitOk(root, ['config', '--local', key, value]);
}

export interface FileCommit {
  commit: string;
  author: string;
  email: string;
  date: string;
  subject: string;
  /** the file's path at that commit, from the repository's top (a rename moves it) */
  path: string;
}

/** The commits that touched `file`, oldest first, following renames. */
export async function fileLog(root: string, file: string): Promise<FileCommit[]> {
  const format = '--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s';
  // newest first: git's --reverse stops --follow at the latest rename
  const args = ['-c', 'core.quotePath=false', 'log', '--follow', '--name-only', format, '--', file];
  const out = await gitOk(root, args);
  const commits = out
    .split('\x1e')
    .filter(Boolean)
    .map((entry) => {
      const [line = '', ...names] = entry.split('\n');
      const [commit = '', author = '', email = '', date = '', subject = ''] = line.split('\x1f');
      return { commit, author, email, date, subject, path: names.find(Boolean) ?? '' };
    })
    .reverse();
  // a merge names no file: it holds the file where the commit before it did
  let path = commits.find((c) => c.path)?.path ?? '';
  for (const c of commits) path = c.path ||= path;
  return commits;
}
