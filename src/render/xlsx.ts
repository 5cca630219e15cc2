// `export --format xlsx`: a real workbook — a sheet of issues, one of actions, dates as date
// cells (the store's wall time, as Excel keeps it: no zone) — whose headers are what
// `import --history` reads, so Excel → store → Excel goes round, and an export imported
// again is known by its IDs. write-excel-file (the writer beside our reader, read-excel-file)
// is loaded only here.
import type { Issue } from '../domain/issue.js';
import { HISTORY_LABELS } from '../domain/import-history.js';
import { LABELS } from '../domain/import.js';
import { wallTime } from '../domain/time.js';

type Cell = string | number | Date | null | { value: Date; format: string };

/** The issue sheet's columns: import's field names, or their Chinese labels. */
const COLUMNS = [
  'id',
  'title',
  'status',
  'type',
  'severity',
  'source',
  'customer',
  'contact',
  'product',
  'line',
  'component',
  'description',
  'occurred-at',
  'reported-at',
  'expected-by',
  'team',
  'owner',
  'direct-cause',
  'indirect-causes',
  'root-cause',
  'escape-point',
  'temporary-actions',
  'permanent-actions',
  'preventive-actions',
  'accepted-at',
  'acceptor',
  'satisfaction',
  'customer-said',
] as const;
type Column = (typeof COLUMNS)[number];

/** The first label import knows a field by, for a sheet headed in Chinese. */
function chineseHeader(field: string): string {
  for (const [label, f] of Object.entries({ ...LABELS, ...HISTORY_LABELS })) if (f === field) return label;
  return field;
}

export interface Sheets {
  issues: { issue: Issue; acceptedAt: number | null }[];
  timeZone: string;
  chinese: boolean;
}

export async function workbook({ issues, timeZone, chinese }: Sheets): Promise<Buffer> {
  // Excel's dates have no zone: the store's wall time, written as if it were UTC
  const date = (iso: string | number | null | undefined): Cell => {
    if (iso === null || iso === undefined) return null;
    const p = wallTime(new Date(iso), timeZone);
    return {
      value: new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)),
      format: 'yyyy-mm-dd hh:mm',
    };
  };
  const list = (i: Issue, kind: string) =>
    i.actions
      .filter((a) => a.kind === kind)
      .map((a) => a.what)
      .join('\n') || null;
  const cell = (i: Issue, acceptedAt: number | null): Record<Column, Cell> => {
    const passed = [...i.acceptance.rounds].reverse().find((r) => r.result === 'pass');
    return {
      id: i.id,
      title: i.title,
      status: i.status,
      type: i.type,
      severity: i.severity,
      source: i.source,
      customer: i.customer.name,
      contact: i.customer.contact,
      product: i.product.name,
      line: i.product.line,
      component: i.product.component,
      description: i.description,
      'occurred-at': date(i.occurred_at),
      'reported-at': date(i.reported_at),
      'expected-by': date(i.expected_by),
      team: i.assignee.team,
      owner: i.assignee.person,
      'direct-cause': i.rca?.direct_cause ?? null,
      'indirect-causes': i.rca?.indirect_causes.join('\n') || null,
      'root-cause': i.rca?.root_cause ?? null,
      'escape-point': i.rca?.escape_point ?? null,
      'temporary-actions': list(i, 'temporary'),
      'permanent-actions': list(i, 'permanent'),
      'preventive-actions': list(i, 'preventive'),
      'accepted-at': date(acceptedAt),
      acceptor: passed?.by ?? null,
      satisfaction: i.acceptance.satisfaction,
      'customer-said': passed?.customer?.said ?? null,
    };
  };
  const head = COLUMNS.map((c) => (chinese ? chineseHeader(c) : c));
  const actionHead = chinese
    ? ['编号', '措施编号', '类型', '措施', '负责人', '期限', '验证标准', '完成时间', '实测结果', '证据']
    : ['id', 'action', 'kind', 'what', 'who', 'when', 'verify', 'done-at', 'measured', 'evidence'];
  const actions = issues.flatMap(({ issue }) =>
    issue.actions.map((a): Cell[] => [
      issue.id,
      a.id,
      a.kind,
      a.what,
      a.who,
      date(a.when),
      a.verify,
      date(a.done_at),
      a.measured ?? null,
      a.evidence,
    ]),
  );
  const { default: write } = await import('write-excel-file/node');
  const sheet = (name: string, rows: Cell[][]) => ({
    data: rows.map((r) =>
      r.map((v) => (v === null ? null : typeof v === 'object' && !(v instanceof Date) ? { ...v, type: Date } : v)),
    ),
    sheet: name,
    stickyRowsCount: 1,
  });
  return (await write([
    sheet(chinese ? '问题' : 'issues', [
      head,
      ...issues.map(({ issue, acceptedAt }) => COLUMNS.map((c) => cell(issue, acceptedAt)[c])),
    ]),
    sheet(chinese ? '措施' : 'actions', [actionHead, ...actions]),
  ] as never).toBuffer()) as Buffer;
}
