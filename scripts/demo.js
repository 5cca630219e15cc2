#!/usr/bin/env node
// `npm run demo [-- DIR]`: a sample store in a new folder (default ./aftersales-demo) and a
// month of the after-sales loop run through the real commands — registration, rule
// dispatch, a plan rejected then approved, actions, a failed then a passed acceptance, a
// reopen — then the KPI report and where its HTML page is. Every step is a git commit.
//
// The same steps, rendered as Markdown, are the README's tour (scripts/readme-tour.js):
// AFTERSALES_NOW and AFTERSALES_SEED make every run print the same.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'aftersales.js');
const FIX = join(ROOT, 'fixtures');
const PEOPLE = { 'li.si': 'Li Si', 'chen.qi': 'Chen Qi', 'wang.wu': 'Wang Wu', 'zhao.liu': 'Zhao Liu' };

// Each step: who runs it, when (November 2026, Shanghai), what they type, and a caption.
// `$NOISE` and the like stand for the IDs the store gave out.
export const STEPS = [
  { part: 'Register and dispatch', zh: '登记与派单' },
  {
    who: 'li.si',
    when: '01T09:00',
    args: ['init', '--prefix', 'AS', '--timezone', 'Asia/Shanghai'],
    en: 'Create the store (the demo then puts in the sample plant config: people, teams, SLA, dispatch and approval rules).',
    zh: '新建问题库（示例随后放入工厂配置：人员、团队、SLA、派单和审批规则）。',
  },
  { setup: true },
  { who: 'li.si', when: '01T09:05', args: ['doctor'], en: 'Is this clone ready?', zh: '本克隆是否就绪？' },
  {
    who: 'li.si',
    when: '02T09:30',
    id: 'NOISE',
    args: [
      'new',
      '--title',
      'X100 主轴低速异响',
      '--type',
      'hardware',
      '--severity',
      'critical',
      '--customer',
      '华东机械厂',
      '--contact',
      '张工 13800138000',
      '--product',
      'X100',
      '--component',
      '主轴轴承',
      '--description',
      '300 rpm 以下运转时主轴有明显异响，影响加工精度',
    ],
    en: 'Register a problem: the dispatch rules assign it at once.',
    zh: '登记问题：派单规则立即分派。',
  },
  {
    who: 'li.si',
    when: '02T10:10',
    args: ['contact', '$NOISE', '--channel', 'phone', '--note', '已受理，明天派工程师到现场排查'],
    en: 'The first response: a call to the customer within the hour. The response SLA counts contacts like this one, not the dispatch.',
    zh: '首次响应：一小时内回电客户。响应时限按这样的联系记录计算，派单不算响应。',
  },
  {
    who: 'chen.qi',
    when: '03T14:10',
    id: 'LEAK',
    args: [
      'new',
      '--title',
      'X200 液压站漏油',
      '--type',
      'hardware',
      '--severity',
      'high',
      '--customer',
      '深圳精密模具厂',
      '--product',
      'X200',
      '--component',
      '液压站',
    ],
    en: 'Another one.',
    zh: '再登记一个。',
  },
  {
    who: 'chen.qi',
    when: '03T15:00',
    args: ['contact', '$LEAK', '--channel', 'phone', '--note', '已受理，请客户先关停液压站'],
  },
  {
    who: 'li.si',
    when: '04T10:00',
    id: 'HMI',
    args: [
      'new',
      '--title',
      'M7 人机界面偶发黑屏',
      '--type',
      'software-bug',
      '--severity',
      'medium',
      '--customer',
      '成都航空部件公司',
      '--product',
      'M7',
      '--component',
      '人机界面',
    ],
    en: 'A software bug goes to R&D support, to whoever has the fewest open issues.',
    zh: '软件缺陷派给研发支持组中未结问题最少的人。',
  },
  {
    who: 'chen.qi',
    when: '05T16:00',
    args: ['import', 'calls.csv'],
    en: 'Import the phone log (CSV or Excel, Chinese headers): every row checked first, one commit.',
    zh: '导入电话记录（CSV 或 Excel，中文表头）：先检查每一行，一次提交。',
  },
  { who: 'li.si', when: '05T17:00', args: ['list'], en: 'What is open.', zh: '未结问题。' },
  {
    who: 'li.si',
    when: '05T17:02',
    args: ['dispatch', '--all', '--explain', '--dry-run'],
    en: 'Every open issue against the dispatch rules: why each rule did or did not match (a dry run changes nothing).',
    zh: '每个未关闭的问题逐条对照派单规则：为何匹配或不匹配（--dry-run 不做任何更改）。',
  },
  {
    who: 'li.si',
    when: '05T17:05',
    args: ['dispatch', '$LEAK', '--to', 'chen.qi', '--reason', '李四出差，陈七接手'],
    en: 'Reassign by hand, with a reason.',
    zh: '手工改派，须写明原因。',
  },
  {
    who: 'li.si',
    when: '05T17:10',
    args: ['sla', '$NOISE'],
    en: 'The due dates, from the SLA of its severity.',
    zh: '按严重度 SLA 计算的期限。',
  },
  {
    who: 'li.si',
    when: '05T17:15',
    args: ['inbox', '--as', 'li.si'],
    en: 'What is waiting for li.si.',
    zh: 'li.si 的待办。',
  },
  { part: 'Root cause, plan, approval, execution', zh: '根因分析、纠正计划、审批与执行' },
  {
    who: 'li.si',
    when: '06T11:00',
    args: ['plan', '$NOISE', '--file', 'plans/x100-noise.yaml'],
    en: 'The RCA and the actions (what, who, when, how to verify). A critical issue needs the tech director.',
    zh: '提交根因分析和措施（做什么、谁、何时、如何验证）。严重问题需技术总监审批。',
  },
  {
    who: 'wang.wu',
    when: '06T14:00',
    args: ['reject', '$NOISE', '--comment', '先补充低速工况对比试验数据'],
    en: 'Rejected: back to the owner.',
    zh: '驳回：退回负责人。',
  },
  {
    who: 'li.si',
    when: '06T16:00',
    args: ['plan', '$NOISE', '--file', 'plans/x100-noise.yaml'],
    en: 'Planned again, with the data.',
    zh: '补充数据后重新提交。',
  },
  {
    who: 'wang.wu',
    when: '06T17:00',
    args: ['approve', '$NOISE', '--comment', '同意，先补润滑再改作业指导书'],
    en: 'Approved: in progress.',
    zh: '批准：进入执行。',
  },
  {
    who: 'li.si',
    when: '07T09:00',
    args: ['contact', '$NOISE', '--channel', 'phone', '--note', '告知整改方案：先补润滑，再改作业指导书'],
  },
  {
    who: 'li.si',
    when: '07T09:10',
    args: ['confirm', '$NOISE', '--plan', '--said', '同意，尽快安排', '--channel', 'phone', '--contact', '张工'],
    en: "The customer's agreement to the plan (the checklist reads it; nobody ticks it).",
    zh: '客户认可整改方案（验收清单由记录判定，无需勾选）。',
  },
  {
    who: 'zhao.liu',
    when: '08T18:00',
    args: ['action', '$NOISE', 'T1', '--done', '--evidence', '100台补脂完成，全检噪音 42 dB'],
    en: 'Each action done, with its evidence.',
    zh: '逐项完成措施并附证据。',
  },
  {
    who: 'wang.wu',
    when: '10T17:00',
    args: ['action', '$NOISE', 'P1', '--done', '--evidence', '作业指导书 WI-3.2 rev D 已发布'],
  },
  { who: 'li.si', when: '11T10:00', args: ['action', '$NOISE', 'C1', '--done', '--evidence', 'QP-7.1.2 rev C 试运行'] },
  {
    who: 'li.si',
    when: '11T10:30',
    args: ['comment', '$LEAK', '客户来电催促，要求本周内到场'],
    en: 'A comment on another issue.',
    zh: '给另一个问题加备注。',
  },
  {
    who: 'chen.qi',
    when: '11T15:00',
    args: ['plan', '$LEAK', '--file', 'plans/x200-leak.yaml'],
    en: 'A high-severity plan needs no approval: straight to work.',
    zh: '高严重度的计划无需审批，直接执行。',
  },
  {
    who: 'chen.qi',
    when: '11T15:30',
    args: ['contact', '$LEAK', '--channel', 'phone', '--note', '告知更换密封件方案'],
  },
  { who: 'chen.qi', when: '11T15:40', args: ['confirm', '$LEAK', '--plan', '--said', '同意', '--channel', 'phone'] },
  {
    who: 'chen.qi',
    when: '12T17:00',
    args: ['action', '$LEAK', 'P1', '--done', '--evidence', '更换密封件，保压 24h 无渗漏'],
  },
  { who: 'chen.qi', when: '12T18:00', args: ['review', '$LEAK', '--minutes', '复盘：保养手册增加密封圈更换周期'] },
  {
    who: 'zhao.liu',
    when: '12T18:25',
    args: ['contact', '$HMI', '--channel', 'im', '--note', '请客户导出黑屏时段的日志'],
  },
  {
    who: 'zhao.liu',
    when: '12T18:30',
    args: ['wait', '$HMI', '--on', 'customer', '--reason', '等客户导出黑屏时段的日志'],
    en: 'Parked while the customer collects logs: the resolution clock stops until `resume`.',
    zh: '等待客户导出日志，问题挂起：解决时限暂停计时，直到 `resume`。',
  },
  { who: 'li.si', when: '12T18:35', args: ['show', '$NOISE'], en: 'One issue, whole.', zh: '查看单个问题。' },
  { part: 'Acceptance in three dimensions', zh: '三维度验收' },
  {
    who: 'chen.qi',
    when: '13T10:00',
    args: ['accept', '$NOISE', '--answers', 'answers/round1.yaml'],
    en: 'Round 1 fails: called back, the customer is not yet satisfied (2/5), items fail, and the review meeting, answered as held, fails too: the tool decides that item from the record, which has no review yet (at a terminal, `accept` asks item by item).',
    zh: '第一轮未通过：回访时客户仍不满意（2/5），有检查项未通过；复盘会议一项虽填了“通过”，仍判为未通过：这一项由工具根据处理记录判定，而记录中还没有复盘（在终端中 `accept` 会逐项提问）。',
  },
  {
    who: 'li.si',
    when: '15T14:00',
    args: ['review', '$NOISE', '--minutes', '根因确认；QP-7.1.2 rev C 已发布', '--attendees', 'li.si,wang.wu,chen.qi'],
    en: 'The cross-department review, with its minutes.',
    zh: '跨部门评审及纪要。',
  },
  {
    who: 'li.si',
    when: '15T16:00',
    args: [
      'confirm',
      '$NOISE',
      '--satisfaction',
      '5',
      '--said',
      '问题已彻底解决，设备运行安静',
      '--channel',
      'phone',
      '--contact',
      '张工',
    ],
    en: "The customer's own word: acceptance needs it, at 4/5 or more.",
    zh: '客户的原话确认：验收必须有，且满意度不低于 4/5。',
  },
  {
    who: 'chen.qi',
    when: '16T10:00',
    args: ['accept', '$NOISE', '--answers', 'answers/round2.yaml'],
    en: 'Round 2 passes, the review now on record; the fix enters the knowledge base.',
    zh: '第二轮通过，复盘会议已有记录；解决方案进入知识库。',
  },
  {
    who: 'li.si',
    when: '16T10:05',
    args: ['accept', '$LEAK', '--answers', 'answers/x200-leak.yaml'],
    en: 'The leak passes at the first round.',
    zh: '漏油问题一次验收通过。',
  },
  {
    who: 'chen.qi',
    when: '16T10:10',
    args: ['show', '$NOISE', '--format', 'markdown', '--customer'],
    en: 'The acceptance record for the customer.',
    zh: '给客户的验收记录。',
  },
  {
    who: 'li.si',
    when: '16T10:20',
    args: ['log', '$NOISE'],
    en: 'Every event with the commit that made it.',
    zh: '每个事件及其对应的提交。',
  },
  {
    who: 'li.si',
    when: '16T10:30',
    args: ['kb', 'search', '主轴', '异响'],
    en: 'The knowledge base: Chinese matched by words.',
    zh: '知识库：中文按词匹配。',
  },
  {
    who: 'li.si',
    when: '16T10:35',
    args: ['similar', '$LEAK'],
    en: 'Solved issues like this one (also offered by `new`).',
    zh: '与之相似的已解决问题（登记时也会提示）。',
  },
  {
    who: 'li.si',
    when: '16T10:40',
    args: ['kb', 'export', '--out', 'kb'],
    en: 'The knowledge base as Markdown pages.',
    zh: '知识库导出为 Markdown 页面。',
  },
  { part: 'The CI gate and the review', zh: 'CI 关卡与复盘' },
  {
    who: 'li.si',
    when: '17T09:00',
    args: ['check'],
    en: 'Overdue items: exit 1 fails the CI job.',
    zh: '超期项：退出码 1 让 CI 失败。',
  },
  {
    who: 'li.si',
    when: '17T09:00',
    args: ['check', '--format', 'github'],
    en: 'The same as GitHub annotations.',
    zh: '同样内容输出为 GitHub 注解。',
  },
  {
    who: 'li.si',
    when: '17T09:05',
    args: ['validate'],
    en: 'Every file against the schema and the config.',
    zh: '按模式与配置校验每个文件。',
  },
  {
    who: 'li.si',
    when: '17T09:10',
    args: ['cancel', '$HMI', '--reason', '客户升级固件后不再复现'],
    en: 'Cancel, with a reason.',
    zh: '取消，须写明原因。',
  },
  {
    who: 'li.si',
    when: '18T09:00',
    args: ['reopen', '$LEAK', '--reason', '客户反馈液压站再次漏油'],
    en: 'The leak came back: reopen. Its fix leaves the knowledge base until it is accepted again.',
    zh: '漏油复发：重新打开。其解决方案退出知识库，直到再次验收通过。',
  },
  {
    who: 'li.si',
    when: '18T09:10',
    args: ['audit'],
    en: 'The trail checked against git: actors, roles, append-only history.',
    zh: '对照 git 校验审计轨迹：操作人、角色、只增不改。',
  },
  {
    who: 'li.si',
    when: '30T18:00',
    args: ['report', '--since', '2026-11-01'],
    en: 'The month in figures.',
    zh: '本月 KPI。',
  },
  {
    who: 'li.si',
    when: '30T18:00',
    args: ['report', '--since', '2026-11-01', '--format', 'html', '--out', 'report.html'],
    en: 'As a page with charts.',
    zh: '带图表的网页。',
  },
  {
    who: 'li.si',
    when: '30T18:05',
    args: ['export', '--out', 'issues.csv'],
    en: 'Every issue for Excel.',
    zh: '导出全部问题，可用 Excel 打开。',
  },
  {
    who: 'li.si',
    when: '30T18:06',
    args: ['notify', '--flush'],
    en: 'Notifications that could not be delivered wait in an outbox (this store has no webhooks).',
    zh: '未送达的通知留在发件箱（本示例库未配置 webhook）。',
  },
  {
    who: 'li.si',
    when: '30T18:07',
    args: ['completion', 'bash'],
    head: 6,
    en: 'Shell completion (bash, zsh, fish): commands, flags, IDs, people, teams, types.',
    zh: 'Shell 补全（bash、zsh、fish）：命令、选项、ID、人员、团队、类型。',
  },
];

