// `aftersales doctor`: is this machine and this clone ready? Each finding says how to fix
// it. Exit 1 when something must be fixed; warnings alone exit 0.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { out, paint, type Globals, type Io } from '../io.js';
import { personByEmail } from '../domain/people.js';
import type { Config } from '../domain/config.js';
import { AftersalesError } from '../errors.js';
import { git, identityEmail, isInsideWorkTree } from '../git/git.js';
import { lfsFilterSet, lfsInstalled, usesLfs } from '../git/lfs.js';
import { t, type MessageKey } from '../i18n/index.js';
import { fromSource } from '../package-root.js';
import { indexHeader } from '../store/build.js';
import { indexFile } from '../store/issue-index.js';
import { holdsHeader } from '../store/index-lines.js';
import { findStoreRoot, locateStore } from '../store/locate.js';
import { Store } from '../store/store.js';
import { GITATTRIBUTES_LINE } from './init.js';
import { mergeDriverCommand } from '../git/driver.js';

export interface DoctorOptions {
  json?: boolean;
}

type Level = 'ok' | 'warn' | 'fail';

interface Finding {
  check: string;
  level: Level;
  detail: string;
  fix: string | null;
}

export async function run(opts: DoctorOptions, globals: Globals, io: Io): Promise<number> {
  const findings: Finding[] = [];
  const add = (
    check: string,
    level: Level,
    detail: MessageKey,
    params: Record<string, string | number> = {},
    fix?: MessageKey,
  ) => findings.push({ check, level, detail: t(detail, params), fix: fix ? t(fix, params) : null });

  // 20.3: AbortSignal.any, which the webhooks' one deadline needs
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const fit = major > 20 || (major === 20 && minor >= 3);
  add('node', fit ? 'ok' : 'fail', 'doctor.node', { version: process.version }, fit ? undefined : 'doctor.nodeFix');

  const gitVersion = await git(globals.cwd, ['--version']).catch(() => null);
  if (gitVersion?.code !== 0) add('git', 'fail', 'doctor.noGit', {}, 'doctor.noGitFix');
  else add('git', 'ok', 'doctor.git', { version: gitVersion.stdout.trim().replace(/^git version /, '') });

  const root = findStoreRoot(resolve(globals.cwd));
  if (!root) {
    // the demo script ships with the source, not with an installed package
    const fix = fromSource() ? 'doctor.noStoreFix' : 'doctor.noStoreFixInstalled';
    add('store', 'fail', 'doctor.noStore', { dir: resolve(globals.cwd) }, fix);
    return finish(io, findings, opts);
  }
  let store: Store | null = null;
  try {
    store = await Store.open(root);
    add('config', 'ok', 'doctor.config', { file: join(root, '.aftersales', 'config.yaml') });
  } catch (err) {
    if (!(err instanceof AftersalesError)) throw err;
    add('config', 'fail', 'doctor.configBad', { problem: t(err.key, err.params) }, 'doctor.configFix');
  }

  const inGit = gitVersion?.code === 0 && (await isInsideWorkTree(root));
  if (!inGit) {
    add('repository', 'warn', 'doctor.noRepo', { root }, 'doctor.noRepoFix');
  } else {
    const email = await identityEmail(root);
    if (!email) add('identity', 'fail', 'doctor.noIdentity', {}, 'doctor.noIdentityFix');
    else if (store && !personByEmail(store.config, email))
      add('identity', 'warn', 'doctor.identityUnknown', { email }, 'doctor.identityUnknownFix');
    else
      add('identity', 'ok', 'doctor.identity', {
        email,
        person: (store && personByEmail(store.config, email)?.id) ?? '?',
      });

    const driver = (await git(root, ['config', '--get', 'merge.aftersales.driver'])).stdout.trim();
    if (!driver) add('merge driver', 'warn', 'doctor.noDriver', {}, 'doctor.driverFix');
    else if (driver !== mergeDriverCommand())
      add('merge driver', 'warn', 'doctor.driverMoved', { driver }, 'doctor.driverFix');
    else add('merge driver', 'ok', 'doctor.driver');
    const attributes = join(root, '.gitattributes');
    const attributesOk =
      existsSync(attributes) &&
      readFileSync(attributes, 'utf8')
        .split('\n')
        .some((l) => l.trim() === GITATTRIBUTES_LINE);
    if (!attributesOk)
      add('gitattributes', 'warn', 'doctor.noAttributes', { line: GITATTRIBUTES_LINE }, 'doctor.attributesFix');
    await lfsChecks(root, add);
  }

  if (store && inGit && store.config.notify.hooks.length) {
    const { hooksTrusted } = await import('../notify/trust.js');
    if (await hooksTrusted(root, store.config))
      add('hooks', 'ok', 'doctor.hooksTrusted', { count: store.config.notify.hooks.length });
    else add('hooks', 'warn', 'doctor.hooksUntrusted', {}, 'doctor.hooksFix');
  }
  if (store) {
    peopleChecks(store.config, add);
    await indexChecks(store, add);
    const outbox = join(locateStore(root).runtimeDir, 'outbox');
    const waiting = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.json')).length : 0;
    if (waiting) add('outbox', 'warn', 'doctor.outbox', { count: waiting }, 'doctor.outboxFix');
  }
  return finish(io, findings, opts);
}

