#!/usr/bin/env node
// `npm run test:dates`: the whole suite with the machine's clock moved 900 days ahead and then
// 900 days behind (Debian's faketime: `apt-get install faketime`). A test that passes only near
// the day it was written fails here. Git and every process the tests start see the moved clock.
import { spawnSync } from 'node:child_process';

const offsets = process.argv.slice(2).length ? process.argv.slice(2) : ['+900d', '-900d'];
if (spawnSync('faketime', ['-f', '+0d', 'true']).status !== 0) {
  console.error('test:dates needs faketime: apt-get install faketime');
  process.exit(2);
}
let failed = 0;
for (const offset of offsets) {
  console.log(`\n== npm test with the clock moved ${offset} ==`);
  const r = spawnSync('faketime', ['-f', offset, 'npx', 'vitest', 'run'], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
