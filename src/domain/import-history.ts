// `import --history`: a plant's past out of its Excel tracker — closed and open cases with
// their own dates, owner, causes, actions, acceptance and the customer's word. Each row
// becomes an issue whose history says what the sheet says, every event marked `imported`
// (and who imported it), so audit knows the trail was not recorded live and the KPIs know
// which times the sheet could not give (docs in the README, "Importing history").
import type { Config } from './config.js';
import { ID_PATTERN } from './id.js';
import type { Action, HistoryEvent, Issue } from './issue.js';
import { registerIssue, type Registration } from './register.js';
import { historyEvent } from './status.js';
import { isoInZone } from './time.js';
import type { Status } from './vocabulary.js';

export const HISTORY_FIELDS = [
  'id',
  'status',
  'reported-at',
  'team',
  'owner',
  'direct-cause',
  'indirect-causes',
  'root-cause',
  'escape-point',
  'temporary-actions',
  'permanent-actions',
  'preventive-actions',
  'verify',
  'accepted-at',
  'acceptor',
  'satisfaction',
  'customer-said',
  'first-response',
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

export const HISTORY_LABELS: Record<string, HistoryField> = {
  编号: 'id',
  问题编号: 'id',
  工单号: 'id',
  状态: 'status',
  登记时间: 'reported-at',
  报告时间: 'reported-at',
  创建时间: 'reported-at',
  受理时间: 'reported-at',
  团队: 'team',
  责任部门: 'team',
  负责人: 'owner',
  处理人: 'owner',
  责任人: 'owner',
  直接原因: 'direct-cause',
  间接原因: 'indirect-causes',
  根本原因: 'root-cause',
  根因: 'root-cause',
  原因分析: 'root-cause',
  流出原因: 'escape-point',
  临时措施: 'temporary-actions',
  永久措施: 'permanent-actions',
  纠正措施: 'permanent-actions',
  整改措施: 'permanent-actions',
  预防措施: 'preventive-actions',
  验证方式: 'verify',
  验证标准: 'verify',
  验收时间: 'accepted-at',
  关闭时间: 'accepted-at',
  结案时间: 'accepted-at',
  验收人: 'acceptor',
  满意度: 'satisfaction',
  客户满意度: 'satisfaction',
  客户评价: 'customer-said',
  客户意见: 'customer-said',
  客户反馈: 'customer-said',
  首次响应时间: 'first-response',
};

const STATUS_WORDS: Record<string, Status> = {
  accepted: 'accepted',
  closed: 'accepted',
  resolved: 'accepted',
  done: 'accepted',
  已验收: 'accepted',
  验收通过: 'accepted',
  已关闭: 'accepted',
  关闭: 'accepted',
  已结案: 'accepted',
  结案: 'accepted',
  已解决: 'accepted',
  已完成: 'accepted',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  已取消: 'cancelled',
  取消: 'cancelled',
  作废: 'cancelled',
  new: 'new',
  新建: 'new',
  待处理: 'new',
  未处理: 'new',
  assigned: 'assigned',
  已分派: 'assigned',
  已派单: 'assigned',
  'in-progress': 'in-progress',
  处理中: 'in-progress',
  进行中: 'in-progress',
  整改中: 'in-progress',
  verifying: 'verifying',
  待验收: 'verifying',
  验证中: 'verifying',
};

export const statusWord = (text: string): Status | null =>
  STATUS_WORDS[text.trim().toLowerCase().replace(/\s+/g, '-')] ?? null;

/** What a row says of the case beyond its registration, read and checked. */
export interface Past {
  /** an ID of this tool's form, kept as the issue's ID; any other number is kept as `ref` */
  id: string | null;
  ref: string | null;
  status: Status;
  reportedAt: Date;
  team: string | null;
  owner: string | null;
  rca: Issue['rca'];
  actions: { kind: Action['kind']; what: string }[];
  verify: string | null;
  acceptedAt: Date | null;
  acceptor: string | null;
  satisfaction: number | null;
  said: string | null;
  firstResponse: Date | null;
}

/** One cell of a list of actions: one action a line (or between semicolons). */
export const actionItems = (text: string) =>
  text
    .split(/\r?\n|[;；]/)
    .map((s) => s.replace(/^\s*(?:\d+[.、)）]|[-•*])\s*/, '').trim())
    .filter(Boolean);

