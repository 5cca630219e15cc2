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
  // the machine's clock alone moves here: the suite's own skew (test/setup) would undo -900d
  const env = { ...process.env, AFTERSALES_TEST_SKEW_DAYS: '0' };
  const r = spawnSync('faketime', ['-f', offset, 'npx', 'vitest', 'run'], { stdio: 'inherit', env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
