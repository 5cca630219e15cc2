#!/usr/bin/env node
// `npm run bench`: how aftersales feels at 1,000 / 5,000 / 20,000 issues.
// For each size: a realistic store (fixtures/generate-store.js, cached in bench/.stores),
// then the median wall time of each command, cold (no index) and warm, as a ratio to a
// bare `node -e 0` and to a raw read of every issue file. Writes bench/RESULTS.md.
//
//   npm run bench                    all three sizes
//   npm run bench -- 1000 5000       chosen sizes
//   BENCH_RUNS=3 npm run bench       runs per measurement (median; default 5)
//   BENCH_BACKLOG=0 npm run bench    without Backlog.md 1.52 beside us (installed from npm)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateStore, NOW } from '../fixtures/generate-store.js';
import { mergeDriverCommand } from '../build/git/driver.js';
import { backlogCommands, backlogStore, backlogTool } from './backlog.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'aftersales.js');
const STORES = join(ROOT, 'bench', '.stores');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [1000, 5000, 20000];
const env = { ...process.env, AFTERSALES_NOW: NOW, NO_COLOR: '1', AFTERSALES_NOTIFY: 'off' };
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Wall seconds (and peak RSS in MB, where GNU time is there) of one run. */
function once(cwd, argv, extraEnv = {}) {
  const opts = { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] };
  const start = process.hrtime.bigint();
  const r = TIME ? spawnSync(TIME, ['-f', '%M', ...argv], opts) : spawnSync(argv[0], argv.slice(1), opts);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = TIME ? Number(r.stderr.toString().trim().split('\n').pop()) / 1024 : null;
  return { seconds, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median of RUNS runs; `before` runs ahead of each (e.g. removing the index). With `ref`
 * (seconds of one reference run: the raw read, or `new` in an empty store), a reference run
 * comes just before each run and `ratio` is the median of run / reference: this machine's
 * speed drifts by ±15% within minutes, so ratios are taken between neighbours. */
function measure(cwd, argv, before = () => {}, ref = null, extraEnv = {}) {
  const runs = [];
  const ratios = [];
  for (let n = 0; n < RUNS; n++) {
    before();
    const reference = ref ? ref() : null;
    const run = once(cwd, argv, extraEnv);
    runs.push(run);
    if (reference) ratios.push(run.seconds / reference);
  }
  return {
    seconds: median(runs.map((r) => r.seconds)),
    rss: TIME ? Math.max(...runs.map((r) => r.rss)) : null,
    ratio: ratios.length ? median(ratios) : null,
  };
}

function storeOf(n) {
  const dir = join(STORES, `${n}-v${generatorVersion()}`);
  if (!existsSync(join(dir, '.git'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating ${n} issues…\n`);
    return generateStore(dir, n).then(() => dir);
  }
  return Promise.resolve(dir);
}

function generatorVersion() {
  const text = readFileSync(join(ROOT, 'fixtures', 'generate-store.js'), 'utf8');
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return (h >>> 0).toString(36);
}

const node = (script) => [process.execPath, '-e', script];
const cli = (...args) => [process.execPath, BIN, ...args];
const NEW_ISSUE = cli(
  'new',
  '--title',
  'X100 主轴异响',
  '--type',
  'hardware',
  '--severity',
  'high',
  '--customer',
  '华东汽车零部件有限公司',
  '--product',
  'X100',
);
const RAW_READ =
  "const fs=require('fs');let n=0;for(const f of fs.readdirSync('issues'))n+=fs.readFileSync('issues/'+f,'utf8').length";

/** The merge driver registered as `aftersales init` registers it in a clone: a writing command
 * in a clone without one asks git for it and says so, which a user's store does not. */
function asInit(dir) {
  execFileSync('git', ['config', 'merge.aftersales.driver', mergeDriverCommand()], { cwd: dir });
  return dir;
}

async function benchSize(n) {
  const dir = asInit(await storeOf(n));
  const index = join(dir, '.git', 'aftersales');
  const cold = () => rmSync(index, { recursive: true, force: true });
  const reset = () =>
    execFileSync('git', ['reset', '-q', '--hard', 'HEAD'], { cwd: dir }) &&
    execFileSync('git', ['clean', '-qfd', 'issues'], { cwd: dir });
  const rows = [];
  const base = measure(dir, node('0'));
  const raw = measure(dir, node(RAW_READ));
  const add = (name, m) =>
    rows.push({ name, ...m, vsNode: m.seconds / base.seconds, vsRaw: m.ratio ?? m.seconds / raw.seconds });
  const rawRead = () => once(dir, node(RAW_READ)).seconds;
  add('node -e 0', base);
  add('raw read of all issue files', raw);
  add('--version', measure(dir, cli('--version')));
  add('list --json (cold: index built)', measure(dir, cli('list', '--json'), cold, rawRead));
  add('list --json (warm)', measure(dir, cli('list', '--json'), undefined, rawRead));
  add('list (warm)', measure(dir, cli('list'), undefined, rawRead));
  add('report --format json (cold)', measure(dir, cli('report', '--format', 'json'), cold, rawRead));
  add('report --format json (warm)', measure(dir, cli('report', '--format', 'json'), undefined, rawRead));
  add('check --format json (cold)', measure(dir, cli('check', '--format', 'json'), cold, rawRead));
  add('check --format json (warm)', measure(dir, cli('check', '--format', 'json'), undefined, rawRead));
  let commitHead = '';
  const headBefore = () => (commitHead = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir }).toString().trim());
  headBefore();
  const undo = () => execFileSync('git', ['reset', '-q', '--hard', commitHead], { cwd: dir });
  // One-issue commands, each run paired with a `node -e 0` just before it: their goal is a
  // ratio to starting Node (a keystroke's floor), not to reading the store.
  const nodeStart = () => once(dir, node('0')).seconds;
  const addVsNode = (name, m) =>
    rows.push({ name, ...m, vsNode: m.ratio ?? m.seconds / base.seconds, vsRaw: m.seconds / raw.seconds });
  const ids = readdirSync(join(dir, 'issues')).sort();
  const one = (ids[Math.floor(ids.length / 2)] ?? '').replace(/\.yaml$/, '');
  addVsNode('show ID', measure(dir, cli('show', one), undefined, nodeStart));
  addVsNode('log ID', measure(dir, cli('log', one), undefined, nodeStart));
  addVsNode('comment ID, with its commit', measure(dir, cli('comment', one, '客户来电确认'), undo, nodeStart));
  undo();
  addVsNode('kb search 主轴', measure(dir, cli('kb', 'search', '主轴'), undefined, nodeStart));
  add(
    'new, with its commit (cold)',
    measure(
      dir,
      NEW_ISSUE,
      () => {
        undo();
        return cold();
      },
      rawRead,
    ),
  );
  // the warm `new` is paired with a `new` in the empty store instead: that is its goal
  const warmNew = measure(
    dir,
    NEW_ISSUE,
    () => {
      undo();
      return once(dir, cli('list'));
    },
    newInEmpty,
  );
  rows.push({
    name: 'new, with its commit (warm)',
    ...warmNew,
    vsNode: warmNew.seconds / base.seconds,
    vsRaw: warmNew.seconds / raw.seconds,
    vsEmpty: warmNew.ratio,
  });
  undo();
  reset();
  once(dir, cli('list', '--json')); // every index file there, for their size
  const disk = { issues: bytesUnder(join(dir, 'issues')), index: bytesUnder(index) };
  const backlog = process.env.BENCH_BACKLOG === '0' ? null : await backlogBeside(n, rows);
  return { n, rows, disk, backlog };
}

/** Backlog.md's list, search, create and view in a store of as many tasks, beside ours. */
async function backlogBeside(n, rows) {
  const bin = await backlogTool(join(STORES, 'backlog-tool'));
  const dir = await backlogStore(join(STORES, `backlog-${n}`), n);
  const cmd = backlogCommands(bin);
  const clean = () => {
    execFileSync('git', ['reset', '-q', '--hard'], { cwd: dir });
    execFileSync('git', ['clean', '-qfd'], { cwd: dir });
  };
  const time = (argv, before) => measure(dir, argv, before, null, cmd.env).seconds;
  const ours = (name) => rows.find((r) => r.name === name).seconds;
  const pairs = [
    ['list', '`list` (warm)', time(cmd.list), ours('list (warm)')],
    ['search 主轴', '`kb search 主轴`', time(cmd.search), ours('kb search 主轴')],
    [
      'task create (no commit)',
      '`new` (with its commit)',
      time(cmd.create, clean),
      ours('new, with its commit (warm)'),
    ],
    ['task view', '`show ID`', time(cmd.view), ours('show ID')],
  ];
  clean();
  return pairs.map(([theirs, name, them, us]) => ({ theirs, name, them, us }));
}

/** Bytes of the files under `dir`. */
function bytesUnder(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += statSync(join(e.parentPath ?? e.path, e.name)).size;
  return total;
}

const EMPTY = join(STORES, 'empty');
let emptyHead = '';

/** A store with no issues, for `new`'s reference runs. */
async function emptyStore() {
  rmSync(EMPTY, { recursive: true, force: true });
  mkdirSync(EMPTY, { recursive: true });
  await generateStore(EMPTY, 0);
  asInit(EMPTY);
  emptyHead = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: EMPTY }).toString().trim();
}

/** Seconds of one `new` in the empty store, which is then put back as it was. */
function newInEmpty() {
  const { seconds } = once(EMPTY, NEW_ISSUE);
  execFileSync('git', ['reset', '-q', '--hard', emptyHead], { cwd: EMPTY });
  return seconds;
}

const fmt = (x, d = 2) => (x === null || x === undefined ? '—' : x.toFixed(d));

const results = [];
await emptyStore();
const empty = measure(EMPTY, NEW_ISSUE, () =>
  execFileSync('git', ['reset', '-q', '--hard', emptyHead], { cwd: EMPTY }),
);
for (const n of SIZES) {
  process.stderr.write(`measuring ${n}…\n`);
  results.push(await benchSize(n));
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const lines = [
  '# Benchmark results',
  '',
  `Produced by \`npm run bench\` (bench/run.js) on ${new Date().toISOString().slice(0, 10)}: ${machine}.`,
  `Median of ${RUNS} runs each; peak RSS is the largest of those runs (GNU time). Stores are made by`,
  '`fixtures/generate-store.js`: Chinese text, full lifecycles (dispatch, plans, approvals, actions, failed',
  'and passed acceptance rounds, reopens, cancellations). "cold" removes `.git/aftersales` first.',
  '"× raw read" is the median of per-run ratios: each run follows a raw read of its own (and the warm `new`',
  'follows a `new` in the empty store), because the speed of a shared machine drifts from minute to minute.',
  '',
  `\`new\` in an empty store: ${fmt(empty.seconds)} s.`,
  '',
];
for (const { n, rows } of results) {
  lines.push(
    `## ${n.toLocaleString('en')} issues`,
    '',
    '| command | median s | × node -e 0 | × raw read | peak RSS MB |',
    '|---|---:|---:|---:|---:|',
  );
  for (const r of rows)
    lines.push(`| ${r.name} | ${fmt(r.seconds)} | ${fmt(r.vsNode, 1)} | ${fmt(r.vsRaw, 2)} | ${fmt(r.rss, 0)} |`);
  const warmNew = rows.find((r) => r.name.startsWith('new, with its commit (warm)'));
  lines.push('', `\`new\` here vs in an empty store: ${fmt(warmNew.vsEmpty, 2)}× (runs paired).`, '');
}
// The goals, judged at every size measured (the scale and start-up issues' budgets).
const goal = (what, value, limit, unit = '×') =>
  `| ${what} | ${fmt(value)}${unit} | ≤ ${limit}${unit} | ${value <= limit ? 'met' : 'not met'} |`;
for (const { n, rows, disk } of results) {
  const row = (name) => rows.find((r) => r.name === name);
  lines.push(
    `## Goals at ${n.toLocaleString('en')} issues`,
    '',
    '| goal | measured | target | |',
    '|---|---:|---:|---|',
    goal('warm `list` vs raw read', row('list (warm)').vsRaw, 1),
    goal('warm `report --format json` vs raw read', row('report --format json (warm)').vsRaw, 1),
    goal('warm `check --format json` vs raw read', row('check --format json (warm)').vsRaw, 1),
    goal('warm `list --json` vs raw read', row('list --json (warm)').vsRaw, 1.5),
    goal('`new` here vs in an empty store', row('new, with its commit (warm)').vsEmpty, 1.5),
    goal('`.git/aftersales` vs the issue files on disk', disk.index / disk.issues, 3),
    goal('cold index build (`check --format json`, cold)', row('check --format json (cold)').seconds, 10, ' s'),
    goal('peak RSS of `report` (warm)', row('report --format json (warm)').rss ?? NaN, 300, ' MB'),
    // a keystroke's floor: commands against starting Node (paired runs)
    goal('`--version` vs `node -e 0`', row('--version').vsNode, 1.1),
    goal('`show ID` vs `node -e 0`', row('show ID').vsNode, 1.5),
    goal('`log ID` vs `node -e 0`', row('log ID').vsNode, 1.5),
    goal('`comment ID` with its commit vs `node -e 0`', row('comment ID, with its commit').vsNode, 2.5),
    goal('`new` with its commit vs `node -e 0`', row('new, with its commit (warm)').vsNode, 3),
    goal('`kb search` vs `node -e 0`', row('kb search 主轴').vsNode, 2),
    '',
    `On disk: issue files ${fmt(disk.issues / 2 ** 20, 1)} MB, \`.git/aftersales\` ${fmt(disk.index / 2 ** 20, 1)} MB.`,
    '',
  );
  const backlog = results.find((r) => r.n === n)?.backlog;
  if (!backlog) continue;
  lines.push(
    `Backlog.md 1.52 beside us, ${n.toLocaleString('en')} tasks in its own file format (bench/backlog.js):`,
    '',
    '| Backlog.md | s | aftersales | s | we are |',
    '|---|---:|---|---:|---:|',
    ...backlog.map(
      (b) => `| ${b.theirs} | ${fmt(b.them)} | ${b.name} | ${fmt(b.us)} | ${fmt(b.them / b.us, 1)}× faster |`,
    ),
    '',
  );
}
lines.push(
  'A cold run of any command builds both files of the issue index (docs/index.md); `list --json` then',
  "copies each issue's JSON from the issues file.",
  '',
);
const text = `${lines.join('\n')}\n`;
process.stdout.write(text);
if (!sizes.length) writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), text);
