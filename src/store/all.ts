// Reading every issue: for list, validate and the commands that summarise the store.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Issue } from '../domain/issue.js';
import { checkIssueText, type Problem } from './problems.js';
import type { Store } from './store.js';

export interface StoreScan {
  issues: Issue[];
  /** files that could not be read as issues, with their first problem */
  broken: Problem[];
}

export function readAllIssues(store: Store): StoreScan {
  const issues: Issue[] = [];
  const broken: Problem[] = [];
  for (const id of store.listIds()) {
    const file = store.fileOf(id);
    const checked = checkIssueText(file, readFileSync(join(store.root, file), 'utf8'), store.config, id);
    if (checked.issue) issues.push(checked.issue);
    else if (checked.problems[0]) broken.push(checked.problems[0]);
  }
  return { issues, broken };
}
