// The knowledge base (seed 1, step 5): every validated fix, findable. Chinese has no
// spaces: text is cut into words with the runtime's Intl.Segmenter, and CJK runs also into
// character bigrams (ICU's dictionary splits domain words such as 异响 unpredictably), so
// reordered or split words still meet. MiniSearch ranks with BM25; root cause and title
// weigh more than the description.
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Issue } from './issue.js';
import { normalizeCause } from './cause.js';
import { byCodePoint } from './order.js';
import { editDistance } from './edit-distance.js';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (!isWordLike) continue;
    out.push(segment.toLowerCase());
  }
  // character bigrams over each CJK run, across ICU's word boundaries
  for (const run of text.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

export interface KnowledgeDoc {
  id: string;
  title: string;
  description: string;
  product: string;
  root_cause: string;
  analysis: string;
  fix: string;
  actions: string;
  acceptance: string;
  type: string;
  line: string;
  component: string;
}

export const FIELD_BOOST = {
  title: 3,
  root_cause: 3,
  fix: 2,
  analysis: 2,
  actions: 1.5,
  product: 1,
  acceptance: 1,
  description: 1,
};

/** Accepted issues are knowledge; one reopened and not yet accepted again is not. */
export function isKnowledge(issue: Issue): boolean {
  return issue.status === 'accepted';
}

export function knowledgeDoc(issue: Issue): KnowledgeDoc {
  const rca = issue.rca;
  const permanent = issue.actions.filter((a) => a.kind !== 'temporary');
  const rounds = issue.acceptance.rounds;
  return {
    id: issue.id,
    title: issue.title,
    description: issue.description ?? '',
    product: [issue.product.name, issue.product.line, issue.product.component].filter(Boolean).join(' '),
    root_cause: [rca?.root_cause, issue.knowledge?.root_cause].filter(Boolean).join(' '),
    analysis: rca ? [rca.direct_cause, ...rca.indirect_causes, rca.escape_point ?? ''].join(' ') : '',
    fix: [issue.knowledge?.summary, issue.knowledge?.fix, ...permanent.map((a) => a.what)].filter(Boolean).join(' '),
    actions: issue.actions
      .map((a) => [a.what, a.verify, a.evidence, a.withdrawn_evidence].filter(Boolean).join(' '))
      .join(' '),
    acceptance: rounds
      .flatMap((r) => [
        ...Object.values(r.answers).map((a) => a.evidence ?? ''),
        r.customer?.said ?? '',
        r.compensation?.note ?? '',
      ])
      .join(' '),
    type: issue.type,
    line: issue.product.line ?? '',
    component: issue.product.component ?? '',
  };
}

const FIELDS = Object.keys(FIELD_BOOST);

const INDEX_OPTIONS = {
  fields: FIELDS,
  // the saved index discards and vacuums itself when it is updated (../store/knowledge-index.ts)
  autoVacuum: false,
  storeFields: ['title'],
  tokenize,
  processTerm: (term: string) => term.toLowerCase(),
  searchOptions: {
    boost: FIELD_BOOST,
    tokenize,
    // English words also match their longer forms (bearing → bearings) and small typos
    prefix: (term: string) => !CJK.test(term) && term.length > 3,
    fuzzy: (term: string) => (!CJK.test(term) && term.length > 5 ? 0.2 : false),
  },
};

/** The documents the knowledge base indexes: accepted issues not reopened since. */
export function knowledgeDocs(issues: readonly Issue[]): KnowledgeDoc[] {
  return issues.filter(isKnowledge).map(knowledgeDoc);
}

export function buildIndex(
  issues: readonly Issue[],
  docs: KnowledgeDoc[] = knowledgeDocs(issues),
): MiniSearch<KnowledgeDoc> {
  const index = new MiniSearch<KnowledgeDoc>(INDEX_OPTIONS);
  index.addAll(docs);
  return index;
}

export type SavedIndex = ReturnType<MiniSearch<KnowledgeDoc>['toJSON']>;

/** An index from its saved parts (MiniSearch's toJSON), which may hold only some terms. */
export function loadIndexParts(js: SavedIndex): MiniSearch<KnowledgeDoc> {
  return MiniSearch.loadJS<KnowledgeDoc>(js, INDEX_OPTIONS);
}

/**
 * Which indexed terms a search for `query` can match (searchOptions above): its own terms,
 * and for an English word long enough, the terms it is a prefix of and those within its
 * edit distance (give or take one). An index holding only these terms ranks `query` exactly
 * as the whole index does: BM25 looks at the matched terms and each document's field
 * lengths, nothing else.
 */
export function termFilter(query: string): (term: string) => boolean {
  const own = new Set(tokenize(query).map((t) => t.toLowerCase()));
  const prefixes = [...own].filter((t) => !CJK.test(t) && t.length > 3);
  const fuzzy = prefixes.filter((t) => t.length > 5).map((t) => ({ t, reach: Math.round(t.length * 0.2) + 1 }));
  return (term) =>
    own.has(term) ||
    prefixes.some((p) => term.startsWith(p)) ||
    fuzzy.some(
      ({ t, reach }) =>
        Math.abs(term.length - t.length) <= reach && NOT_ONLY_CJK.test(term) && editDistance(term, t, reach) <= reach,
    );
}

const NOT_ONLY_CJK = /[^\u3400-\u9fff\uf900-\ufaff]/;

/** What recurrences look at in an issue: its root cause (normalised; null without an RCA),
 * when it was reported, and when it was first accepted (null if never). */
export interface CauseEntry {
  id: string;
  cause: string | null;
  reported: number;
  accepted: number | null;
}

export function causeEntry(issue: Issue): CauseEntry {
  const accepted = issue.history.filter((e) => e.to === 'accepted').map((e) => Date.parse(e.at));
  return {
    id: issue.id,
    cause: issue.rca ? normalizeCause(issue.rca.root_cause) : null,
    reported: Date.parse(issue.reported_at),
    accepted: accepted.length ? Math.min(...accepted) : null,
  };
}

/** Fixes that did not hold: for each accepted issue (of `only`, where given: the hits a
 * search shows), the later issues whose root cause is the same. */
export function recurrences(issues: readonly Issue[], only?: ReadonlySet<string>): Map<string, string[]> {
  return recurrencesOf(issues.map(causeEntry), only);
}

/** recurrences, from each issue's CauseEntry (in the order of the issues). Asked for the
 * hits alone, it costs a sort of the issues: asked for every fix, it was quadratic where few
 * root causes repeat (a third of `kb search` at 20,000 issues). */
export function recurrencesOf(entries: readonly CauseEntry[], only?: ReadonlySet<string>): Map<string, string[]> {
  // Grouped by cause and sorted by report time once; each fix then finds its later issues
  // by binary search (a scan of every issue per fix took seconds at 20,000 issues).
  type Entry = { id: string; order: number; reported: number };
  const byCause = new Map<string, Entry[]>();
  entries.forEach((o, order) => {
    if (o.cause === null) return;
    const entry = { id: o.id, order, reported: o.reported };
    const group = byCause.get(o.cause);
    if (group) group.push(entry);
    else byCause.set(o.cause, [entry]);
  });
  for (const group of byCause.values()) group.sort((a, b) => a.reported - b.reported);
  const out = new Map<string, string[]>();
  for (const fixed of entries) {
    if (fixed.cause === null || fixed.accepted === null || (only && !only.has(fixed.id))) continue;
    const group = byCause.get(fixed.cause) ?? [];
    let lo = 0;
    let hi = group.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((group[mid] as Entry).reported > fixed.accepted) hi = mid;
      else lo = mid + 1;
    }
    const later = group
      .slice(lo)
      .filter((o) => o.id !== fixed.id)
      .sort((a, b) => a.order - b.order)
      .map((o) => o.id);
    if (later.length) out.set(fixed.id, later);
  }
  return out;
}

