#!/usr/bin/env node
// Build step: the published CLI as a bundle (esbuild), dependencies inlined, source maps beside
// each file (AFTERSALES_DEBUG=1 turns them on):
// - dist/cli.cjs, one CommonJS file: bin/aftersales.js compiles it with a V8 code cache per
//   command (Node 20 has no compile cache; docs/start-up.md). Modules reached only through
//   `import()` are evaluated when a command asks for them, as in the sources;
// - dist/vendor/*.cjs, the large leaf libraries one command each needs (mail, spreadsheets,
//   OpenCC's tables), so that the file every command reads and caches stays small;
// - dist/index-worker.js, the worker thread of a cold index build.
// Minified (names kept): a first run with no code cache parses every byte.
// AFTERSALES_NO_MINIFY=1 builds readable files for a profiler.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
// import specifier → the file of dist/vendor/ that holds it, and the names our code takes from it
const VENDOR = {
  nodemailer: ['nodemailer', 'createTransport'],
  mailparser: ['mailparser', 'simpleParser'],
  'read-excel-file/node': ['read-excel-file', 'readSheet'],
  'write-excel-file/node': ['write-excel-file', 'default'],
  'opencc-js/t2cn': ['opencc', 'Converter'],
};

// the dependencies written as CommonJS ask for `require`, which ES modules lack
const esmRequire = {
  js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: process.env.AFTERSALES_NO_MINIFY !== '1',
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/** The vendor libraries stay out of the CLI's file: `import('nodemailer')` loads dist/vendor/nodemailer.cjs. */
const vendorOutside = {
  name: 'vendor-outside',
  setup(b) {
    const filter = new RegExp(`^(?:${Object.keys(VENDOR).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: `./vendor/${VENDOR[args.path][0]}.cjs`, external: true }));
  },
};

/** A vendor file's source. The CLI's `await import()`, made a `require()`, sees `module.exports` as the
 * default export: the one default export we take (write-excel-file's) is the whole of it. */
function vendorEntry(spec) {
  const [, name] = VENDOR[spec];
  const lib = `require(${JSON.stringify(spec)})`;
  return name === 'default' ? `module.exports = ${lib}.default;` : `module.exports = { ${name}: ${lib}.${name} };`;
}

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const { metafile } = await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // `import()` becomes `require()`: a script compiled by node:vm has no module loader of its own
  supported: { 'dynamic-import': false },
  plugins: [vendorOutside],
  metafile: true,
  // the one module that asks where it is (src/package-root.ts)
  define: { 'import.meta.url': '__aftersalesUrl' },
  // "use strict" first: a banner before esbuild's own would leave the whole file sloppy
  banner: { js: "'use strict';\nvar __aftersalesUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({
  ...common,
  entryPoints: Object.fromEntries(Object.entries(VENDOR).map(([spec, [file]]) => [file, `vendor:${spec}`])),
  outdir: 'dist/vendor',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  plugins: [
    {
      name: 'vendor-entries',
      setup(b) {
        b.onResolve({ filter: /^vendor:/ }, (args) => ({ path: args.path.slice(7), namespace: 'vendor' }));
        // the names our code imports from the library
        b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
          contents: vendorEntry(args.path),
          resolveDir: root,
        }));
      },
    },
  ],
});
await build({
  ...common,
  entryPoints: { 'index-worker': 'src/store/index-worker.ts' },
  outdir: 'dist',
  format: 'esm',
  banner: esmRequire,
});
// what the CLI's file holds and imports, for the test of what each command loads (test/e2e/bundle-graph.test.ts)
mkdirSync(new URL('../build', import.meta.url), { recursive: true });
writeFileSync(new URL('../build/bundle-meta.json', import.meta.url), JSON.stringify(metafile));
