// Build step: export the issue model as a JSON Schema, shipped with the package and
// copied into each store, so editors validate and complete hand edits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { Issue } from '../dist/domain/issue.js';

const schema = z.toJSONSchema(Issue, { io: 'input', unrepresentable: 'any' });
schema.title = 'aftersales issue';
schema.description = 'One after-sales issue: registration, dispatch, RCA and actions, approval, acceptance, knowledge, history.';
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/issue.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);

// The index of issue files (src/store/issue-index.ts) is rebuilt when the model changes:
// its build id includes this hash of the schema.
const { createHash } = await import('node:crypto');
const { readFileSync } = await import('node:fs');
const text = readFileSync(new URL('../schema/issue.schema.json', import.meta.url));
writeFileSync(new URL('../dist/build-id.txt', import.meta.url), `${createHash('sha1').update(text).digest('hex').slice(0, 12)}\n`);
// …and when what the index stores of an issue changes (its reader and views).
const hash = createHash('sha1').update(text);
for (const file of ['issue-record.js', 'summary.js']) hash.update(readFileSync(new URL(`../dist/store/${file}`, import.meta.url)));
writeFileSync(new URL('../dist/build-id.txt', import.meta.url), `${hash.digest('hex').slice(0, 12)}\n`);