export interface Hit {
  id: string;
  title: string;
  score: number;
  root_cause: string | null;
  fix: string | null;
  snippet: string;
  matched: string[];
  /** later issues with the same root cause */
  recurred: string[];
  /** the fix once failed after acceptance (reopened, then accepted again) */
  reopened: boolean;
  /** what its effectiveness checks found: proven effective, proven not, or not judged yet */
  proven: 'effective' | 'ineffective' | null;
}

/** Proven solutions first, disproven ones last, by score between (a stable sort). */
export const byProof = (hits: Hit[]): Hit[] => {
  const rank = (h: Hit) => (h.proven === 'effective' ? 0 : h.proven === 'ineffective' ? 2 : 1);
  return [...hits].sort((a, b) => rank(a) - rank(b));
};

/** A short piece of the best-matching field, the matched terms marked with 【】. */
export function snippet(doc: KnowledgeDoc, terms: string[], width = 60): string {
  const order = ['root_cause', 'title', 'fix', 'analysis', 'actions', 'description', 'acceptance', 'product'] as const;
  const field = order.find((f) => terms.some((t) => doc[f].toLowerCase().includes(t))) ?? 'title';
  const text = doc[field];
  const lower = text.toLowerCase();
  const first = Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0), text.length);
  const start = Math.max(0, first - 15);
  let piece = text.slice(start, start + width);
  const marks = [...terms].sort((a, b) => b.length - a.length);
  // mark each matched term once per place, longest first
  for (const t of marks)
    piece = piece.replace(new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), (m) =>
      m.includes('【') ? m : `【${m}】`,
    );
  piece = piece.replace(/【+/g, '【').replace(/】+/g, '】').replace(/】【/g, '');
  return `${start > 0 ? '…' : ''}${piece}${start + width < text.length ? '…' : ''}`;
}

