// `aftersales init`: create a store (config, issues/, .gitattributes, the JSON Schema),
// running `git init` where there is no repository. In a clone of an existing store it
// only registers this clone's local git settings and changes no tracked file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { say, type Globals, type Io } from '../context.js';
import { PREFIX_PATTERN } from '../domain/id.js';
import { isValidTimeZone } from '../domain/time.js';
import { AftersalesError } from '../errors.js';
import { commitFiles, gitInit, isInsideWorkTree, setLocalConfig, shellQuote } from '../git/git.js';
import { applyConfigLocale, parseLocale, t } from '../i18n/index.js';
import { writeFileAtomic } from '../store/files.js';
import { findStoreRoot } from '../store/locate.js';
import { packagePath } from '../package-root.js';

export interface InitOptions {
  prefix?: string;
  lang?: string;
  timezone?: string;
  commit?: boolean;
}

export const GITATTRIBUTES_LINE = 'issues/*.yaml merge=aftersales';

export function packageFile(rel: string): string {
  return readFileSync(packagePath(rel), 'utf8');
}

/** The command git runs as the merge driver: this node and this script, by absolute
 * path, so it works without a global install. */
export function mergeDriverCommand(): string {
  const script = packagePath('bin', 'aftersales.js');
  return `${shellQuote(process.execPath)} ${shellQuote(script)} merge-file %O %A %B %P`;
}

/** Settings that live in .git/config, so every clone must register them itself. */
async function registerLocalSettings(root: string): Promise<void> {
  if (!(await isInsideWorkTree(root))) return;
  await setLocalConfig(root, 'merge.aftersales.name', 'aftersales: merge issue files by field');
  await setLocalConfig(root, 'merge.aftersales.driver', mergeDriverCommand());
}

export async function run(opts: InitOptions, globals: Globals, io: Io): Promise<number> {
  const dir = resolve(globals.cwd);
  if (!existsSync(dir)) throw new AftersalesError('noSuchDir', { dir });
  const existing = findStoreRoot(dir);
  if (existing) {
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
  await registerLocalSettings(dir);
  const touched = [...files.map(([rel]) => rel), '.gitattributes'];
  say(io, t('initDone', { root: dir, prefix, timezone }));
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
