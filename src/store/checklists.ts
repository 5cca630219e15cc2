// Checklist templates: shipped in templates/checklists/, overridden or added by the
// store's .aftersales/checklists/<name>.yaml; the config picks one per issue type.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Checklist } from '../domain/checklist.js';
import type { Config } from '../domain/config.js';
import { AftersalesError } from '../errors.js';
import { readValidated } from './yaml-file.js';
import { packagePath } from '../package-root.js';

const SHIPPED = packagePath('templates', 'checklists');

export function templateFor(config: Config, type: string): string {
  return config.acceptance.by_type[type] ?? config.acceptance.template;
}

export function localChecklistDir(root: string): string {
  return join(root, '.aftersales', 'checklists');
}

export function loadChecklist(root: string, name: string): Checklist {
  const local = join(localChecklistDir(root), `${name}.yaml`);
  const shipped = join(SHIPPED, `${name}.yaml`);
  const path = existsSync(local) ? local : existsSync(shipped) ? shipped : null;
  if (!path) throw new AftersalesError('unknownChecklist', { name, known: availableChecklists(root).join(', ') });
  const shownAs = path === local ? `.aftersales/checklists/${name}.yaml` : `templates/checklists/${name}.yaml`;
  return readValidated(path, shownAs, Checklist, 'checklistInvalid').data;
}

export function availableChecklists(root: string): string[] {
  const names = new Set<string>();
  for (const dir of [SHIPPED, localChecklistDir(root)]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.yaml')) names.add(f.slice(0, -5));
  }
  return [...names].sort();
}