/** What a hit shows of an issue, whatever the search: all of Hit but the search's own. */
export interface HitFacts {
  id: string;
  title: string;
  root_cause: string | null;
  fix: string | null;
  reopened: boolean;
  proven?: Hit['proven'];
  /** the indexed text, for the snippet */
  doc: KnowledgeDoc;
}

function provenOf(issue: Issue): Hit['proven'] {
  const results = issue.actions.map((a) => a.effectiveness?.result).filter(Boolean);
  return results.includes('ineffective') ? 'ineffective' : results.includes('effective') ? 'effective' : null;
}

export function hitFacts(issue: Issue): HitFacts {
  return {
    id: issue.id,
    title: issue.title,
    root_cause: issue.rca?.root_cause ?? issue.knowledge?.root_cause ?? null,
    fix:
      issue.knowledge?.fix ??
      (issue.actions
        .filter((a) => a.kind === 'permanent')
        .map((a) => a.what)
        .join('；') ||
        null),
    reopened: issue.history.some((e) => e.action === 'reopen'),
    proven: provenOf(issue),
    doc: knowledgeDoc(issue),
  };
}

/** A score to a millionth: an index updated in place and one built anew differ in the last digits. */
const scoreOf = (r: SearchResult) => Math.round(r.score * 1e6);

/** Best first; equal scores by ID, so the order does not depend on how the index was built up. */
export const byRank = (a: SearchResult, b: SearchResult) =>
  scoreOf(b) - scoreOf(a) || byCodePoint(String(a.id), String(b.id));

export function toHit(r: SearchResult, issue: Issue | HitFacts, recurred: string[]): Hit {
  const facts = 'history' in issue ? hitFacts(issue) : issue;
  return {
    id: facts.id,
    title: facts.title,
    score: scoreOf(r) / 1e6,
    root_cause: facts.root_cause,
    fix: facts.fix,
    snippet: snippet(facts.doc, r.terms),
    matched: r.terms,
    recurred,
    reopened: facts.reopened,
    proven: facts.proven ?? null,
  };
}

/** What weighs a past issue up beside the text: its product line, component and type. */
export interface Traits {
  line: string | null;
  component: string | null;
  type: string;
}

export const traitsOf = (issue: Issue): Traits => ({
  line: issue.product.line,
  component: issue.product.component,
  type: issue.type,
});

/** The text `similar` searches with for an issue. */
export function similarQuery(issue: Issue): string {
  return [
    issue.title,
    issue.description ?? '',
    issue.product.name ?? '',
    issue.product.component ?? '',
    issue.rca?.root_cause ?? '',
    issue.rca?.direct_cause ?? '',
  ].join(' ');
}

/** Past accepted issues most like `issue`: text, plus the same product line, component, type
 * (`traits` of each indexed issue, by ID). */
export function searchSimilar(
  issue: Issue,
  index: MiniSearch<KnowledgeDoc>,
  traits: (id: string) => Traits | undefined,
): SearchResult[] {
  return index
    .search(similarQuery(issue), {
      boostDocument: (id) => {
        const other = traits(String(id));
        if (!other) return 1;
        let boost = 1;
        if (other.line && other.line === issue.product.line) boost += 0.3;
        if (other.component && other.component === issue.product.component) boost += 0.5;
        if (other.type === issue.type) boost += 0.2;
        return boost;
      },
    })
    .filter((r) => r.id !== issue.id)
    .sort(byRank);
}
