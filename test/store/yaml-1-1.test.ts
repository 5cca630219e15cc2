// The files read by other tools: a YAML 1.1 reader (js-yaml's default schema, as PyYAML reads
// timestamps, `yes` and `0017`) must read every issue file as the tool does, and the result
// must pass the published JSON schema under an independent validator (ajv).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadYaml } from '../../src/store/yaml.js';
import { demoRunner, FIXTURES, git, newIssue, NOW, ok, plantStore, read, ROOT, tempDir, write } from '../helpers.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'issue.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml') && !e.parentPath.includes('.git/'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !readFileSync(f, 'utf8').includes('{{')); // a template to fill in, not YAML yet
}

/** What a YAML 1.1 reader finds wrong with an issue file: its data differs from ours, or fails the schema. */
function asReadElsewhere(file: string, text: string): string[] {
  const theirs = jsYaml.load(text);
  const ours = loadYaml(text).data;
  const problems: string[] = [];
  if (JSON.stringify(theirs) !== JSON.stringify(ours)) problems.push(`${file}: a YAML 1.1 reader reads other data`);
  if (file.includes('issues/') && !validate(theirs))
    problems.push(`${file}: ${validate.errors?.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
  return problems;
}

describe('files other tools can read', () => {
  it('every YAML fixture and template reads the same under YAML 1.1, and its issues pass the schema with ajv', () => {
    const files = [...yamlFiles(FIXTURES), ...yamlFiles(join(ROOT, 'templates'))];
    expect(files.filter((f) => f.includes('/issues/')).length).toBeGreaterThanOrEqual(8);
    const problems = files.flatMap((f) => asReadElsewhere(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('every file of the demo store, a whole month of the loop, does too', async () => {
    const demo = (await import(pathToFileURL(join(ROOT, 'scripts', 'demo.js')).href)) as {
      runDemo: (dir: string, opts: { runner: typeof demoRunner }) => Promise<unknown>;
    };
    const dir = tempDir();
    await demo.runDemo(dir, { runner: demoRunner });
    const files = yamlFiles(dir);
    expect(files.filter((f) => f.includes('/issues/')).length).toBeGreaterThan(4);
    expect(files.flatMap((f) => asReadElsewhere(relative(dir, f), readFileSync(f, 'utf8')))).toEqual([]);
    // without the quoting, a 1.1 reader takes the times for dates: the check above can fail
    const unquoted = readFileSync(files.find((f) => f.includes('/issues/')) as string, 'utf8').replace(
      /"(\d{4}-\d\d-\d\dT[^"]+)"/g,
      '$1',
    );
    expect(asReadElsewhere('issues/x.yaml', unquoted).length).toBeGreaterThan(0);
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
