// Build step: export the issue model as a JSON Schema, shipped with the package and
// copied into each store, so editors validate and complete hand edits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { toJSONSchema } from 'zod/mini';
import { Issue } from '../build/domain/issue.js';

const schema = toJSONSchema(Issue, { io: 'input', unrepresentable: 'any' });
schema.title = 'aftersales issue';
schema.description =
  'One after-sales issue: registration, dispatch, RCA and actions, approval, acceptance, knowledge, history.';
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/issue.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
