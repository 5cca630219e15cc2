// Two or three real examples under each command's --help: what a newcomer copies first.
import type { Command } from 'commander';
import { t, type MessageKey } from './i18n/index.js';

/** An example, or an example and the key of its comment (worded in the reader's language). */
type Example = string | [command: string, comment: MessageKey];

const EXAMPLES: Record<string, Example[]> = {
  init: [
    'aftersales init --prefix AS --timezone Asia/Shanghai',
    ['aftersales init --lang zh-CN', 'example.chinese-messages-and-che'],
    ['aftersales init', 'example.in-a-fresh-clone-registe'],
  ],
  new: [
    'aftersales new --title "X100 主轴低速异响" --type hardware --severity high --customer 华东机械厂 --product X100',
    ['aftersales new', 'example.at-a-terminal-asks-for-e'],
    ['id=$(aftersales new -q --title … --type usage --severity low --customer …)', 'example.in-scripts'],
  ],
  list: [
    'aftersales list --status open --owner li.si',
    'aftersales list --overdue',
    'aftersales list --wide',
    'aftersales list --wide | less -S',
    'aftersales list --json | jq ".[].id"',
  ],
  show: [
    ['aftersales show 6BAD', 'example.any-unambiguous-tail-of'],
    'aftersales show AS-0R91-0X6BAD --format markdown --customer > 回复客户.md',
    ['aftersales show 6BAD --format 8d --out 8D-6BAD.html', 'example.the-8d-report-for-the-oem'],
  ],
  validate: ['aftersales validate', ['aftersales validate --format github', 'example.annotations-in-a-pull-re']],
  dispatch: [
    'aftersales dispatch --all',
    'aftersales dispatch 6BAD --explain --dry-run',
    'aftersales dispatch 6BAD --to chen.qi --reason "李四出差"',
  ],
  sla: ['aftersales sla 6BAD', ['aftersales sla --all --recompute', 'example.after-changing-the-sla-t']],
  inbox: ['aftersales inbox', 'aftersales inbox --as wang.wu'],
  plan: ['aftersales plan 6BAD --file plan.yaml', ['aftersales plan 6BAD', 'example.at-a-terminal-rca-and-ac']],
  approve: ['aftersales approve 6BAD --comment "同意"', ['aftersales inbox', 'example.plans-waiting-for-your-a']],
  reject: [
    'aftersales reject 6BAD --comment "根本原因未验证，补充对比试验"',
    ['aftersales plan 6BAD --file plan.yaml', 'example.the-owner-plans-again'],
  ],
  action: [
    'aftersales action 6BAD P1 --done --evidence "WI-3.2 rev D 已发布"',
    'aftersales action 6BAD T1 --withdrawn --evidence "库存设备已全部更换"',
  ],
  contact: [
    'aftersales contact 6BAD --channel phone --note "告知临时措施：补充润滑脂"',
    'aftersales contact 6BAD --channel visit --note "现场确认噪音来源"',
  ],
  confirm: [
    'aftersales confirm 6BAD --satisfaction 5 --said "噪音已消除，满意" --channel phone --contact 张工',
    ['aftersales confirm 6BAD --plan --said "同意先补润滑再改作业指导书" --channel email', 'example.plan-agreed'],
  ],
  review: [
    'aftersales review 6BAD --minutes "根因确认；QP-7.1.2 修订" --attendees li.si,wang.wu',
    ['aftersales log 6BAD', 'example.review-then-accept'],
  ],
  compensate: [
    'aftersales compensate 6BAD --kind service --amount 1200 --currency CNY --note "赠送一次保养"',
    'aftersales compensate 6BAD --kind apology --note "书面致歉信"',
  ],
  cost: [
    'aftersales cost 6BAD --kind travel --amount 860 --note "现场服务差旅"',
    'aftersales cost 6BAD --kind parts --amount 320',
  ],
  comment: [
    'aftersales comment 6BAD 客户来电催促，要求本周内到场',
    'aftersales comment 6BAD "Customer called again; wants a visit this week" --no-commit',
  ],
  cancel: [
    'aftersales cancel 6BAD --reason "客户撤回：操作失误"',
    'aftersales cancel 6BAD --reason "duplicate of AS-0R91-66Q1X6"',
  ],
  log: ['aftersales log 6BAD', 'aftersales log 6BAD --json'],
  accept: [
    ['aftersales accept 6BAD', 'example.at-a-terminal-the-checkl'],
    'aftersales accept 6BAD --answers answers.yaml',
  ],
  reopen: [
    'aftersales reopen 6BAD --reason "客户反馈异响复现"',
    'aftersales reopen 6BAD --reason "recurred after 2 weeks" && aftersales plan 6BAD --file plan.yaml',
  ],
  check: [
    ['aftersales check', 'example.exit-when-anything-is-ov'],
    'aftersales check --warn-within 2d --format github',
    'aftersales check --format junit > check.xml',
  ],
  notify: ['aftersales notify --flush', ['aftersales check --notify', 'example.announce-overdue-items-o']],
  reclassify: [
    [
      'aftersales reclassify x2dz --type usage --reason "复现为操作不当，非产品缺陷"',
      'example.settle-a-classification',
    ],
    'aftersales reclassify x2dz --severity critical --reason "停线" --redispatch',
  ],
  effect: [['aftersales effect x2dz P1', 'example.record-whether-the-fix-held'], 'aftersales effect --all-due'],
  schema: ['aftersales schema', 'aftersales schema --no-commit && git diff .aftersales/issue.schema.json'],
  wait: [
    ['aftersales wait x2dz --on supplier --reason "等供应商的主轴轴承到货"', 'example.park-while-a-supplier'],
    'aftersales wait x2dz --on customer --reason "客户周五前回电确认现场时间"',
  ],
  resume: [
    ['aftersales resume x2dz --note "轴承已到货"', 'example.back-where-it-was'],
    'aftersales list --status waiting',
  ],
  trust: [['aftersales doctor', 'example.read-the-hooks-first'], 'aftersales trust'],
  report: [
    'aftersales report --since 2026-11-01',
    'aftersales report --by component --format markdown',
    'aftersales report --format html --out report.html',
    ['aftersales report --by product,component --weight cost', 'example.where-the-money-goes'],
    ['aftersales report --store ../east --store ../south --by store --trend month', 'example.several-plants-together'],
    'aftersales report --product X100 --since 2026-01-01 --trend month',
  ],
  sync: ['aftersales sync', 'aftersales sync --no-push'],
  audit: ['aftersales audit', 'aftersales audit --require-signed --format github'],
  'kb search': ['aftersales kb search 主轴 异响', 'aftersales kb search bearing noise --json'],
  'kb export': [
    'aftersales kb export --out docs/kb',
    'aftersales kb export --out kb && git add kb && git commit -m "knowledge base"',
  ],
  similar: ['aftersales similar 6BAD', 'aftersales similar 6BAD --limit 10 --json'],
  import: ['aftersales import 工单.xlsx --dry-run', 'aftersales import calls.csv --map 客户名称=customer'],
  export: ['aftersales export --out issues.csv', 'aftersales export --format jsonl --status open'],
  doctor: ['aftersales doctor', 'aftersales doctor --json'],
  completion: [
    'aftersales completion bash > ~/.local/share/bash-completion/completions/aftersales',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a zsh expansion, for the user's shell
    'aftersales completion zsh > "${fpath[1]}/_aftersales"',
    'aftersales completion fish > ~/.config/fish/completions/aftersales.fish',
  ],
};

export function addExamples(program: Command): void {
  const walk = (cmd: Command, prefix: string) => {
    for (const c of cmd.commands) {
      const name = prefix ? `${prefix} ${c.name()}` : c.name();
      const examples = EXAMPLES[name];
      if (examples) c.addHelpText('after', `\n${t('help.examples')}\n${lines(examples).join('\n')}\n`);
      walk(c, name);
    }
  };
  walk(program, '');
}

/** `  $ command   # comment`, the comments lined up. */
function lines(examples: Example[]): string[] {
  const commands = examples.map((e) => (typeof e === 'string' ? e : e[0]));
  const column = Math.max(...commands.map((c) => c.length)) + 2;
  return examples.map((e) => (typeof e === 'string' ? `  $ ${e}` : `  $ ${e[0].padEnd(column)}# ${t(e[1])}`));
}