const CALLS = `发生时间,客户名称,联系人,标题,类型,严重程度,产品,部件,问题描述
2026-11-05 15:20,青岛海工装备,刘工 13900001111,操作员不会设置刀具补偿,usage,低,X200,数控系统,新操作员培训不足
2026-11-05 15:40,苏州电子科技,陈工 13700002222,M7 通讯模块间歇断线,software-bug,高,M7,通讯模块,每天断线两到三次
`;

const LEAK_PLAN = `rca:
  direct_cause: 液压站回油管接头密封圈老化
  indirect_causes: [密封圈未按保养周期更换]
  root_cause: 保养手册未规定密封圈更换周期
  escape_point: 交付培训未覆盖液压站保养
  method: 5-why
actions:
  - { id: P1, kind: permanent, what: 更换回油管密封件并在保养手册中规定每 2000 小时更换, who: chen.qi, when: '2026-11-13T18:00:00+08:00', verify: 保压 24 小时无渗漏，保养手册 rev B 发布 }
`;

const LEAK_ANSWERS = `items:
${['problem-described', 'rca-done', 'scope-assessed', 'measures-separated', 'fix-verified', 'regression-tested', 'core-need-met', 'customer-informed', 'plan-agreed', 'customer-confirmed', 'beyond-expectation', 'traceable', 'review-held', 'knowledge-captured', 'prevention-in-sop'].map((id) => `  ${id}: { result: pass }`).join('\n')}
  apology-compensation: { result: na }
  derived-harm: { result: na }
customer: { satisfaction: 4, said: 漏油已解决, channel: phone }
`;

