// Where the knowledge base's issues come from: a few changed files read on their own, more
// through the index of issue files (./issue-index.ts), and a whole build a record at a time
// from the issues file, so that 50,000 issues are never held at once.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../domain/issue.js';
import { readAllIssues } from './all.js';
import { indexHeader, indexPath } from './build.js';
import { blobHash, readIfExists } from './files.js';
import { openRecords, parseRecord } from './index-lines.js';
import { quickIssue } from './quick-yaml.js';
import type { IssueRecord } from './issue-record.js';
import type { Store } from './store.js';

type RecordOf = (file: string, text: string) => IssueRecord;
/** The careful reading of a file, loaded when a build needs it (or a hit's file is odd). */
const careful = async (): Promise<RecordOf> => (await import('./issue-record.js')).recordOf;

/** Changed issues up to which their files are read rather than the issues file. */
export const FEW = 50;

/** The issues of the files `ids` as the index reads them (null: not an issue, or one whose
 * ID is not its file's — a copy or a rename), with the blob read: a few straight from their
 * files (the issues file is large), more through it. A file gone since is left out. */
export async function changedIssues(
  store: Store,
  ids: string[],
  gitLocks: boolean,
): Promise<Map<string, { issue: Issue | null; blob: string }>> {
  const out = new Map<string, { issue: Issue | null; blob: string }>();
  if (ids.length > FEW) {
    const scan = await readAllIssues(store, { view: 'full', only: new Set(ids), gitLocks });
    const blobs = scan.blobs;
    for (const [id, blob] of blobs) out.set(id, { issue: null, blob });
    for (const issue of scan.issues) {
      const at = out.get(issue.id);
      if (at) at.issue = issue;
    }
    return out;
  }
  const recordOf = await careful();
  for (const id of ids) {
    const bytes = fileOf(store, id);
    if (bytes) out.set(id, { issue: issueOf(id, bytes, recordOf), blob: blobHash(bytes) });
  }
  return out;
}

const fileOf = (store: Store, id: string): Buffer | null => readIfExists(join(store.paths.issuesDir, `${id}.yaml`));

/** The issue a file holds, if it holds the one its name says. */
function issueOf(id: string, bytes: Buffer, recordOf: RecordOf): Issue | null {
  const issue = recordOf(`issues/${id}.yaml`, bytes.toString('utf8')).issue;
  return issue?.id === id ? issue : null;
}

/** A hit's issue: the quick reading does for a file as the tool writes it, and what it does not
 * take is read the careful way, as the index reads it. */
export async function readIssue(store: Store, id: string): Promise<Issue | null> {
  const bytes = fileOf(store, id);
  if (!bytes) return null;
  const quick = quickIssue(bytes.toString('utf8'));
  if (quick) return quick.id === id ? quick : null;
  return issueOf(id, bytes, await careful());
}

/** The issue of each file, from the issues file a record at a time; what it lacks is parsed
 * into it first (a few files are read on their own). null: not an issue, or not the one
 * its file is named for (a copy, a rename). */
export async function issueRecords(store: Store, blobs: Map<string, string>, gitLocks: boolean) {
  const path = indexPath(store.paths.runtimeDir, 'issues');
  let records = openRecords(path, indexHeader());
  const missing = [...blobs].filter(([, blob]) => !records?.has(blob)).map(([id]) => id);
  // parsed into the file first, where it can be written; else each is read from its YAML
  if (missing.length > FEW && writable(store.paths.runtimeDir)) {
    records?.close();
    await readAllIssues(store, { view: 'order', only: new Set(missing), gitLocks });
    records = openRecords(path, indexHeader());
  }
  const recordOf = await careful();
  return {
    issue(id: string, blob: string): Issue | null {
      const text = records?.text(blob);
      // a line missing or damaged: the file is read instead
      const record = text ? parseRecord(text) : null;
      if (!record) {
        const bytes = fileOf(store, id);
        return bytes && issueOf(id, bytes, recordOf);
      }
      return record.issue?.id === id ? record.issue : null;
    },
    close: () => records?.close(),
  };
}

/** Whether the index's folder can be written (a read-only .git: not). */
function writable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
