// `aftersales audit`: verify the trail against git. Exit 1 on any finding; the formats of
// `check` (text, json, junit, github).
import { openContext, out, say, type Globals, type Io } from '../context.js';
import { Config } from '../domain/config.js';
import { auditVersions, type Finding, type Version } from '../domain/audit.js';
import { isoInZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { git } from '../git/git.js';
import { t } from '../i18n/index.js';
import { githubAnnotation, junit } from '../render/ci.js';
import { repoRelative } from '../store/locate.js';
import { loadYaml } from '../store/yaml.js';

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
  const ids = inputs.length ? inputs.map((i) => store.resolve(i)) : store.listIds();
  const configs = new Map<string, Config | null>();
  const configAt = async (commit: string) => {
    if (!configs.has(commit)) {
      const r = await git(store.root, ['show', `${commit}:./.aftersales/config.yaml`]);
      const parsed = r.code === 0 ? Config.safeParse(loadYaml(r.stdout).data ?? {}) : null;
      configs.set(commit, parsed?.success ? parsed.data : null);
    }
    return configs.get(commit) ?? null;
  };
  const dataAt = async (rev: string, file: string) => {
    const r = await git(store.root, ['show', `${rev}:./${file}`]);
    return r.code === 0 ? ((loadYaml(r.stdout).data as Version['data']) ?? null) : null;
  };
  const findings: Finding[] = [];
  for (const id of ids) {
    const file = store.fileOf(id);
    const log = await git(store.root, [
      'log',
      '--reverse',
      '--full-history',
      '--format=%H%x1f%P%x1f%ae%x1f%G?',
      '--',
      file,
    ]);
    const versions: Version[] = [];
    for (const line of log.stdout.split('\n').filter(Boolean)) {
      const [commit = '', parents = '', email = '', signature = 'N'] = line.split('\x1f');
      const parentList = parents.split(' ').filter(Boolean);
      versions.push({
        commit,
        parents: parentList,
        email,
        signature,
        data: await dataAt(commit, file),
        parentData: await Promise.all(parentList.map((p) => dataAt(p, file))),
        config: await configAt(commit),
      });
    }
    findings.push(...auditVersions(id, versions, { requireSigned: Boolean(opts.requireSigned) }));
  }
  const line = (f: Finding) =>
    `${f.issue}  ${t(`audit.${f.kind}`)}  ${f.commit.slice(0, 8)}${f.event ? `  ${f.event.at} ${f.event.by} ${f.event.action}` : ''}  (${f.detail})`;
  if (format === 'json') {
    out(io, JSON.stringify({ findings }, null, 2));
  } else if (format === 'junit') {
    out(
      io,
      junit(
        'aftersales audit',
        ids.map((id) => ({
          name: id,
          classname: 'aftersales.audit',
          file: repoRelative(store.paths, store.fileOf(id)),
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
            { file: repoRelative(store.paths, store.fileOf(f.issue)), line: 1 },
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
