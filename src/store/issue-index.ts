// The index: what every issue file parses to, kept under <gitdir>/aftersales (never
// committed) and keyed by git blob hashes, so it cannot go stale. Each run asks git which
// blob every issue file holds (`git ls-files -s`), re-hashes the files git reports as
// modified and the ones it does not track, and parses only blobs the index has not seen.
// A hand edit, a pull, a checkout, a rebase or a deletion changes the blobs, and with them
// what is read: the index is a cache of parsing, never a second source of truth.
//
// File: one header line (format + build), then one line per blob: `<sha1>\t<json record>`.
// New records are appended; the file is rewritten (atomically) when the header does not
// match this build or when dead lines outnumber live ones. A line that does not parse is
// dropped and its file parsed again: a truncated or corrupted index is rebuilt, not trusted.
import { appendFileSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { git } from '../git/git.js';
import { byCodePoint } from '../domain/order.js';
import type { Issue } from '../domain/issue.js';
import { buildId } from './build.js';
import { blobHash, readIfExists, writeFileAtomic } from './files.js';
import type { IssueRecord, Parsed, Wanted } from './issue-record.js';
import type { Problem } from './problems.js';
import type { Store } from './store.js';

export const INDEX_FORMAT = 1;
/** Below this many files to parse, workers cost more than they save. */
const WORKER_THRESHOLD = 400;

export interface StoreScan {
  issues: Issue[];
  /** files that could not be read as issues, with their first problem */
  broken: Problem[];
}

export type Progress = (done: number, total: number) => void;

export function indexFile(store: Store): string {
  return join(store.paths.runtimeDir, `index-v${INDEX_FORMAT}.jsonl`);
}

/** File names of issues/*.yaml with the blob git holds for each, where git vouches for it. */
async function gitBlobs(store: Store, names: string[]): Promise<Wanted[] | null> {
  const [staged, modified] = await Promise.all([
    git(store.root, ['ls-files', '-s', '-z', '--', 'issues']),
    git(store.root, ['ls-files', '-m', '-z', '--', 'issues']),
  ]);
  if (staged.code !== 0 || modified.code !== 0) return null;
  const dirty = new Set(modified.stdout.split('\0'));
  const blobs = new Map<string, string>();
  for (const entry of staged.stdout.split('\0')) {
    // `<mode> <sha1> <stage>\t<path>`; a conflicted file (stage 1–3) is hashed from disk
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [, sha, stage] = entry.slice(0, tab).split(' ');
    const path = entry.slice(tab + 1);
    if (stage === '0' && sha && !dirty.has(path)) blobs.set(path, sha);
    else blobs.delete(path);
  }
  return names.map((name) => ({ name, blob: blobs.get(`issues/${name}`) ?? null }));
}

interface IndexFile {
  valid: boolean;
  /** blob → the raw JSON of its record (parsed only when wanted) */
  lines: Map<string, string>;
  endsWithNewline: boolean;
}

function readIndex(path: string, build: string): IndexFile {
  const buf = readIfExists(path);
  const empty: IndexFile = { valid: false, lines: new Map(), endsWithNewline: true };
  if (!buf) return empty;
  const text = buf.toString('utf8');
  const headerEnd = text.indexOf('\n');
  if (headerEnd < 0) return empty;
  try {
    const header = JSON.parse(text.slice(0, headerEnd)) as { build?: string };
    if (header.build !== build) return empty;
  } catch {
    return empty;
  }
  const lines = new Map<string, string>();
  let at = headerEnd + 1;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end - at > 41 && text.charCodeAt(at + 40) === 9) lines.set(text.slice(at, at + 40), text.slice(at + 41, end));
    at = end + 1;
  }
  return { valid: true, lines, endsWithNewline: text.endsWith('\n') };
}

function parseLine(json: string): IssueRecord | null {
  try {
    const r = JSON.parse(json) as IssueRecord;
    return r && typeof r === 'object' && (r.issue?.id || r.problem?.file) ? r : null;
  } catch {
    return null;
  }
}

