// `aftersales audit`: verify the trail against git. Exit 1 on any finding; the formats of
// `check` (text, json, junit, github).
import { expandConfigEnv } from '../domain/config-env.js';
import { runEnv } from '../io.js';
import { openContext, out, say, type Globals, type Io } from '../context.js';
import { Config } from '../domain/config.js';
import { auditVersions, type Finding, type Version } from '../domain/audit.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardedChanges } from '../domain/audit-fields.js';
import { allowedSigners, signatureProblem, type Signature } from '../domain/signatures.js';
import { Issue } from '../domain/issue.js';
import { personByEmail } from '../domain/people.js';
import { isoInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { git } from '../git/git.js';
import { t } from '../i18n/index.js';
import { githubAnnotation, junit } from '../render/ci.js';
import { repoRelative } from '../store/locate.js';
import { loadYaml } from '../store/yaml.js';
import { safeParse } from '../domain/safe-parse.js';

export interface AuditOptions {
  format?: string;
  requireSigned?: boolean;
}

const FORMATS = ['text', 'json', 'junit', 'github'];

export async function run(inputs: string[], opts: AuditOptions, globals: Globals, io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  if (!FORMATS.includes(format)) throw new AftersalesError('badFormat', { allowed: FORMATS.join(', '), value: format });
  const ctx = await openContext(globals, io);
  const { store } = ctx;
  const ids = inputs.length ? inputs.map((i) => store.resolve(i)) : [...store.listIds(), ...(await deletedIds(store))];
  const configs = new Map<string, Config | null>();
  const configAt = async (commit: string) => {
    if (!configs.has(commit)) {
      const r = await git(store.root, ['show', `${commit}:./.aftersales/config.yaml`]);
      const parsed = r.code === 0 ? safeParse(Config, expandConfigEnv(loadYaml(r.stdout).data ?? {}, runEnv())) : null;
      configs.set(commit, parsed?.success ? parsed.data : null);
    }
    return configs.get(commit) ?? null;
  };
  // read as the tool reads it (defaults filled in), so a field left out and its default are one
  const normalize = (data: unknown) => {
    const parsed = safeParse(Issue, data ?? {});
    return parsed.success ? parsed.data : data;
  };
  const dataAt = async (rev: string, file: string) => {
    const r = await git(store.root, ['show', `${rev}:./${file}`]);
    if (r.code !== 0) return null;
    return (normalize(loadYaml(r.stdout).data ?? null) as Version['data']) ?? null;
  };
  const signatures = signatureReader(store.root, configAt);
  const baseAt = async (parents: string[], file: string) => {
    const base = (await git(store.root, ['merge-base', ...parents])).stdout.trim();
    return base ? dataAt(base, file) : null;
  };
  const findings: Finding[] = [];
  for (const id of ids) {
    const file = store.fileOf(id);
    const log = await git(store.root, ['log', '--reverse', '--full-history', '--format=%H%x1f%P%x1f%ae', '--', file]);
    const versions: Version[] = [];
    for (const line of log.stdout.split('\n').filter(Boolean)) {
      const [commit = '', parents = '', email = ''] = line.split('\x1f');
      const parentList = parents.split(' ').filter(Boolean);
      versions.push({
        commit,
        parents: parentList,
        email,
        signature: opts.requireSigned ? await signatures.of(commit, parentList[0]) : null,
        data: await dataAt(commit, file),
        parentData: await Promise.all(parentList.map((p) => dataAt(p, file))),
        ...(parentList.length === 2 ? { baseData: await baseAt(parentList, file), normalize } : {}),
        config: await configAt(commit),
        parentConfig: parentList[0] ? await configAt(parentList[0]) : null,
      });
    }
    findings.push(...auditVersions(id, versions, { requireSigned: Boolean(opts.requireSigned) }));
  }
  if (!inputs.length)
    findings.push(...(await configFindings(store.root, configAt, opts.requireSigned ? signatures : null)));
  signatures.done();
  const fileOf = (f: Finding) => (f.issue === CONFIG_FILE ? CONFIG_FILE : store.fileOf(f.issue));
  const line = (f: Finding) =>
    `${f.commit.slice(0, 8)}  ${fileOf(f)}${f.field ? `  ${f.field}` : ''}  ${t(`audit.${f.kind}`)}${f.event ? `  ${f.event.at} ${f.event.by} ${f.event.action}` : ''}  (${f.detail})`;
  if (format === 'json') {
    out(io, JSON.stringify({ findings }, null, 2));
  } else if (format === 'junit') {
    out(
      io,
      junit(
        'aftersales audit',
        [...ids, ...(findings.some((f) => f.issue === CONFIG_FILE) ? [CONFIG_FILE] : [])].map((id) => ({
          name: id,
          classname: 'aftersales.audit',
          file: repoRelative(store.paths, id === CONFIG_FILE ? CONFIG_FILE : store.fileOf(id)),
          failures: findings.filter((f) => f.issue === id).map((f) => ({ type: f.kind, message: line(f) })),
        })),
        isoInZone(ctx.now, 'UTC'),
      ),
    );
  } else {
    for (const f of findings) {
      if (format === 'github' || (opts.format === undefined && io.env.GITHUB_ACTIONS === 'true')) {
        out(
          io,
          githubAnnotation(
            'error',
            { file: repoRelative(store.paths, fileOf(f)), line: 1 },
            line(f),
            `aftersales audit: ${f.kind}`,
          ),
        );
      }
      if (format === 'text') out(io, line(f));
    }
    say(
      io,
      findings.length
        ? t('audit.summary', { count: findings.length, issues: ids.length })
        : t('audit.clean', { issues: ids.length }),
    );
  }
  return findings.length ? 1 : 0;
}

const CONFIG_FILE = '.aftersales/config.yaml';

/** Commits that changed who may do what in the config (people, roles, approval, duties …)
 * without an admin, as the config stood before them, making them. The first is exempt, and so
 * is the set-up (a config that names no people yet). */
async function configFindings(
  root: string,
  configAt: (commit: string) => Promise<Config | null>,
  signatures: SignatureReader | null,
): Promise<Finding[]> {
  const log = await git(root, ['log', '--reverse', '--format=%H%x1f%P%x1f%ae', '--', `./${CONFIG_FILE}`]);
  const findings: Finding[] = [];
  for (const [n, entry] of log.stdout.split('\n').filter(Boolean).entries()) {
    const [commit = '', parents = '', email = ''] = entry.split('\x1f');
    const parent = parents.split(' ')[0];
    if (signatures) {
      // the first config commit, and the one giving its author their first keys (which takes an
      // admin, checked above), are checked against the keys they name themselves
      const before = n === 0 || !parent ? null : await configAt(parent);
      const own = !before?.people.find((p) => p.email?.toLowerCase() === email.toLowerCase())?.signing_keys?.length;
      const keys = own ? await configAt(commit) : before;
      const sig = await signatures.of(commit, own ? undefined : parent);
      const problem = signatureProblem(sig, keys ? personByEmail(keys, email) : undefined, email);
      if (problem)
        findings.push({
          issue: CONFIG_FILE,
          kind: sig.status === 'N' ? 'unsigned' : 'signer',
          commit,
          event: null,
          detail: problem,
        });
    }
    if (n === 0) continue;
    if (!parent || parents.includes(' ')) continue; // a merge only unites what its parents hold
    const [before, after] = [await configAt(parent), await configAt(commit)];
    // set-up: until the config names people, no one could be an admin
    if (!before || !after || !before.people.length) continue;
    const changed = guardedChanges(
      before as unknown as Record<string, unknown>,
      after as unknown as Record<string, unknown>,
    );
    const author = personByEmail(before, email);
    if (!changed.length || author?.roles.includes('admin')) continue;
    for (const field of changed)
      findings.push({
        issue: CONFIG_FILE,
        kind: 'config',
        commit,
        event: null,
        field,
        detail: `changed by ${author?.id ?? email}, who is not an admin in the config before it`,
      });
  }
  return findings;
}

interface SignatureReader {
  /** git's word on the commit's signature, SSH keys checked against the config at `keysAt` */
  of(commit: string, keysAt: string | undefined): Promise<Signature>;
  done(): void;
}

/** Signatures read through an allowed-signers file per config (temporary, removed at the end). */
function signatureReader(root: string, configAt: (commit: string) => Promise<Config | null>): SignatureReader {
  let dir: string | null = null;
  const files = new Map<string, string>();
  const fileFor = (content: string) => {
    let file = files.get(content);
    if (!file) {
      dir ??= mkdtempSync(join(tmpdir(), 'aftersales-signers-'));
      file = join(dir, `${files.size}.allowed`);
      writeFileSync(file, content);
      files.set(content, file);
    }
    return file;
  };
  return {
    async of(commit, keysAt) {
      const config = await configAt(keysAt ?? commit);
      const signers = fileFor(config ? allowedSigners(config) : '');
      const r = await git(root, [
        '-c',
        `gpg.ssh.allowedSignersFile=${signers}`,
        'show',
        '-s',
        '--no-show-signature', // log.showSignature would print the check before the format
        '--format=%G?%x1f%GS%x1f%GF%x1f%GP',
        commit,
      ]);
      const [status = 'N', signer = '', fingerprint = '', primary = ''] = r.stdout.trim().split('\x1f');
      return { status, signer, fingerprints: [fingerprint, primary] };
    },
    done() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** IDs of issue files the history holds that are gone from issues/ now (deleted by hand). */
async function deletedIds(store: { root: string; listIds(): string[] }): Promise<string[]> {
  const r = await git(store.root, ['log', '--diff-filter=D', '--name-only', '--format=', '--', './issues/']);
  const present = new Set(store.listIds());
  const gone = r.stdout
    .split('\n')
    .map((p) => /(?:^|\/)issues\/([^/]+)\.yaml$/.exec(p.trim())?.[1])
    .filter((id): id is string => Boolean(id) && !present.has(id as string));
  return [...new Set(gone)].sort();
}
