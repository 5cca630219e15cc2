// `aftersales merge-file %O %A %B %P`: git's merge driver for issue files (registered by
// `init`). Merges by field and writes the result over %A; when it meets something it
// cannot merge (a file that does not parse), it leaves git's standard conflict markers
// and exits 1, and `validate` names the file.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Globals, Io } from '../context.js';
import { say } from '../context.js';
import { ISSUE_KEY_ORDER } from '../domain/issue.js';
import { Issue } from '../domain/issue.js';
import { mergeIssue } from '../domain/merge.js';
import { git } from '../git/git.js';
import { t } from '../i18n/index.js';
import { conflictMarkers } from '../store/problems.js';
import { applyChanges, loadYaml, restoreSpacing, stringify } from '../store/yaml.js';
import { safeParse } from '../domain/safe-parse.js';

export async function run(
  base: string,
  ours: string,
  theirs: string,
  shownAs: string | undefined,
  globals: Globals,
  io: Io,
): Promise<number> {
  const texts = [base, ours, theirs].map((p) => readFileSync(p, 'utf8'));
  const loaded = texts.map((text) => loadYaml(text));
  const sound = loaded.every((l, i) => l.data !== undefined && conflictMarkers('', texts[i] as string).length === 0);
  const [o, a, b] = loaded as [ReturnType<typeof loadYaml>, ReturnType<typeof loadYaml>, ReturnType<typeof loadYaml>];
  if (sound) {
    const merged = mergeIssue(o.data, a.data, b.data);
    if (safeParse(Issue, merged).success) {
      applyChanges(a.doc, a.data, merged, ISSUE_KEY_ORDER);
      writeFileSync(
        ours,
        restoreSpacing(texts[1] as string, stringify(a.doc), () => a.doc.toJS()),
      );
      return 0;
    }
  }
  // Leave it to a person: standard markers, which validate reports.
  const r = await git(globals.cwd, ['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', ours, base, theirs]);
  say(io, t('mergeConflict', { file: shownAs ?? ours }));
  return r.code === 0 ? 0 : 1;
}
