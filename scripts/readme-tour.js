#!/usr/bin/env node
// `npm run readme`: runs the demo (scripts/demo.js) in a temporary folder, in English and in
// Chinese, and writes its transcript into README.md and README.zh-CN.md between the
// `<!-- tour:begin -->` and `<!-- tour:end -->` marks. The tour is real output and cannot
// drift: `node scripts/readme-tour.js --check` fails when it would change (the tests run the
// same check through readmeChanges, with the CLI in-process).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processRunner, runDemo, STEPS } from './demo.js';
import { refreshBlocks } from './readme-blocks.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BEGIN = '<!-- tour:begin -->';
const END = '<!-- tour:end -->';
const FENCE = '```';

export async function tour(lang, runner = processRunner) {
  const dir = mkdtempSync(join(tmpdir(), 'aftersales-tour-'));
  const parts = [];
  try {
    await runDemo(dir, {
      lang,
      runner,
      onStep(step, line, r) {
        const caption = lang === 'en' ? step.en : step.zh;
        if (!line) return parts.push(`### ${lang === 'en' ? step.part : step.zh}\n`);
        const when = `${step.who}, 11-${step.when.replace('T', ' ')}`;
        const text = r.output.replaceAll(dir, '~/aftersales-demo').trimEnd();
        parts.push(
          `${caption ? `${caption} ` : ''}<sub>(${when}${r.code ? `; exit ${r.code}` : ''})</sub>\n\n${FENCE}console\n$ ${line}\n${text}\n${FENCE}\n`,
        );
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return parts.join('\n');
}

/** Versions of node and git differ between machines: not a drift. */
const comparable = (text) => text.replace(/^(✓ (?:node|git): ).*$/gm, '$1…');

function splice(file, body) {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file}: the ${BEGIN} … ${END} marks are missing`);
  const next = `${text.slice(0, start + BEGIN.length)}\n${body}\n`;
  // the console blocks outside the tour are run as they stand
  return refreshBlocks(next + text.slice(end), [start, next.length]);
}

const READMES = [
  ['README.md', 'en'],
  ['README.zh-CN.md', 'zh-CN'],
];

/** Each README with its tour made anew: `{ file, path, next, stale }`. */
export async function readmeChanges(runner = processRunner) {
  const changes = [];
  for (const [file, lang] of READMES) {
    const path = join(ROOT, file);
    const next = splice(path, await tour(lang, runner));
    changes.push({ file, path, next, stale: comparable(next) !== comparable(readFileSync(path, 'utf8')) });
  }
  return changes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  const changes = await readmeChanges();
  if (!check) for (const { path, next } of changes) writeFileSync(path, next);
  const stale = check ? changes.filter((c) => c.stale).map((c) => c.file) : [];
  if (stale.length) {
    console.error(`The tour in ${stale.join(' and ')} is out of date: run npm run readme and commit.`);
    process.exit(1);
  }
  if (!check)
    console.log(`Tour written to README.md and README.zh-CN.md (${STEPS.filter((s) => s.args).length} commands).`);
}
