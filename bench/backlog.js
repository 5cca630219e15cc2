// Backlog.md 1.52.0 (npm `backlog.md`) beside aftersales in the benchmark: install it, make
// a store of n tasks in its own file format, and the argv of the four commands we time.
// The npm package is a Node launcher (cli.js) that spawns a Bun-compiled binary shipped in a
// platform package from the npm registry (backlog.md-linux-x64 etc.); it has no postinstall.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const VERSION = '1.52.0';

/** Installs backlog.md@1.52.0 into `dir` (once) and returns the path of its `backlog`. */
export async function backlogTool(dir) {
  const root = resolve(dir);
  const bin = join(root, 'node_modules', '.bin', 'backlog');
  const works = () => {
    try {
      return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim() === VERSION;
    } catch {
      return false;
    }
  };
  if (works()) return bin;
  mkdirSync(root, { recursive: true });
  // a package.json of its own, so npm installs here and not into a parent project
  if (!existsSync(join(root, 'package.json'))) writeFileSync(join(root, 'package.json'), '{"private":true}\n');
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `backlog.md@${VERSION}`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!works()) throw new Error(`backlog.md@${VERSION} did not install in ${root}`);
  return bin;
}

// What `backlog init <name> --defaults --integration-mode none` writes (its only file), verbatim.
const CONFIG = `project_name: "售后"
default_status: "To Do"
statuses: ["To Do", "In Progress", "Done"]
labels: []
date_format: yyyy-mm-dd
max_column_width: 20
auto_open_browser: true
default_port: 6420
remote_operations: true
auto_commit: false
filesystem_only: false
bypass_git_hooks: false
check_active_branches: true
active_branch_days: 30
task_prefix: "task"
`;

// word lists as one string each: short lines, mixed below by index
const PRODUCTS = 'X100 X200 X300 VMC-850 HMC-630 LT-52 GM-2000 P-160'.split(' ');
const PARTS = '主轴 液压站 刀库 冷却泵 伺服电机 导轨 丝杠 数控系统 润滑系统 气动夹具 防护门 排屑器'.split(' ');
const SYMPTOMS = '漏油 异响 过热 报警停机 精度超差 振动偏大 无法启动 压力不稳 换刀卡滞 通讯中断'.split(' ');
const CUSTOMERS = '华东汽车零部件 苏州精工机械 宁波海天模具 重庆长江轴承 东莞华美电子 天津北方重工'.split(' ');
const PEOPLE = '张伟 李娜 王强 刘洋 陈静 杨帆 赵磊 周敏'.split(' ');
const CAUSES = '密封圈老化 轴承磨损 接头松动 参数设置不当 润滑不足 电缆破损 滤芯堵塞 安装基准偏移'.split(' ');
const STATUSES = ['To Do', 'In Progress', 'Done'];
const PRIORITIES = ['high', 'medium', 'low'];

