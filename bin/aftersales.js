#!/usr/bin/env node
// Keep this file tiny: start-up time is felt at every keystroke. It is CommonJS (bin/package.json):
// Node starts a CommonJS entry ~5 ms sooner than an ES module, and --version needs nothing more.
'use strict';
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The one answer that needs nothing but package.json.
  const { readFileSync } = require('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(`${__dirname}/../package.json`, 'utf8')).version}\n`);
} else {
  // Node 22+'s compile cache, for the files Node loads itself (dist/vendor/); the bundle has a
  // code cache of its own (code-cache.js)
  require('node:module').enableCompileCache?.();
  const dist = `${__dirname}/../dist`;
  let cli;
  if (process.env.AFTERSALES_DEBUG === '1') {
    // the bundle's stack traces point into src/ (its source maps)
    process.setSourceMapsEnabled(true);
    cli = require(`${dist}/cli.cjs`);
  } else cli = require('./code-cache.js').loadCli(dist, args);
  cli.main(args).then((code) => {
    process.exitCode = code;
  });
}
