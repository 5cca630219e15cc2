#!/usr/bin/env node
// `npm run demo [-- DIR]`: a sample store in a new folder (default ./aftersales-demo), and a
// month of the after-sales loop run through the real commands: registration, rule
// dispatch, a plan that needs approval, a failed then a passed acceptance, a reopen. Then
// the KPI report, and where its HTML page is. Every step is a git commit you can inspect.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'aftersales.js');
const FIX = join(ROOT, 'fixtures');
const dir = resolve(process.argv[2] ?? 'aftersales-demo');
if (existsSync(dir) && readdirSync(dir).length) {
  console.error(`demo: ${dir} is not empty; give another folder: npm run demo -- /tmp/my-demo`);
  process.exit(2);
}

const PEOPLE = { 'li.si': 'Li Si', 'chen.qi': 'Chen Qi', 'wang.wu': 'Wang Wu', 'zhao.liu': 'Zhao Liu' };
const quiet = process.env.DEMO_QUIET === '1';

/** Run aftersales as `who` at `when` (the store's clock), echoing the command line. */
function as(who, when, ...args) {
  const email = `${who}@example.com`;
  const env = {
    ...process.env,
    AFTERSALES_NOW: `2026-11-${when}:00+08:00`,
    GIT_AUTHOR_NAME: PEOPLE[who],
    GIT_AUTHOR_EMAIL: email,
    GIT_COMMITTER_NAME: PEOPLE[who],
    GIT_COMMITTER_EMAIL: email,
    NO_COLOR: '1',
  };
  if (!quiet) console.log(`\n$ aftersales ${args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}    # ${who}, 11-${when}`);
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8' });
  if (!quiet) process.stdout.write(r.stdout + r.stderr);
  if (r.status !== 0 && r.status !== 1) {
    console.error(`demo: aftersales ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status ?? 2);
  }
  return r.stdout.trim().split('\n').pop();
}

execFileSync('git', ['init', '-q', '-b', 'main', dir]);
execFileSync('git', ['config', 'user.email', 'li.si@example.com'], { cwd: dir });
execFileSync('git', ['config', 'user.name', 'Li Si'], { cwd: dir });
as('li.si', '01T09:00', 'init', '--prefix', 'AS', '--timezone', 'Asia/Shanghai');
copyFileSync(join(FIX, 'config', 'plant.yaml'), join(dir, '.aftersales', 'config.yaml'));
execFileSync('git', ['commit', '-qam', 'Config: the plant’s people, teams, SLA, dispatch and approval rules'], { cwd: dir });

// Week 1: registrations; the rules dispatch each at once.
const noise = as('li.si', '02T09:30', 'new', '-q', '--title', 'X100 主轴低速异响', '--type', 'hardware', '--severity', 'critical', '--customer', '华东机械厂', '--contact', '张工 13800138000', '--product', 'X100', '--component', '主轴轴承', '--description', '300 rpm 以下运转时主轴有明显异响，已影响客户加工精度');
const leak = as('chen.qi', '03T14:10', 'new', '-q', '--title', 'X200 液压站漏油', '--type', 'hardware', '--severity', 'high', '--customer', '深圳精密模具厂', '--product', 'X200', '--component', '液压站');
const hmi = as('li.si', '04T10:00', 'new', '-q', '--title', 'M7 人机界面偶发黑屏', '--type', 'software-bug', '--severity', 'medium', '--customer', '成都航空部件公司', '--product', 'M7', '--component', '人机界面');
as('chen.qi', '05T16:00', 'new', '-q', '--title', '操作员不会设置刀具补偿', '--type', 'usage', '--severity', 'low', '--customer', '青岛海工装备');
as('li.si', '05T17:00', 'list');

// The critical issue: a plan with RCA and actions; critical needs the tech director.
as('li.si', '06T11:00', 'plan', noise, '--file', join(FIX, 'plans', 'x100-noise.yaml'));
as('wang.wu', '06T15:00', 'approve', noise, '--comment', '同意，先补润滑再改作业指导书');
as('zhao.liu', '08T18:00', 'action', noise, 'T1', '--done', '--evidence', '100台补脂完成，全检噪音 42 dB');
as('wang.wu', '10T17:00', 'action', noise, 'P1', '--done', '--evidence', '作业指导书 WI-3.2 rev D 已发布');
as('li.si', '11T10:00', 'action', noise, 'C1', '--done', '--evidence', 'QP-7.1.2 rev C 试运行');

// Acceptance: the first round fails (customer not yet called back), the second passes.
as('chen.qi', '12T10:00', 'accept', noise, '--answers', join(FIX, 'answers', 'x100-round1-fail.yaml'));
as('chen.qi', '16T10:00', 'accept', noise, '--answers', join(FIX, 'answers', 'x100-round2-pass.yaml'));

// The leak is still open; the CI gate lists what is overdue. Then the spindle noise came back.
as('li.si', '09T09:00', 'comment', leak, '客户来电催促，要求本周内到场');
as('li.si', '17T09:00', 'check');
as('li.si', '18T09:00', 'reopen', noise, '--reason', '客户反馈低速异响复现');
as('li.si', '18T09:05', 'similar', hmi);
as('li.si', '30T18:00', 'report', '--since', '2026-11-01');
as('li.si', '30T18:00', 'report', '--since', '2026-11-01', '--format', 'html', '--out', 'report.html');

console.log(`\nThe demo store is in ${dir} — every step above is a commit: git -C ${JSON.stringify(dir)} log --oneline`);
console.log(`The KPI report as a page: ${join(dir, 'report.html')}`);