/** Read, hash and parse files; in worker threads when there are many. */
async function parseFiles(store: Store, items: Wanted[], progress?: Progress): Promise<Parsed[]> {
  const workers = Math.min(availableParallelism(), 4);
  if (items.length === 0) return [];
  if (items.length < WORKER_THRESHOLD || workers < 2) {
    const { parseOne } = await import('./issue-record.js');
    const out: Parsed[] = [];
    for (const [n, item] of items.entries()) {
      out.push(parseOne(store.root, item));
      if (n % 200 === 199) progress?.(n + 1, items.length);
    }
    return out;
  }
  const { Worker } = await import('node:worker_threads');
  let done = 0;
  const chunks = Array.from({ length: workers }, (_, w) => items.filter((_, n) => n % workers === w));
  const results = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<Parsed[]>((resolvePromise, reject) => {
          const worker = new Worker(new URL('./index-worker.js', import.meta.url), { workerData: { root: store.root, items: chunk } });
          worker.on('message', (m: { progress: number } | { results: Parsed[] }) => {
            if ('progress' in m) {
              done += m.progress;
              progress?.(done, items.length);
            } else resolvePromise(m.results);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => code !== 0 && reject(new Error(`index worker exited with ${code}`)));
        }),
    ),
  );
  return results.flat();
}

/** Every issue of the store, through the index when there is a git dir to keep it in. */
export async function scanIssues(store: Store, names: string[], progress?: Progress): Promise<StoreScan> {
  const path = indexFile(store);
  const build = `${INDEX_FORMAT}:${buildId()}`;
  const wanted = (store.paths.gitDir ? await gitBlobs(store, names) : null) ?? names.map((name) => ({ name, blob: null }));
  const index = readIndex(path, build);

  const records = new Map<string, IssueRecord>(); // name → record
  const missing: Wanted[] = [];
  for (const item of wanted) {
    let record: IssueRecord | null = null;
    if (!item.blob) {
      // modified or untracked: hash the bytes to find out whether the index has seen them
      const bytes = readIfExists(join(store.root, 'issues', item.name));
      if (!bytes) continue; // deleted since the listing
      item.blob = blobHash(bytes);
    }
    const json = index.lines.get(item.blob);
    if (json !== undefined) record = parseLine(json);
    if (record) records.set(item.name, record);
    else missing.push(item);
  }

  const parsed = await parseFiles(store, missing, progress);
  for (const p of parsed) records.set(p.name, JSON.parse(p.json) as IssueRecord);
  saveIndex(path, build, index, wanted, parsed);
  if (process.env.AFTERSALES_DEBUG_INDEX === '1') {
    process.stderr.write(`index: ${wanted.length - missing.length} reused, ${missing.length} parsed${index.valid ? '' : ' (new index)'}\n`);
  }
  return collect(wanted.map((w) => w.name).filter((n) => records.has(n)), records);
}

function collect(names: string[], records: Map<string, IssueRecord>): StoreScan {
  const issues: Issue[] = [];
  const broken: Problem[] = [];
  for (const name of [...names].sort(byCodePoint)) {
    const r = records.get(name) as IssueRecord;
    if (r.issue) issues.push(r.issue);
    else broken.push({ ...r.problem, file: `issues/${name}` });
  }
  return { issues, broken };
}

function saveIndex(path: string, build: string, index: IndexFile, wanted: Wanted[], parsed: Parsed[]): void {
  const live = new Set(wanted.map((w) => w.blob));
  const dead = [...index.lines.keys()].filter((b) => !live.has(b)).length;
  try {
    if (!index.valid || dead > live.size) {
      const keep = [...index.lines].filter(([blob]) => live.has(blob)).map(([blob, json]) => `${blob}\t${json}\n`);
      const added = parsed.filter((p) => !index.lines.has(p.blob)).map((p) => `${p.blob}\t${p.json}\n`);
      writeFileAtomic(path, `${JSON.stringify({ format: INDEX_FORMAT, build })}\n${keep.join('')}${added.join('')}`);
    } else if (parsed.length) {
      const added = [...new Map(parsed.map((p) => [p.blob, `${p.blob}\t${p.json}\n`])).values()].join('');
      appendFileSync(path, (index.endsWithNewline ? '' : '\n') + added);
    }
  } catch {
    // The index is a cache: failing to save it (read-only .git, full disk) costs speed only.
  }
}
