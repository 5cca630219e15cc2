#!/usr/bin/env node
// Build step: the published CLI as a bundle (esbuild). One entry, dist/cli.js, and a chunk for
// each lazily loaded command group, dependencies inlined, so a command loads a few files
// instead of ~50 of ours and hundreds of its dependencies'. The index's worker is an entry of
// its own (dist/index-worker.js). Source maps beside them: AFTERSALES_DEBUG=1 turns them on.
// Minified (names kept), since Node 20 has no compile cache and parses every byte it loads;
// AFTERSALES_NO_MINIFY=1 builds readable chunks for a profiler.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', 'index-worker': 'src/store/index-worker.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: process.env.AFTERSALES_NO_MINIFY !== '1',
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // the dependencies written as CommonJS ask for `require`, which ES modules lack
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
// what each chunk holds and imports, for the test of what each command loads (test/e2e/bundle-graph.test.ts)
mkdirSync(new URL('../build', import.meta.url), { recursive: true });
writeFileSync(new URL('../build/bundle-meta.json', import.meta.url), JSON.stringify(metafile));