/** A person of the config named by id or by name. */
export const personOf = (config: Config, text: string) =>
  config.people.find((p) => p.id === text || p.name === text)?.id ?? null;
export const teamOf = (config: Config, text: string) =>
  config.teams.find((tm) => tm.id === text || tm.name === text)?.id ?? null;

/** The rca a row gives: a sheet with one cause column fills both the direct and the root cause. */
export function rcaOf(direct: string, root: string, indirect: string, escapePoint: string): Issue['rca'] {
  if (!direct && !root) return null;
  return {
    direct_cause: direct || root,
    indirect_causes: indirect ? actionItems(indirect) : [],
    root_cause: root || direct,
    escape_point: escapePoint || null,
    method: 'other',
  };
}

/** The issue a row of the past becomes (`actor`: who imports it; `source`: file and row). */
export function historicIssue(
  reg: Registration,
  past: Past,
  id: string,
  config: Config,
  actor: string,
  source: { file: string; row: number },
): Issue {
  const tz = config.timezone;
  const iso = (d: Date) => isoInZone(d, tz);
  const reported = iso(past.reportedAt);
  const closed = past.acceptedAt ? iso(past.acceptedAt) : reported;
  const base = registerIssue(reg, id, config, past.reportedAt, actor);
  const mark = (e: HistoryEvent): HistoryEvent => ({ ...e, imported: true, imported_by: actor });
  const history: HistoryEvent[] = [mark(base.history[0] as HistoryEvent)];
  let status: Status = 'new';
  const move = (at: string, by: string, action: string, to: Status | null, extra: Record<string, unknown> = {}) => {
    history.push(mark(historyEvent(at, by, action, to ? status : null, to, extra)));
    if (to) status = to;
  };
  const owner = past.owner ?? actor;
  const assignee = { team: past.team, person: past.owner };
  if (past.firstResponse) move(iso(past.firstResponse), owner, 'contact', null, { channel: null });
  if (past.owner || past.team) move(reported, actor, 'dispatch', 'assigned', { assignee });
  const done = past.status === 'accepted' ? closed : null;
  const counters = { temporary: 0, permanent: 0, preventive: 0 };
  const actions: Action[] = past.actions.map((a) => ({
    id: `${{ temporary: 'T', permanent: 'P', preventive: 'C' }[a.kind]}${++counters[a.kind]}`,
    kind: a.kind,
    what: a.what,
    who: owner,
    when: closed,
    verify: past.verify ?? '—',
    remove_by: null,
    target: null,
    done_at: done,
    evidence: null,
    withdrawn_at: null,
    withdrawn_evidence: null,
    vague_allowed: true,
  }));
  const worked = past.rca || actions.length;
  if (worked && ['in-progress', 'verifying', 'accepted'].includes(past.status))
    move(reported, owner, 'plan', 'in-progress');
  else if (past.status === 'in-progress' || past.status === 'verifying') move(reported, owner, 'start', 'in-progress');
  if (past.status === 'verifying') move(reported, owner, 'verify', 'verifying');
  for (const a of done ? actions : []) move(closed, a.who, 'action-done', null, { action_id: a.id });
  const customer =
    past.satisfaction !== null || past.said
      ? { satisfaction: past.satisfaction, said: past.said, channel: null }
      : null;
  if (customer && past.status === 'accepted')
    move(closed, actor, 'confirm', null, { note: past.said, satisfaction: past.satisfaction, channel: null });
  const acceptor = past.acceptor ?? actor;
  if (past.status === 'accepted') move(closed, acceptor, 'accept', 'accepted');
  if (past.status === 'cancelled') move(closed, actor, 'cancel', 'cancelled');
  const round = {
    round: 1,
    at: closed,
    by: acceptor,
    template: 'imported',
    answers: {},
    score: null,
    result: 'pass' as const,
    failed_items: [],
    customer,
    customer_gate: null,
    compensation: null,
  };
  const accepted = past.status === 'accepted';
  return {
    ...base,
    status,
    assignee,
    // the sheet gives no first response: the response KPI leaves the issue out
    due: past.firstResponse ? base.due : { ...base.due, response: null },
    rca: past.rca,
    actions,
    acceptance: accepted
      ? { template: 'imported', rounds: [round], result: 'pass', score: null, satisfaction: past.satisfaction }
      : base.acceptance,
    history,
    imported: { file: source.file, row: source.row, ...(past.ref ? { ref: past.ref } : {}) },
  };
}

