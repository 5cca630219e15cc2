// `aftersales schema`: write the editors' JSON Schema of an issue file with the config's own
// fields (`fields:`), so that an editor checks their kinds as `validate` does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openContext, say, type Globals, type Io } from '../context.js';
import { storeSchema } from '../domain/fields.js';
import { commitFiles } from '../git/git.js';
import { t } from '../i18n/index.js';
import { packagePath } from '../package-root.js';
import { readIfExists, writeFileAtomic } from '../store/files.js';

export const SCHEMA_FILE = '.aftersales/issue.schema.json';

/** The schema the store's config calls for, and whether the file holds it already. */
export function schemaState(
  root: string,
  config: Parameters<typeof storeSchema>[1],
): { wanted: string; current: boolean } {
  const wanted = storeSchema(readFileSync(packagePath('schema', 'issue.schema.json'), 'utf8'), config);
  return { wanted, current: readIfExists(join(root, SCHEMA_FILE))?.toString('utf8') === wanted };
}

export async function run(opts: { commit?: boolean }, globals: Globals, io: Io): Promise<number> {
  const { store } = await openContext(globals, io);
  const { wanted, current } = schemaState(store.root, store.config);
  if (current) {
    say(io, t('schemaCurrent'));
    return 0;
  }
  writeFileAtomic(join(store.root, SCHEMA_FILE), wanted);
  say(io, t('schemaWritten', { count: store.config.fields.length }));
  if (opts.commit !== false)
    await commitFiles({
      root: store.root,
      files: [SCHEMA_FILE],
      subject: 'aftersales: the issue schema follows the config',
      trailers: [['Aftersales-Action', 'schema']],
    });
  return 0;
}