/** Runs the built CLI as a process: `{ code, output }`, stdout and stderr in one text in the
 * order a terminal shows them. Tests pass a runner of their own that calls main() in-process. */
export function processRunner(args, { cwd, env }) {
  const capture = join(tmpdir(), `aftersales-demo-${process.pid}.out`);
  const fd = openSync(capture, 'w');
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const output = readFileSync(capture, 'utf8');
  rmSync(capture, { force: true });
  return { code: r.status ?? -1, output };
}

/** Run every step in `dir`; `onStep(step, commandLine, result)` sees each, where result is
 * what the runner gave (`code`, `output`, and with some runners `stdout` and `stderr`). */
export async function runDemo(dir, { lang = 'en', onStep = () => {}, runner = processRunner } = {}) {
  const ids = {};
  // commits made here carry a fixed date too, so every commit hash repeats from run to run
  const at = '2026-11-01T09:01:00+08:00';
  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_DATE: at,
    GIT_COMMITTER_DATE: at,
    GIT_AUTHOR_NAME: 'Li Si',
    GIT_AUTHOR_EMAIL: 'li.si@example.com',
    GIT_COMMITTER_NAME: 'Li Si',
    GIT_COMMITTER_EMAIL: 'li.si@example.com',
  };
  const git = (...args) => execFileSync('git', args, { cwd: dir, env: gitEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'li.si@example.com');
  git('config', 'user.name', 'Li Si');
  for (const step of STEPS) {
    if (step.part) {
      onStep(step, null, null);
      continue;
    }
    if (step.setup) {
      setUp(dir);
      git('add', '-A');
      git('commit', '-qm', 'The plant config, a sample plan, acceptance answers and a phone log');
      continue;
    }
    const args = step.args.map((a) => a.replace(/^\$([A-Z]+)$/, (_, name) => ids[name] ?? a));
    const r = await runner(args, { cwd: dir, env: stepEnv(step, lang) });
    if (r.code !== 0 && r.code !== 1)
      throw new Error(`demo: aftersales ${args.join(' ')} failed (exit ${r.code}): ${r.output}`);
    if (step.id) ids[step.id] = r.output.trim().split('\n').pop();
    const line = `aftersales ${args.map((a) => (/[\s"'|>&;]/.test(a) ? `"${a}"` : a)).join(' ')}`;
    const lines = r.output.split('\n');
    const output = step.head && lines.length > step.head ? `${lines.slice(0, step.head).join('\n')}\n…\n` : r.output;
    onStep(step, line, { ...r, output });
  }
  return ids;
}

