#!/usr/bin/env node
// Keep this file tiny: start-up time is felt at every keystroke.
import module from 'node:module';
module.enableCompileCache?.();
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
