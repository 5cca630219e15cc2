// The one YAML loader and writer. Documents are kept (not just their data) so a rewrite
// changes only what changed: comments, key order, quoting and unknown keys survive.
import { Document, type YAMLMap, isMap, isSeq, isScalar, LineCounter, parseDocument, type Node } from 'yaml';

export const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;
/** Read as YAML 1.2 (the core schema: no timestamps, no `yes`), but written so a YAML 1.1
 * reader (PyYAML, js-yaml's default) reads the same: a string it would take for a timestamp,
 * a boolean or a number is quoted. */
const SCHEMA = { version: '1.2', compat: 'yaml-1.1', uniqueKeys: true } as const;
const MAX_ALIASES = 20;

export interface Location {
  line: number;
  column: number;
}

export interface LoadedYaml {
  doc: Document;
  lines: LineCounter;
  /** plain data, or undefined when the text does not parse */
  data: unknown;
  syntax: { location: Location; message: string } | null;
  aliasError: string | null;
}

export function loadYaml(text: string): LoadedYaml {
  const lines = new LineCounter();
  // YAML 1.2 core schema: no timestamp or sexagesimal surprises; strict keys.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, ...SCHEMA });
  // A NUL is no text (YAML forbids it; git and terminals choke on it): refused where it stands.
  const failed = (offset: number, message: string): LoadedYaml => {
    const pos = lines.linePos(offset);
    return {
      doc,
      lines,
      data: undefined,
      syntax: { location: { line: pos.line, column: pos.col }, message },
      aliasError: null,
    };
  };
  const nul = text.indexOf('\0');
  if (nul >= 0) return failed(nul, 'a NUL character, which no text may hold');
  const first = doc.errors[0];
  if (first) return failed(first.pos[0], first.message.split('\n')[0] ?? first.message);
  try {
    return { doc, lines, data: doc.toJS({ maxAliasCount: MAX_ALIASES }), syntax: null, aliasError: null };
  } catch (err) {
    return { doc, lines, data: undefined, syntax: null, aliasError: err instanceof Error ? err.message : String(err) };
  }
}

/** Where the value at `path` starts. A missing value is placed at the key of its
 * nearest existing parent (`customer:` for a missing `customer.name`). */
export function locate(loaded: Pick<LoadedYaml, 'doc' | 'lines'>, path: readonly PropertyKey[]): Location {
  const at = (offset: number): Location => {
    const pos = loaded.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  for (let n = path.length; n >= 0; n--) {
    const node = loaded.doc.getIn(path.slice(0, n) as (string | number)[], true) as Node | undefined;
    if (!node || typeof node !== 'object' || !('range' in node) || !node.range) continue;
    if (n === path.length || n === 0) return at(node.range[0]);
    const parentPath = path.slice(0, n - 1) as (string | number)[];
    const parent = parentPath.length ? loaded.doc.getIn(parentPath, true) : loaded.doc.contents;
    const key = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
    }
    return at(node.range[0]);
  }
  return { line: 1, column: 1 };
}

/** The line on which a key's value sits, e.g. for a CI annotation on `due.resolution`. */
export function lineOf(loaded: Pick<LoadedYaml, 'doc' | 'lines'>, path: readonly PropertyKey[]): number {
  return locate(loaded, path).line;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** Drop nulls, empty arrays and empty objects: files hold only what is known. */
export function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p === null || p === undefined) continue;
      if (Array.isArray(p) && p.length === 0) continue;
      if (isPlainObject(p) && Object.keys(p).length === 0) continue;
      out[k] = p;
    }
    return out;
  }
  return value;
}

/** Two list elements are the same thing: same id (actions), round, path, or event. */
function sameThing(a: unknown, b: unknown): boolean {
  if (!isPlainObject(a) || !isPlainObject(b)) return typeof a !== 'object' && typeof b !== 'object';
  // a round renumbered by a merge is another round in its slot: a round is its number, time and actor
  if ('round' in a || 'round' in b) return a.round === b.round && a.at === b.at && a.by === b.by;
  for (const key of ['id', 'path']) if (key in a || key in b) return a[key] === b[key];
  if ('at' in a && 'action' in a) return a.at === b.at && a.action === b.action && a.by === b.by;
  return false;
}

const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  (Array.isArray(v) && v.length === 0) ||
  (isPlainObject(v) && Object.keys(prune(v) as object).length === 0);

/**
 * Bring `doc` from `before` to `after` (both plain data, `before` parsed from `doc`),
 * touching only the nodes whose values differ. `keyOrder` places new top-level keys.
 */
export function applyChanges(doc: Document, before: unknown, after: unknown, keyOrder: readonly string[] = []): void {
  sync(doc, [], before, after, keyOrder);
}

