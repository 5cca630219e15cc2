// Reading a YAML input file (plan, answers, checklist) against a schema, with the first
// problem located as file:line:col.
import { readFileSync } from 'node:fs';
import type * as z from 'zod/mini';
import { AftersalesError } from '../errors.js';
import type { MessageKey } from '../i18n/en.js';
import { schemaProblems, syntaxProblems } from './problems.js';
import { loadYaml, type LoadedYaml } from './yaml.js';
import { safeParse } from '../domain/safe-parse.js';

export function readValidated<S extends z.ZodMiniType>(
  path: string,
  shownAs: string,
  schema: S,
  invalid: MessageKey,
): { data: z.infer<S>; loaded: LoadedYaml } {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    throw new AftersalesError('inputFileMissing', { file: shownAs });
  }
  const loaded = loadYaml(content);
  const problems = syntaxProblems(shownAs, loaded);
  const parsed = problems.length ? null : safeParse(schema, loaded.data ?? {});
  if (parsed && !parsed.success) problems.push(...schemaProblems(shownAs, loaded, parsed.error));
  const p = problems[0];
  if (p || !parsed?.success) {
    const first = p as NonNullable<typeof p>;
    throw new AftersalesError(invalid, {
      location: `${first.file}:${first.line}:${first.column}`,
      field: first.field,
      found: first.found,
      expected: first.expected,
      file: shownAs,
    });
  }
  return { data: parsed.data as z.infer<S>, loaded };
}