/** How readPast reads the row it is given: a field's text, a field's date (undefined: not a
 * date, already said), and a problem with a field. */
export interface RowReader {
  text(f: HistoryField): string;
  date(f: HistoryField): Date | null | undefined;
  bad(f: HistoryField, expected: string): void;
}

/** The past of a row, checked against the config; null where a problem was found. */
export function readPast(r: RowReader, config: Config, now: Date, occurredAt: Date | null): Past | null {
  let fine = true;
  const bad = (f: HistoryField, expected: string) => {
    r.bad(f, expected);
    fine = false;
  };
  const status = r.text('status') ? statusWord(r.text('status')) : 'accepted';
  if (!status) bad('status', 'a status such as 已关闭, 处理中, 已取消 (or accepted, in-progress, cancelled)');
  const reportedAt = r.date('reported-at') ?? occurredAt;
  if (!reportedAt) bad('reported-at', 'the date it was reported (登记时间), or when it occurred (发生时间)');
  if (reportedAt && reportedAt > now) bad('reported-at', 'a time not in the future');
  const acceptedAt = r.date('accepted-at') ?? null;
  if (status === 'accepted' && !acceptedAt) bad('accepted-at', 'the date it was closed (关闭时间) for a closed case');
  if (acceptedAt && reportedAt && acceptedAt < reportedAt) bad('accepted-at', 'a date after it was reported');
  if (acceptedAt && acceptedAt > now) bad('accepted-at', 'a time not in the future');
  const who = (f: 'owner' | 'acceptor') => {
    if (!r.text(f)) return null;
    const id = personOf(config, r.text(f));
    if (!id)
      bad(f, `a person of the config, by id or name (${config.people.map((p) => p.id).join(', ') || 'none yet'})`);
    return id;
  };
  const owner = who('owner');
  const acceptor = who('acceptor');
  const team = r.text('team') ? teamOf(config, r.text('team')) : null;
  if (r.text('team') && !team)
    bad('team', `a team of the config (${config.teams.map((t) => t.id).join(', ') || 'none yet'})`);
  if (status === 'assigned' && !owner && !team) bad('owner', 'an owner or a team for a case that is assigned');
  if (status === 'new' && (owner || team)) bad('status', 'a status past new (已分派) for a case with an owner');
  const score = r.text('satisfaction');
  const satisfaction = score ? Number(score.replace(/分$/, '')) : null;
  if (satisfaction !== null && !(Number.isInteger(satisfaction) && satisfaction >= 1 && satisfaction <= 5))
    bad('satisfaction', 'a whole number from 1 to 5');
  const firstResponse = r.date('first-response') ?? null;
  const items = (f: HistoryField, kind: Action['kind']) => actionItems(r.text(f)).map((what) => ({ kind, what }));
  const id = r.text('id');
  if (!fine || !status || !reportedAt) return null;
  return {
    id: isToolId(id) ? id : null,
    ref: id && !isToolId(id) ? id : null,
    status,
    reportedAt,
    team,
    owner,
    rca: rcaOf(r.text('direct-cause'), r.text('root-cause'), r.text('indirect-causes'), r.text('escape-point')),
    actions: [
      ...items('temporary-actions', 'temporary'),
      ...items('permanent-actions', 'permanent'),
      ...items('preventive-actions', 'preventive'),
    ],
    verify: r.text('verify') || null,
    acceptedAt,
    acceptor,
    satisfaction,
    said: r.text('customer-said') || null,
    firstResponse,
  };
}

export const isToolId = (text: string) => ID_PATTERN.test(text);
