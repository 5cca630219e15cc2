// What the index keeps of one issue file: the parsed issue, or the first problem that
// stops it from being read. Depends on the file's bytes alone, so it can be keyed by the
// git blob hash of those bytes.
//
// Reading many files is the slow path: the `yaml` library (our one loader and writer,
// which keeps comments and positions) parses about 2 MB/s; js-yaml parses the same YAML
// about ten times faster but keeps no positions. So the index reads with js-yaml
// (./quick-yaml.ts), and anything it does not take cleanly, or might read otherwise — a
// syntax error, a schema problem, anchors, aliases, tags, conflict markers, a null key —
// goes through `checkIssueText`, the careful path.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../domain/issue.js';
import type { Config } from '../domain/config.js';
import { blobHash } from './files.js';
import { checkIssueText, type Problem } from './problems.js';
import { quickIssue } from './quick-yaml.js';
import { storedFacts } from './facts.js';
import type { IndexView } from './issue-index.js';

export type IssueRecord = { issue: Issue; problem?: undefined } | { issue?: undefined; problem: Problem };

/** A config that knows no names: the fast path checks the form, not the references. */
export const NO_CONFIG = {
  people: [],
  teams: [],
  types: [],
  failure_modes: [],
  fields: [],
  required: [],
} as unknown as Config;

export function recordOf(file: string, text: string): IssueRecord {
  const quick = quickIssue(text);
  if (quick) return { issue: quick };
  const checked = checkIssueText(file, text, NO_CONFIG);
  if (checked.issue) return { issue: checked.issue };
  return {
    problem: checked.problems[0] ?? {
      file,
      line: 1,
      column: 1,
      field: '(file)',
      found: 'nothing',
      expected: 'an issue',
    },
  };
}

/** A file the index wants: its name under issues/ and its blob hash, when git vouches for it. */
export interface Wanted {
  name: string;
  blob: string | null;
}

export interface Parsed {
  name: string;
  blob: string;
  /** the record as JSON, for each view: what the index files store */
  json: Record<IndexView, string>;
}

export function parseOne(root: string, item: Wanted): Parsed {
  const bytes = readBytes(join(root, 'issues', item.name));
  const record = recordOf(`issues/${item.name}`, bytes.toString('utf8'));
  const json = (view: (issue: Issue) => unknown) =>
    JSON.stringify(record.issue ? { issue: view(record.issue) } : record);
  return {
    name: item.name,
    blob: item.blob ?? blobHash(bytes),
    // the issue's JSON is what `list --json` prints of it
    json: { full: JSON.stringify(record.issue ?? record), facts: json(storedFacts) },
  };
}

let buffer = Buffer.allocUnsafe(1 << 16);

/** A file's bytes, read into one buffer used again for every file (valid until the next
 * call): a new buffer and a stat per file were a tenth of reading 20,000 of them. */
function readBytes(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    let size = 0;
    for (;;) {
      if (size === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, size, buffer.length - size, null);
      if (n === 0) return buffer.subarray(0, size);
      size += n;
    }
  } finally {
    closeSync(fd);
  }
}