function sync(
  doc: Document,
  path: (string | number)[],
  before: unknown,
  after: unknown,
  keyOrder: readonly string[],
): void {
  if (deepEqual(before, after)) return;
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isPlainObject(before) && isPlainObject(after) && isMap(node)) {
    for (const key of Object.keys(after)) {
      sync(doc, [...path, key], before[key], after[key], path.length === 0 ? keyOrder : []);
    }
    for (const key of Object.keys(before)) {
      if (!(key in after) && node.has(key)) doc.deleteIn([...path, key]);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && isSeq(node) && node.items.length === before.length) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) {
      // Update an element in place only when it is the same thing (keeps its comments);
      // a different element takes the slot whole, so its keys keep their own order.
      if (sameThing(before[i], after[i])) sync(doc, [...path, i], before[i], after[i], []);
      else if (!deepEqual(before[i], after[i])) node.set(i, doc.createNode(prune(after[i])));
    }
    for (let i = common; i < after.length; i++) node.add(doc.createNode(prune(after[i])));
    for (let i = before.length - 1; i >= after.length; i--) node.delete(i);
    return;
  }
  if (isEmpty(after)) {
    if (node !== undefined && node !== null) doc.deleteIn(path);
    return;
  }
  const value = prune(after);
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    node.value = value; // keeps the scalar's comments and quoting style
    return;
  }
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (isMap(parent) && typeof key === 'string' && !parent.has(key) && parentPath.length === 0 && keyOrder.length > 0) {
    insertInOrder(doc, parent, key, value, keyOrder);
    return;
  }
  doc.setIn(path, doc.createNode(value));
}

function insertInOrder(doc: Document, map: YAMLMap, key: string, value: unknown, order: readonly string[]): void {
  const rank = (k: unknown) => {
    const name = isScalar(k) ? String(k.value) : String(k);
    const i = order.indexOf(name);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  const mine = rank(key);
  // After the last key the schema puts before this one; unknown keys stay where they are.
  let at = 0;
  map.items.forEach((p, i) => {
    if (rank(p.key) < mine) at = i + 1;
  });
  map.items.splice(at, 0, doc.createPair(key, value));
}

export function newDocument(data: unknown, header: string): Document {
  const doc = new Document(prune(data), SCHEMA);
  doc.commentBefore = header;
  return doc;
}

export function stringify(doc: Document): string {
  return doc.toString(STRINGIFY);
}

/** A double-quoted scalar (a value, a key, a list or flow item) that would read the same
 * plain under YAML 1.2: no escapes, no indicators or separators, nothing the core schema takes
 * for a number, a boolean or a null. Used only to compare lines; see restoreSpacing. */
const QUOTED = /(^|[\s[{,])"([^"\\\n]*)"(?=$|[\s,\]}:])/gu;
const PLAIN_SAFE = /^[\p{L}\p{N}](?:[^"'\\#,[\]{}\s:]|:(?=\S)| (?=[^\s#]))*$/u;
const CORE_NON_STRING = /^(?:[-+]?(?:\.\d+|\d+\.?\d*)(?:e[-+]?\d+)?|0o[0-7]+|0x[\da-f]+|\.inf|\.nan|true|false|null)$/i;
const needlessQuotes = (value: string) => PLAIN_SAFE.test(value) && !CORE_NON_STRING.test(value);

/** yaml re-spaces trailing comments (`a: 1   # x` → `a: 1 # x`) and quotes what a YAML 1.1
 * reader would misread (`at: 2026-11-23T10:00:00+08:00` → `at: "…"`). Put back every line
 * that differs from an original line only in that, so untouched lines stay byte-identical
 * (as the hand wrote them) and diffs show just the change. */
export function restoreSpacing(
  original: string,
  rewritten: string,
  dataOf: () => unknown = () => loadYaml(rewritten).data,
): string {
  const unquote = (line: string) =>
    line.replace(QUOTED, (all, before: string, value: string) => (needlessQuotes(value) ? before + value : all));
  const norm = (line: string) => unquote(line.replace(/\s+#/, ' #').trimEnd());
  const pool = new Map<string, string[]>();
  for (const line of original.split('\n')) {
    const key = norm(line);
    const list = pool.get(key);
    if (list) list.push(line);
    else pool.set(key, [line]);
  }
  const restored = rewritten
    .split('\n')
    .map((line) => {
      const list = pool.get(norm(line));
      return list?.length ? (list.shift() as string) : line;
    })
    .join('\n');
  // Lines alike when compared are not always alike in what they say (quotes inside a block
  // scalar, a changed value equal to another line's old one): then the file as rewritten.
  // `dataOf` gives what the rewrite says: the caller holds the document it stringified.
  if (restored === rewritten) return restored;
  const kept = loadYaml(restored).data;
  return kept !== undefined && deepEqual(kept, dataOf()) ? restored : rewritten;
}
