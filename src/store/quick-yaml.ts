// The quick reading of YAML: js-yaml, about ten times faster than the careful loader (the
// `yaml` library, which keeps comments and positions for rewriting), taught the YAML 1.2
// core schema exactly as `yaml` resolves it. It declines — null, so the careful path
// decides — whatever it might read otherwise. test/store/yaml-equivalence.test.ts holds the
// two readings equal over tricky scalars in every field kind.
import jsYaml from 'js-yaml';
import { Issue } from '../domain/issue.js';
import { safeParse } from '../domain/safe-parse.js';

// Anchors, aliases, tags and conflict markers take the careful path; so does a null key
// (`~:`, `null:`), which js-yaml names "null" and `yaml` names "", a directive (`%YAML 1.1`
// changes how yaml reads scalars) and a line over 1,024 characters (yaml refuses an
// implicit key that long).
const CAREFUL = /(^|[\s[{,:-])[&*!][^\s]|^(<{7}|={7}|>{7}|\|{7})( |$)/m;
const NULL_KEY = /(?:^|[{,[?])[ \t-]*(?:~|[Nn]ull|NULL)?[ \t]*:(?:[ \t]|$)/m;

/** A plain scalar of the YAML 1.2 core schema, resolved as the `yaml` library resolves it
 * (its schema/core tags): no 0b, no 1_000, no yes/no, no dates — those stay strings. */
const scalar = (tag: string, test: RegExp, construct: (text: string) => unknown) =>
  new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (text: string | null) => text !== null && test.test(text),
    construct,
  });
const FLOAT =
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
const CORE_1_2 = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsYaml.Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (text: string | null) => text === null || /^(?:~|[Nn]ull|NULL)?$/.test(text),
      construct: () => null,
    }),
    scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'),
    scalar('int', /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/, (text) =>
      text.startsWith('0o')
        ? Number.parseInt(text.slice(2), 8)
        : text.startsWith('0x')
          ? Number.parseInt(text.slice(2), 16)
          : Number.parseInt(text, 10),
    ),
    scalar('float', FLOAT, (text) =>
      /nan$/i.test(text)
        ? Number.NaN
        : /inf$/i.test(text)
          ? text[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY
          : Number.parseFloat(text),
    ),
  ],
});

/** Whether `text` may hold what CAREFUL looks for: a few plain searches first, since the
 * regular expression, tried at every position, was a tenth of a cold index build. */
const mayNeedCare = (text: string) =>
  text.includes('&') ||
  text.includes('*') ||
  text.includes('!') ||
  text.includes('<<<<<<<') ||
  text.includes('=======') ||
  text.includes('>>>>>>>') ||
  text.includes('|||||||');

/** Whether a line is longer than the 1,024 characters yaml allows an implicit key. */
function hasLongLine(text: string): boolean {
  for (let at = 0; at < text.length; ) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    if (end - at > 1024) return true;
    at = end + 1;
  }
  return false;
}

/** The data of a YAML text such as a word list, where no field kind needs the careful
 * loader's exact reading (anchors and aliases are read too); throws on a syntax error. */
export const quickParse = (text: string): unknown => jsYaml.load(text, { schema: CORE_1_2 });

/** The data of a YAML text, or null where the careful loader must read it (a syntax error
 * included: it says where). */
export function quickLoad(text: string): { data: unknown } | null {
  if ((mayNeedCare(text) && CAREFUL.test(text)) || NULL_KEY.test(text)) return null;
  if (text.startsWith('%') || text.includes('\n%') || hasLongLine(text)) return null;
  try {
    return { data: quickParse(text) };
  } catch {
    return null;
  }
}

/** The issue a file's text holds, if it reads quickly and passes the schema (null: ask the
 * careful path, which also says what is wrong). */
export function quickIssue(text: string): Issue | null {
  const loaded = quickLoad(text);
  const parsed = loaded && safeParse(Issue, loaded.data ?? {});
  return parsed?.success ? parsed.data : null;
}