type Add = (
  check: string,
  level: Level,
  detail: MessageKey,
  params?: Record<string, string | number>,
  fix?: MessageKey,
) => void;

/** Attachments in LFS need git-lfs and its filter in this clone; large ones outside it, a hint. */
async function lfsChecks(root: string, add: Add): Promise<void> {
  if (usesLfs(root)) {
    if (!(await lfsInstalled(root))) add('lfs', 'fail', 'doctor.lfsMissing', {}, 'doctor.lfsMissingFix');
    else if (!(await lfsFilterSet(root))) add('lfs', 'fail', 'doctor.lfsNoFilter', {}, 'doctor.lfsNoFilterFix');
    else add('lfs', 'ok', 'doctor.lfs');
    return;
  }
  const mb = Math.round(folderBytes(join(root, 'attachments')) / 2 ** 20);
  if (mb >= LARGE_MB) add('lfs', 'warn', 'doctor.attachmentsLarge', { mb }, 'doctor.attachmentsLargeFix');
}

const LARGE_MB = 50;

function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    total += e.isDirectory() ? folderBytes(join(dir, e.name)) : e.isFile() ? statSync(join(dir, e.name)).size : 0;
  return total;
}

function peopleChecks(config: Config, add: Add): void {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const p of config.people) {
    const key = p.email?.toLowerCase();
    if (!key) continue;
    const other = seen.get(key);
    if (other) clashes.push(`${p.email} (${other}, ${p.id})`);
    else seen.set(key, p.id);
  }
  if (clashes.length) add('people', 'fail', 'doctor.emailsClash', { clashes: clashes.join('; ') }, 'doctor.emailsFix');
  else add('people', 'ok', 'doctor.people', { count: config.people.length });
}

async function indexChecks(store: Store, add: Add): Promise<void> {
  const path = indexFile(store);
  let state: MessageKey = 'doctor.indexNone';
  if (existsSync(path)) state = holdsHeader(path, indexHeader()) ? 'doctor.indexCurrent' : 'doctor.indexOld';
  // Reading through the index mends whatever is stale or damaged, and counts what cannot be read.
  const { readAllIssues } = await import('../store/all.js');
  const scan = await readAllIssues(store);
  add('index', 'ok', 'doctor.index', { state: t(state), count: scan.issues.length, file: path });
  if (scan.broken.length) add('issues', 'warn', 'doctor.broken', { count: scan.broken.length }, 'doctor.brokenFix');
}

function finish(io: Io, findings: Finding[], opts: DoctorOptions): number {
  const failed = findings.some((f) => f.level === 'fail');
  if (opts.json) {
    out(io, JSON.stringify({ ok: !failed, findings }, null, 2));
    return failed ? 1 : 0;
  }
  const c = paint(io);
  const mark = { ok: c.green('✓'), warn: c.yellow('!'), fail: c.red('✗') };
  for (const f of findings) {
    // the check's name in JSON is an identifier; here it is a word in the reader's language
    const name = Object.hasOwn(CHECK_NAMES, f.check) ? t(CHECK_NAMES[f.check] as MessageKey) : f.check;
    out(io, `${mark[f.level]} ${name}${t('punct.colon')}${f.detail}`);
    if (f.fix) out(io, `    ${t('doctor.fix')} ${f.fix}`);
  }
  const warned = findings.filter((f) => f.level === 'warn').length;
  out(io, failed ? t('doctor.failed') : warned ? t('doctor.warned', { count: warned }) : t('doctor.healthy'));
  return failed ? 1 : 0;
}

const CHECK_NAMES: Record<string, MessageKey> = {
  node: 'doctorCheck.node',
  git: 'doctorCheck.git',
  store: 'doctorCheck.store',
  config: 'doctorCheck.config',
  repository: 'doctorCheck.repository',
  identity: 'doctorCheck.identity',
  'merge driver': 'doctorCheck.mergeDriver',
  outbox: 'doctorCheck.outbox',
  people: 'doctorCheck.people',
  index: 'doctorCheck.index',
  issues: 'doctorCheck.issues',
  lfs: 'doctorCheck.lfs',
  hooks: 'doctorCheck.hooks',
};