/** Task `i` (1-based), the same every time: the mix is by index, never random. */
function task(i) {
  // 8 × 12 × 10 = 960 titles before one repeats, neighbours differing in every part
  const product = PRODUCTS[i % 8];
  const part = PARTS[Math.floor(i / 8) % 12];
  const symptom = SYMPTOMS[(i + Math.floor(i / 96)) % 10];
  const customer = CUSTOMERS[(i * 5) % CUSTOMERS.length];
  const person = PEOPLE[(i * 11) % PEOPLE.length];
  const cause = CAUSES[(i * 13) % CAUSES.length];
  const status = STATUSES[(i >> 1) % 3];
  const day = new Date(Date.UTC(2025, 0, 1) + i * 37 * 60000); // ~37 minutes apart
  const stamp = (d) => d.toISOString().slice(0, 16).replace('T', ' ');
  const title = `${product} ${part}${symptom}`;
  const description = [
    `${customer}有限公司反馈：${product} 设备${part}${symptom}，现场操作工在第${(i % 3) + 1}班次首次发现，设备已累计运行约${1000 + ((i * 97) % 9000)}小时。`,
    `初步检查：${part}外观无明显损伤，控制面板记录了报警代码 E${100 + (i % 900)}，停机后复位可短暂恢复，负载升高后故障再次出现。`,
    `现场工程师怀疑为${cause}所致，需要核对最近一次保养记录与备件批次，并与客户确认是否有更改加工参数或使用非原厂油品。`,
    `影响：该设备为客户产线瓶颈工位，停机每小时影响约${20 + (i % 80)}件产量，客户要求48小时内给出临时措施、一周内给出根因分析报告。`,
  ].join('\n');
  const labels = [part, symptom, i % 4 === 0 ? '保修期内' : '保修期外'];
  const fm = [
    '---',
    `id: TASK-${i}`,
    `title: ${title}`,
    `status: ${status}`,
    'assignee:',
    `  - '@${person}'`,
    `created_date: '${stamp(day)}'`,
    ...(status === 'To Do' ? [] : [`updated_date: '${stamp(new Date(day.getTime() + 86400000))}'`]),
    'labels:',
    ...labels.map((l) => `  - ${l}`),
    'dependencies: []',
    `priority: ${PRIORITIES[(i * 7) % 3]}`,
    `ordinal: ${i * 1000}`,
    '---',
  ];
  let body = `\n## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\n${description}\n<!-- SECTION:DESCRIPTION:END -->\n`;
  if (i % 3 === 0) {
    const ac = ['现场复现故障并记录报警代码', `更换或修复${part}后连续运行8小时无${symptom}`, '客户签字确认验收'];
    const mark = status === 'Done' ? 'x' : ' ';
    body += `\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n${ac.map((a, k) => `- [${mark}] #${k + 1} ${a}`).join('\n')}\n<!-- AC:END -->\n`;
  }
  // file name as `backlog task create` makes it: "task-<n> - <title, spaces turned to ->.md"
  return { file: `task-${i} - ${title.replace(/\s+/g, '-')}.md`, text: `${fm.join('\n')}\n${body}` };
}

/** A git repo at `dir`, a Backlog.md project with `n` tasks in one commit; reused once complete. */
export async function backlogStore(dir, n) {
  const root = resolve(dir);
  const marker = join(root, `.complete-${n}`);
  if (existsSync(marker)) return root;
  rmSync(root, { recursive: true, force: true });
  const tasks = join(root, 'backlog', 'tasks');
  mkdirSync(tasks, { recursive: true });
  writeFileSync(join(root, 'backlog', 'config.yml'), CONFIG);
  for (let i = 1; i <= n; i++) {
    const { file, text } = task(i);
    writeFileSync(join(tasks, file), text);
  }
  // identity given here so the commit works without any global git config
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  git('init', '-q');
  git('add', 'backlog');
  git('commit', '-q', '--no-verify', '-m', `${n} Backlog.md tasks`);
  // ignored via info/exclude, so the benchmark's `git clean -fdq` (no -x) leaves the marker
  mkdirSync(join(root, '.git', 'info'), { recursive: true });
  writeFileSync(join(root, '.git', 'info', 'exclude'), '.complete-*\n');
  writeFileSync(marker, '');
  return root;
}

/** argv of each timed command (run with cwd = the store) and the env they need. */
export function backlogCommands(bin) {
  return {
    list: [bin, 'task', 'list', '--plain'],
    search: [bin, 'search', '主轴', '--plain'],
    // writes backlog/tasks/task-<n+1> - ….md, uncommitted (auto_commit is false), and the next
    // id comes from the files: the benchmark must `git reset --hard` + `git clean -fdq` after each.
    create: [bin, 'task', 'create', 'X100 主轴异响', '--plain'],
    view: [bin, 'task', 'view', 'TASK-42', '--plain'],
    // --plain and a non-TTY stdin keep it from any TUI; it never opens an editor for these, and
    // EDITOR=true makes sure of it. NO_COLOR keeps escapes out of the output.
    env: { NO_COLOR: '1', FORCE_COLOR: '0', EDITOR: 'true', VISUAL: 'true' },
  };
}
