#!/usr/bin/env node
// Keep this file tiny: start-up time is felt at every keystroke.
import module from 'node:module';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The one answer that needs nothing but package.json.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  module.enableCompileCache?.();
  // the bundle's stack traces point into src/ (its source maps) when asked for
  if (process.env.AFTERSALES_DEBUG === '1') process.setSourceMapsEnabled(true);
  const { main } = await import('../dist/cli.js');
  process.exitCode = await main(args);
}
