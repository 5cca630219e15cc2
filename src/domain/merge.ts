// Three-way merge of an issue, field by field, for the git merge driver. Both sides'
// history is kept, united and ordered by time; lists of things with ids (actions,
// acceptance rounds, attachments) merge by id; where both sides changed the same field,
// the side whose newest event is later wins. The result does not depend on which side is
// "ours": merging A into B and B into A give the same issue.
import { replayStatus } from './consistency.js';
import { byCodePoint } from './order.js';

type Data = unknown;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with sorted keys: equal data, equal text. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v))
    return `{${Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** Lists merged by a key, per path from the top of the issue. */
const KEYED: Record<string, string> = {
  actions: 'id',
  attachments: 'path',
  // two clones approving two levels of one plan: both levels stay given
  'approval.given': 'role',
};
/** Lists of plain values merged as sets. */
const SETS = new Set(['cc', 'knowledge.tags', 'rca.indirect_causes']);

interface Sides {
  /** which side wins a conflict: 1 = a, -1 = b */
  later: 1 | -1;
}

function eventsOf(v: unknown): Obj[] {
  return isObj(v) && Array.isArray(v.history) ? (v.history.filter(isObj) as Obj[]) : [];
}

/** The newest `at` among events a side added since the base. */
function newestAdded(base: unknown, side: unknown): number {
  const known = new Set(eventsOf(base).map(canonical));
  return Math.max(
    -Infinity,
    ...eventsOf(side)
      .filter((e) => !known.has(canonical(e)))
      .map((e) => Date.parse(String(e.at))),
  );
}

export function mergeHistory(base: Obj[], a: Obj[], b: Obj[]): Obj[] {
  // An event is kept when either side has it; one that a side removed from the base stays
  // too: history is only ever appended to. Events keep the base's order; the events new on
  // either side join it by time (ties in a fixed order, whichever side is "ours").
  const known = new Set(base.map(canonical));
  const fresh = new Map<string, Obj>();
  for (const e of [...a, ...b]) if (!known.has(canonical(e))) fresh.set(canonical(e), e);
  const added = [...fresh.entries()].sort(([ka], [kb]) => byCodePoint(ka, kb)).map(([, e]) => e);
  const time = (e: Obj) => Date.parse(String(e.at));
  return [...base, ...added].sort((x, y) => time(x) - time(y)); // stable: ties keep this order
}

function mergeValue(path: string, o: Data, a: Data, b: Data, sides: Sides): Data {
  if (same(a, b)) return a;
  if (same(o, a)) return b;
  if (same(o, b)) return a;
  if (path === 'history' && Array.isArray(a) && Array.isArray(b)) {
    return mergeHistory(
      Array.isArray(o) ? (o.filter(isObj) as Obj[]) : [],
      a.filter(isObj) as Obj[],
      b.filter(isObj) as Obj[],
    );
  }
  if (path === 'acceptance.rounds' && Array.isArray(a) && Array.isArray(b))
    return mergeRounds(Array.isArray(o) ? o : [], a, b);
  const key = KEYED[path];
  if (key && Array.isArray(a) && Array.isArray(b)) return mergeKeyed(path, key, Array.isArray(o) ? o : [], a, b, sides);
  if (SETS.has(path) && Array.isArray(a) && Array.isArray(b)) return mergeSet(Array.isArray(o) ? o : [], a, b);
  if (isObj(a) && isObj(b)) {
    const base = isObj(o) ? o : {};
    const out: Obj = {};
    for (const k of orderedKeys(base, a, b)) {
      const v = mergeValue(path ? `${path}.${k}` : k, base[k], a[k], b[k], sides);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  // both changed the same value differently: the later side wins
  return sides.later === 1 ? a : b;
}

/** Keys in a deterministic order: the base's, then new ones in code-point order. */
function orderedKeys(o: Obj, a: Obj, b: Obj): string[] {
  const fresh = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !(k in o)).sort(byCodePoint);
  return [...Object.keys(o).filter((k) => k in a || k in b), ...fresh];
}

function mergeKeyed(path: string, key: string, o: unknown[], a: unknown[], b: unknown[], sides: Sides): unknown[] {
  const id = (x: unknown) => (isObj(x) ? canonical(x[key]) : canonical(x));
  const index = (xs: unknown[]) => new Map(xs.map((x) => [id(x), x]));
  const [io, ia, ib] = [index(o), index(a), index(b)];
  const ids = [...io.keys(), ...[...new Set([...ia.keys(), ...ib.keys()])].filter((k) => !io.has(k)).sort(byCodePoint)];
  const out: unknown[] = [];
  for (const k of ids) {
    const [xo, xa, xb] = [io.get(k), ia.get(k), ib.get(k)];
    if (xa === undefined && xb === undefined) continue;
    if (xa === undefined) {
      if (!same(xo, xb)) out.push(xb); // deleted here, changed there: the change is kept
      continue;
    }
    if (xb === undefined) {
      if (!same(xo, xa)) out.push(xa);
      continue;
    }
    out.push(mergeValue(`${path}[]`, xo, xa, xb, sides));
  }
  return out;
}

/** Acceptance rounds are records, never mixed: the base's stay as they were; the rounds each
 * side added are all kept, whole, in time order, and numbered on from the base's. */
function mergeRounds(o: unknown[], a: unknown[], b: unknown[]): unknown[] {
  const fresh = new Map<string, Obj>();
  for (const r of [...a.slice(o.length), ...b.slice(o.length)]) if (isObj(r)) fresh.set(canonical(r), r);
  const time = (r: Obj) => Date.parse(String(r.at));
  const added = [...fresh.entries()]
    .sort(([ka, x], [kb, y]) => time(x) - time(y) || byCodePoint(ka, kb))
    .map(([, r], n) => ({ ...r, round: o.length + n + 1 }));
  return [...o, ...added];
}

function mergeSet(o: unknown[], a: unknown[], b: unknown[]): unknown[] {
  const key = canonical;
  const removed = new Set(o.map(key).filter((k) => !a.map(key).includes(k) || !b.map(key).includes(k)));
  const all = new Map<string, unknown>();
  for (const x of [...o, ...a, ...b]) if (!removed.has(key(x))) all.set(key(x), x);
  const baseOrder = o.map(key).filter((k) => all.has(k));
  const fresh = [...all.keys()].filter((k) => !baseOrder.includes(k)).sort(byCodePoint);
  return [...baseOrder, ...fresh].map((k) => all.get(k));
}

/** Merge three versions of an issue's data (as parsed from YAML, without defaults). */
export function mergeIssue(base: Data, a: Data, b: Data): Data {
  const na = newestAdded(base, a);
  const nb = newestAdded(base, b);
  // Ties (or no events) are broken by content, so the result is the same either way round.
  const later: 1 | -1 = na > nb ? 1 : nb > na ? -1 : byCodePoint(canonical(a), canonical(b)) >= 0 ? 1 : -1;
  const merged = mergeValue('', base, a, b, { later });
  return isObj(merged) ? settle(merged, a, b) : merged;
}

/** What follows from the merged events and rounds: the status the events lead to, and the
 * acceptance summary of the round that decided it (an accept or a failed round that applied),
 * else of the side whose round is now the last. */
function settle(merged: Obj, a: Data, b: Data): Obj {
  const out = { ...merged };
  const move = replayStatus(eventsOf(merged) as { at: string; from?: unknown; to?: unknown }[]);
  if (move) out.status = move[0].to;
  const acceptance = isObj(merged.acceptance) ? merged.acceptance : null;
  const rounds = Array.isArray(acceptance?.rounds) ? acceptance.rounds.filter(isObj) : [];
  const decided = move && /^accept/.test(String((move[0] as Obj).action)) ? move[0].at : null;
  const last = rounds.find((r) => decided !== null && r.at === decided) ?? rounds.at(-1);
  if (acceptance && last) {
    const owner = [a, b].find((s) => {
      const rounds = isObj(s) && isObj(s.acceptance) && Array.isArray(s.acceptance.rounds) ? s.acceptance.rounds : [];
      return rounds.some((r) => isObj(r) && r.at === last.at && r.by === last.by);
    });
    if (isObj(owner) && isObj(owner.acceptance)) {
      const { rounds: _, ...summary } = owner.acceptance;
      out.acceptance = { ...acceptance, ...summary, rounds: acceptance.rounds };
    }
  }
  return out;
}
