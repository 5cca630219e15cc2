// The knowledge base (seed 1, step 5): every validated fix, findable. Chinese has no
// spaces: text is cut into words with the runtime's Intl.Segmenter, and CJK runs also into
// character bigrams (ICU's dictionary splits domain words such as 异响 unpredictably), so
// reordered or split words still meet. MiniSearch ranks with BM25; root cause and title
// weigh more than the description.
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Issue } from './issue.js';
import { normalizeCause } from './cause.js';
import { byCodePoint } from './order.js';

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

export const FIELD_BOOST = { title: 3, root_cause: 3, fix: 2, analysis: 2, actions: 1.5, product: 1, acceptance: 1, description: 1 };

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
    actions: issue.actions.map((a) => [a.what, a.verify, a.evidence, a.withdrawn_evidence].filter(Boolean).join(' ')).join(' '),
    acceptance: rounds
      .flatMap((r) => [...Object.values(r.answers).map((a) => a.evidence ?? ''), r.customer?.said ?? '', r.compensation?.note ?? ''])
      .join(' '),
    type: issue.type,
    line: issue.product.line ?? '',
    component: issue.product.component ?? '',
  };
}

const FIELDS = Object.keys(FIELD_BOOST);

const INDEX_OPTIONS = {
    fields: FIELDS,
    // `new`'s pool index discards and vacuums itself when it saves (../store/kb-cache.ts)
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

export function buildIndex(issues: readonly Issue[], docs: KnowledgeDoc[] = knowledgeDocs(issues)): MiniSearch<KnowledgeDoc> {
  const index = new MiniSearch<KnowledgeDoc>(INDEX_OPTIONS);
  index.addAll(docs);
  return index;
}

/** An index saved with JSON.stringify(index), loaded back without tokenizing again. */
export function loadIndex(json: string): MiniSearch<KnowledgeDoc> {
  return MiniSearch.loadJSON<KnowledgeDoc>(json, INDEX_OPTIONS);
}

/** Fixes that did not hold: for each accepted issue, the later issues whose root cause is the same. */
export function recurrences(issues: readonly Issue[]): Map<string, string[]> {
  // Grouped by cause and sorted by report time once; each fix then finds its later issues
  // by binary search (a scan of every issue per fix took seconds at 20,000 issues).
  type Entry = { id: string; order: number; reported: number };
  const byCause = new Map<string, Entry[]>();
  issues.forEach((o, order) => {
    if (!o.rca) return;
    const cause = normalizeCause(o.rca.root_cause);
    const entry = { id: o.id, order, reported: Date.parse(o.reported_at) };
    const group = byCause.get(cause);
    if (group) group.push(entry);
    else byCause.set(cause, [entry]);
  });
  for (const group of byCause.values()) group.sort((a, b) => a.reported - b.reported);
  const out = new Map<string, string[]>();
  for (const fixed of issues.filter((i) => i.rca && i.history.some((e) => e.to === 'accepted'))) {
    const group = byCause.get(normalizeCause(fixed.rca?.root_cause ?? '')) ?? [];
    const first = Math.min(...fixed.history.filter((e) => e.to === 'accepted').map((e) => Date.parse(e.at)));
    let lo = 0;
    let hi = group.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((group[mid] as Entry).reported > first) hi = mid;
      else lo = mid + 1;
    }
    const later = group.slice(lo).filter((o) => o.id !== fixed.id).sort((a, b) => a.order - b.order).map((o) => o.id);
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
}

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
  for (const t of marks) piece = piece.replace(new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), (m) => (m.includes('【') ? m : `【${m}】`));
  piece = piece.replace(/【+/g, '【').replace(/】+/g, '】').replace(/】【/g, '');
  return `${start > 0 ? '…' : ''}${piece}${start + width < text.length ? '…' : ''}`;
}

export function toHit(r: SearchResult, issue: Issue, recurred: string[]): Hit {
  const doc = knowledgeDoc(issue);
  return {
    id: issue.id,
    title: issue.title,
    score: r.score,
    root_cause: issue.rca?.root_cause ?? issue.knowledge?.root_cause ?? null,
    fix: issue.knowledge?.fix ?? (issue.actions.filter((a) => a.kind === 'permanent').map((a) => a.what).join('；') || null),
    snippet: snippet(doc, r.terms),
    matched: r.terms,
    recurred,
    reopened: issue.history.some((e) => e.action === 'reopen'),
  };
}

/** Past accepted issues most like `issue`: text, plus the same product line, component, type. */
export function similarTo(issue: Issue, index: MiniSearch<KnowledgeDoc>, all: readonly Issue[]): { issue: Issue; result: SearchResult }[] {
  const query = [issue.title, issue.description ?? '', issue.product.name ?? '', issue.product.component ?? '', issue.rca?.root_cause ?? '', issue.rca?.direct_cause ?? ''].join(' ');
  const byId = new Map(all.map((i) => [i.id, i]));
  return index
    .search(query, { boostDocument: (id) => {
      const other = byId.get(String(id));
      if (!other) return 1;
      let boost = 1;
      if (other.product.line && other.product.line === issue.product.line) boost += 0.3;
      if (other.product.component && other.product.component === issue.product.component) boost += 0.5;
      if (other.type === issue.type) boost += 0.2;
      return boost;
    } })
    .filter((r) => r.id !== issue.id)
    // equal scores by ID: the order must not depend on how the index was built up
    .sort((a, b) => b.score - a.score || byCodePoint(String(a.id), String(b.id)))
    .map((result) => ({ issue: byId.get(String(result.id)) as Issue, result }));
}