/** The plant config, plans, answers and the phone log the steps use. */
function setUp(dir) {
  copyFileSync(join(FIX, 'config', 'plant.yaml'), join(dir, '.aftersales', 'config.yaml'));
  mkdirSync(join(dir, 'plans'), { recursive: true });
  mkdirSync(join(dir, 'answers'), { recursive: true });
  copyFileSync(join(FIX, 'plans', 'x100-noise.yaml'), join(dir, 'plans', 'x100-noise.yaml'));
  // round 1 answers the review as held: the record (no review event yet) fails it all the same
  const round1 = readFileSync(join(FIX, 'answers', 'x100-round1-fail.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'answers', 'round1.yaml'),
    round1.replace('review-held: { result: fail }', 'review-held: { result: pass, evidence: 已开会 }'),
  );
  // round 2 without its customer block: the customer's word is the `confirm` step before it
  const round2 = readFileSync(join(FIX, 'answers', 'x100-round2-pass.yaml'), 'utf8');
  writeFileSync(join(dir, 'answers', 'round2.yaml'), round2.replace(/^customer:\n(?: {2}.*\n)+/m, ''));
  writeFileSync(join(dir, 'calls.csv'), CALLS);
  writeFileSync(join(dir, 'plans', 'x200-leak.yaml'), LEAK_PLAN);
  writeFileSync(join(dir, 'answers', 'x200-leak.yaml'), LEAK_ANSWERS);
}

/** Who runs a step and when: the clock, the seed for IDs, the git identity and dates. */
export function stepEnv(step, lang) {
  const at = `2026-11-${step.when}:00+08:00`;
  const name = PEOPLE[step.who];
  const email = `${step.who}@example.com`;
  return {
    AFTERSALES_NOW: at,
    AFTERSALES_SEED: 'aftersales-demo',
    AFTERSALES_LANG: lang,
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: at,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: at,
    NO_COLOR: '1',
    FORCE_COLOR: undefined,
    COLUMNS: '100',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const dir = resolve(process.argv[2] ?? 'aftersales-demo');
  if (existsSync(dir) && readdirSync(dir).length) {
    console.error(`demo: ${dir} is not empty; give another folder: npm run demo -- /tmp/my-demo`);
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  await runDemo(dir, {
    onStep(step, line, r) {
      if (!line) return console.log(`\n== ${step.part} ==`);
      console.log(
        `\n$ ${line}    # ${step.who}, 2026-11-${step.when.replace('T', ' ')}${r.code ? `  (exit ${r.code})` : ''}`,
      );
      process.stdout.write(r.output);
    },
  });
  console.log(`\nThe demo store is in ${dir}; every step above is a commit: git -C "${dir}" log --oneline`);
  console.log(`The KPI report as a page: ${join(dir, 'report.html')}`);
}
