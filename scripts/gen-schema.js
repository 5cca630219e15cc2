// Build step: export the issue model as a JSON Schema, shipped with the package and
// copied into each store, so editors validate and complete hand edits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { Issue } from '../dist/domain/issue.js';

const schema = z.toJSONSchema(Issue, { io: 'input', unrepresentable: 'any' });
schema.title = 'aftersales issue';
schema.description =
  'One after-sales issue: registration, dispatch, RCA and actions, approval, acceptance, knowledge, history.';
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/issue.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);

// The index of issue files (src/store/issue-index.ts) is rebuilt when the model changes
// (this hash of the schema) and when what it stores of an issue changes: its reader, the
// summary and facts views, list --json's texts, the domain code the facts are worked out by,
// and the knowledge base's documents and tokens (its saved search indexes).
const { createHash } = await import('node:crypto');
const { readFileSync } = await import('node:fs');
const hash = createHash('sha1').update(readFileSync(new URL('../schema/issue.schema.json', import.meta.url)));
for (const file of [
  'store/issue-record.js',
  'store/index-lines.js',
  'store/summary.js',
  'store/facts.js',
  'store/facts-file.js',
  'store/issue-texts.js',
  'domain/facts.js',
  'domain/overdue.js',
  'domain/knowledge.js',
  'store/kb-pool.js',
]) {
  hash.update(readFileSync(new URL(`../dist/${file}`, import.meta.url)));
}
writeFileSync(new URL('../dist/build-id.txt', import.meta.url), `${hash.digest('hex').slice(0, 12)}\n`);
