// The files read by other tools: YAML 1.1 readers must read every issue file as the tool does,
// and what they read must pass the published JSON schema under an independent validator
// (ajv). The readers: js-yaml's default schema (1.1 timestamps), the `yaml` library's 1.1
// schema (`yes`/`on` as booleans, `0017` as octal, `12:30` as sexagesimal), and PyYAML,
// Python's usual reader, where python3 has it.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadYaml } from '../../src/store/yaml.js';
import { demoRunner, FIXTURES, git, newIssue, NOW, ok, plantStore, read, ROOT, tempDir, write } from '../helpers.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'issue.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
const hasPyYaml = spawnSync('python3', ['-c', 'import yaml']).status === 0;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml') && !e.parentPath.includes('.git/'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !readFileSync(f, 'utf8').includes('{{')); // a template to fill in, not YAML yet
}

/** PyYAML's reading of each file, as JSON: what is not text, a number or a list is named by its type. */
function pyYaml(files: string[]): unknown[] {
  const script = `import json, sys, yaml
def other(o): return {"python": type(o).__name__, "value": str(o)}
print(json.dumps([yaml.safe_load(open(f, encoding="utf-8")) for f in sys.argv[1:]], default=other))`;
  return JSON.parse(execFileSync('python3', ['-c', script, ...files], { encoding: 'utf8' }));
}

/** What YAML 1.1 readers find wrong with the files: data other than ours, or an issue that fails the schema. */
function asReadElsewhere(root: string, files: string[]): string[] {
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const readings: [string, unknown[]][] = [
    ['js-yaml', texts.map((t) => jsYaml.load(t))],
    ['yaml 1.1', texts.map((t) => parse(t, { version: '1.1' }))],
    ...(hasPyYaml ? [['PyYAML', pyYaml(files)] as [string, unknown[]]] : []),
  ];
  return files.flatMap((f, n) => {
    const file = relative(root, f);
    const ours = JSON.stringify(loadYaml(texts[n] as string).data);
    return readings.flatMap(([reader, data]) => {
      const theirs = data[n];
      if (JSON.stringify(theirs) !== ours) return [`${file}: ${reader} reads other data`];
      if (file.includes('issues/') && !validate(theirs))
        return [`${file}: ${reader}: ${validate.errors?.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`];
      return [];
    });
  });
}

describe('files other tools can read', () => {
  it('every YAML fixture and template reads the same under YAML 1.1, and its issues pass the schema with ajv', () => {
    const files = [...yamlFiles(FIXTURES), ...yamlFiles(join(ROOT, 'templates'))];
    expect(files.filter((f) => f.includes('/issues/')).length).toBeGreaterThanOrEqual(8);
    expect(asReadElsewhere(ROOT, files)).toEqual([]);
  });

  it('every file of the demo store, a whole month of the loop, does too', async () => {
    const demo = (await import(pathToFileURL(join(ROOT, 'scripts', 'demo.js')).href)) as {
      runDemo: (dir: string, opts: { runner: typeof demoRunner }) => Promise<unknown>;
    };
    const dir = tempDir();
    await demo.runDemo(dir, { runner: demoRunner });
    const files = yamlFiles(dir);
    expect(files.filter((f) => f.includes('/issues/')).length).toBeGreaterThan(4);
    expect(asReadElsewhere(dir, files)).toEqual([]);
    // without the quotes, 1.1 readers take the times for dates and `yes` for true: the check can fail
    const other = tempDir();
    const issue = readFileSync(files.find((f) => f.includes('/issues/')) as string, 'utf8');
    write(other, 'issues/x.yaml', issue.replace(/"(\d{4}-\d\d-\d\dT[^"]+)"/g, '$1'));
    write(other, 'note.yaml', 'note: yes\nsection: 0017\n');
    const found = asReadElsewhere(other, [join(other, 'issues', 'x.yaml'), join(other, 'note.yaml')]);
    expect(found).toEqual(
      expect.arrayContaining(['issues/x.yaml: js-yaml reads other data', 'note.yaml: yaml 1.1 reads other data']),
    );
  }, 60_000);

  it('a hand-written file keeps its untouched lines as they were; what the tool adds is quoted', async () => {
    const dir = await plantStore();
    const id = await newIssue(dir);
    const file = `issues/${id}.yaml`;
    const hand = read(dir, file)
      .replace(/"(\d{4}-[^"]+)"/g, '$1')
      .replace(/^status: (\w+)$/m, 'status: $1  # hand note');
    write(dir, file, hand);
    git(dir, ['commit', '-qam', 'written by hand, unquoted']);
    await ok(dir, ['comment', id, 'yes'], { env: { AFTERSALES_NOW: NOW } });
    const lines = read(dir, file).split('\n');
    const added = lines.filter((l) => !hand.split('\n').includes(l));
    expect(added).toEqual(['  - at: "2026-11-23T10:00:00+08:00"', '    action: comment', '    note: "yes"']);
    expect(hand.split('\n').filter((l) => !lines.includes(l))).toEqual([]);
  });
});
