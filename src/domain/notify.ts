// Notifications: which history events people are told of, and the message bodies each
// platform documents (generic JSON, Slack, DingTalk robot markdown, WeCom robot, Feishu bot).
import { createHmac } from 'node:crypto';
import type { HistoryEvent, Issue } from './issue.js';

export const NOTIFY_EVENTS = [
  'assigned',
  'approval-requested',
  'approved',
  'rejected',
  'overdue',
  'accepted',
  'reopened',
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

const OF_ACTION: Record<string, NotifyEvent> = {
  dispatch: 'assigned',
  reassign: 'assigned',
  'request-approval': 'approval-requested',
  approve: 'approved',
  reject: 'rejected',
  accept: 'accepted',
  reopen: 'reopened',
};

export function notifyEventOf(e: HistoryEvent): NotifyEvent | null {
  return OF_ACTION[e.action] ?? null;
}

export interface Notice {
  event: NotifyEvent;
  at: string;
  by: string;
  note: string | null;
  to: string[];
  issue: { id: string; title: string; status: string; severity: string; customer: string; assignee: string | null };
}

export function noticeFor(
  issue: Issue,
  event: NotifyEvent,
  e: Pick<HistoryEvent, 'at' | 'by' | 'note' | 'notify'>,
): Notice {
  return {
    event,
    at: e.at,
    by: e.by,
    note: e.note,
    to: e.notify,
    issue: {
      id: issue.id,
      title: issue.title,
      status: issue.status,
      severity: issue.severity,
      customer: issue.customer.name,
      assignee: issue.assignee.person ?? issue.assignee.team,
    },
  };
}

const WORDS: Record<NotifyEvent, string> = {
  assigned: '已分派 assigned',
  'approval-requested': '待审批 approval requested',
  approved: '已批准 approved',
  rejected: '已驳回 rejected',
  overdue: '已逾期 overdue',
  accepted: '已验收 accepted',
  reopened: '重新打开 reopened',
};

function lines(n: Notice): string[] {
  return [
    `${n.issue.id} ${n.issue.title}`,
    `${WORDS[n.event]} · ${n.issue.severity} · ${n.issue.customer}`,
    ...(n.issue.assignee ? [`→ ${n.issue.assignee}`] : []),
    ...(n.note ? [n.note] : []),
    `${n.by} · ${n.at}`,
  ];
}

export type Format = 'generic' | 'slack' | 'dingtalk' | 'wecom' | 'feishu';

export function body(format: Format, n: Notice, secret?: string, now: Date = new Date()): unknown {
  const [head = '', ...rest] = lines(n);
  switch (format) {
    case 'slack':
      return { text: `*${head}*\n${rest.join('\n')}` };
    case 'dingtalk':
      return {
        msgtype: 'markdown',
        markdown: {
          title: `${n.issue.id} ${WORDS[n.event]}`,
          text: `#### ${head}\n${rest.map((l) => `> ${l}`).join('\n\n')}`,
        },
      };
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: `**${head}**\n${rest.map((l) => `> ${l}`).join('\n')}` } };
    case 'feishu': {
      const base = { msg_type: 'text', content: { text: [head, ...rest].join('\n') } };
      if (!secret) return base;
      const timestamp = Math.floor(now.getTime() / 1000);
      return { ...base, timestamp: String(timestamp), sign: feishuSign(timestamp, secret) };
    }
    default:
      return n;
  }
}

/** DingTalk robot signing: HMAC-SHA256 of "timestamp\nsecret" with the secret, base64. */
export function dingtalkSignedUrl(url: string, secret: string, now: Date): string {
  const timestamp = now.getTime();
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return `${url}${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
}

/** Feishu bot signing: HMAC-SHA256 keyed with "timestamp\nsecret" over nothing, base64. */
export function feishuSign(timestamp: number, secret: string): string {
  return createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
}
