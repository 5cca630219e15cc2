// `aftersales init`: create a store (config, issues/, .gitattributes, the JSON Schema),
// running `git init` where there is no repository. In a clone of an existing store it
// only registers this clone's local git settings and changes no tracked file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { say, type Globals, type Io } from '../context.js';
import { PREFIX_PATTERN } from '../domain/id.js';
import { isValidTimeZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { commitFiles, gitInit, identityEmail, isInsideWorkTree, setLocalConfig } from '../git/git.js';
import { mergeDriverCommand } from '../git/driver.js';
import { applyConfigLocale, parseLocale, t } from '../i18n/index.js';
import { writeFileAtomic } from '../store/files.js';
import { findStoreRoot } from '../store/locate.js';
import { packagePath } from '../package-root.js';
import { installLfs, lfsInstalled, trackAttachments, usesLfs } from '../git/lfs.js';

export interface InitOptions {
  prefix?: string;
  lang?: string;
  timezone?: string;
  /** keep attachments/** in Git LFS */
  lfs?: boolean;
  commit?: boolean;
}

export const GITATTRIBUTES_LINE = 'issues/*.yaml merge=aftersales';

export function packageFile(rel: string): string {
  return readFileSync(packagePath(rel), 'utf8');
}

/** Settings that live in .git/config, so every clone must register them itself (LFS's
 * hooks too, where the store keeps its attachments there and git-lfs is installed). */
async function registerLocalSettings(root: string): Promise<void> {
  if (!(await isInsideWorkTree(root))) return;
  await setLocalConfig(root, 'merge.aftersales.name', 'aftersales: merge issue files by field');
  await setLocalConfig(root, 'merge.aftersales.driver', mergeDriverCommand());
  if (usesLfs(root) && (await lfsInstalled(root))) await installLfs(root);
}

/** `init --lfs` in a store that has none yet: the .gitattributes line, committed. */
async function addLfs(root: string, opts: InitOptions, io: Io): Promise<void> {
  if (!trackAttachments(root)) return;
  await installLfs(root);
  say(io, t('initLfs'));
  if (opts.commit !== false)
    await commitFiles({
      root,
      files: ['.gitattributes'],
      subject: 'aftersales: keep attachments in Git LFS',
      trailers: [['Aftersales-Action', 'init']],
    });
}

export async function run(opts: InitOptions, globals: Globals, io: Io): Promise<number> {
  const dir = resolve(globals.cwd);
  if (!existsSync(dir)) throw new AftersalesError('noSuchDir', { dir });
  const existing = findStoreRoot(dir);
  // git-lfs is asked for before anything is written
  if (opts.lfs && !(await lfsInstalled(existing ?? dir))) throw new AftersalesError('lfsMissing');
  if (existing) {
    if (opts.lfs) await addLfs(existing, opts, io);
    await registerLocalSettings(existing);
    say(io, t('initClone', { root: existing }));
    return 0;
  }
  const prefix = (opts.prefix ?? 'AS').toUpperCase();
  if (!PREFIX_PATTERN.test(prefix)) throw new AftersalesError('badPrefix', { value: opts.prefix });
  const timezone = opts.timezone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  if (!isValidTimeZone(timezone)) throw new AftersalesError('badTimezone', { value: timezone });
  const locale = opts.lang === undefined ? undefined : parseLocale(opts.lang);
  if (opts.lang !== undefined && !locale) throw new AftersalesError('badLang', { value: opts.lang });
  applyConfigLocale(locale ?? undefined);
  // the first commit needs an identity: say so before anything is written, not after a success line
  if (opts.commit !== false && !(await identityEmail(dir))) throw new AftersalesError('initNoIdentity');

  if (!(await isInsideWorkTree(dir))) {
    await gitInit(dir);
    say(io, t('initGit', { root: dir }));
  }
  const config = packageFile('templates/config.yaml')
    .replaceAll('{{prefix}}', prefix)
    .replaceAll('{{timezone}}', timezone)
    .replace(
      '{{locale}}',
      locale
        ? `locale: ${locale}                # language of messages: en | zh-CN\n`
        : '# locale: zh-CN               # language of messages: en | zh-CN\n',
    );
  const files: [string, string][] = [
    ['.aftersales/config.yaml', config],
    ['.aftersales/issue.schema.json', packageFile('schema/issue.schema.json')],
    ['issues/.gitkeep', ''],
  ];
  for (const [rel, content] of files) writeFileAtomic(join(dir, rel), content);
  const attributes = join(dir, '.gitattributes');
  const before = existsSync(attributes) ? readFileSync(attributes, 'utf8') : '';
  if (!before.split('\n').includes(GITATTRIBUTES_LINE)) {
    writeFileSync(attributes, `${before}${before && !before.endsWith('\n') ? '\n' : ''}${GITATTRIBUTES_LINE}\n`);
  }
  if (opts.lfs) trackAttachments(dir);
  await registerLocalSettings(dir);
  const touched = [...files.map(([rel]) => rel), '.gitattributes'];
  say(io, t('initDone', { root: dir, prefix, timezone }));
  if (opts.lfs) say(io, t('initLfs'));
  if (opts.commit !== false) {
    await commitFiles({
      root: dir,
      files: touched,
      subject: `aftersales: init store (prefix ${prefix})`,
      trailers: [['Aftersales-Action', 'init']],
    });
  }
  return 0;
}
