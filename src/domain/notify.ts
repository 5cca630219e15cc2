// Notifications: which history events people are told of, and the message bodies each
// platform documents (generic JSON, Slack, DingTalk robot markdown, WeCom robot, Feishu bot).
import { createHmac } from 'node:crypto';
import type { HistoryEvent, Issue } from './issue.js';

export const NOTIFY_EVENTS = [
  'assigned',
  'plan-submitted',
  'approval-requested',
  'approved',
  'rejected',
  'action-done',
  'verifying',
  'accept-failed',
  'waiting',
  'resumed',
  'contact',
  'overdue',
  'escalated',
  'accepted',
  'reopened',
  'digest',
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

const OF_ACTION: Record<string, NotifyEvent> = {
  dispatch: 'assigned',
  reassign: 'assigned',
  plan: 'plan-submitted',
  'request-approval': 'approval-requested',
  'approve-level': 'approval-requested',
  approve: 'approved',
  'action-done': 'action-done',
  verify: 'verifying',
  'accept-failed': 'accept-failed',
  wait: 'waiting',
  resume: 'resumed',
  contact: 'contact',
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
  /** for each of `to`, who they are in the chat a webhook posts to (people[].im), by platform */
  mention?: { dingtalk: string[]; wecom: string[]; feishu: string[] };
  /** a digest's items: what waits on its person today, overdue first */
  items?: { issue: string; kind: string; due: string | null; overdue: boolean; what: string }[];
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
  'plan-submitted': '已提交方案 plan submitted',
  'approval-requested': '待审批 approval requested',
  approved: '已批准 approved',
  rejected: '已驳回 rejected',
  'action-done': '措施已完成 action done',
  verifying: '待验收 ready for acceptance',
  'accept-failed': '验收未通过 acceptance failed',
  waiting: '挂起等待 waiting',
  resumed: '恢复处理 resumed',
  contact: '已联系客户 customer contacted',
  overdue: '已逾期 overdue',
  escalated: '已升级 escalated',
  accepted: '已验收 accepted',
  reopened: '重新打开 reopened',
  digest: '今日待办 today',
};

/** Who the notice is for, @-mentioned the way each chat wants it. */
function mentions(format: Format, n: Notice): { text: string; at?: unknown } {
  const m = n.mention;
  if (!m) return { text: '' };
  switch (format) {
    case 'dingtalk': {
      const mobiles = m.dingtalk.filter((x) => /^\+?\d{6,}$/.test(x));
      const ids = m.dingtalk.filter((x) => !mobiles.includes(x));
      return {
        text: m.dingtalk.map((x) => `@${x}`).join(' '),
        at: { atMobiles: mobiles, atUserIds: ids, isAtAll: false },
      };
    }
    case 'wecom':
      return { text: m.wecom.map((x) => `<@${x}>`).join(' ') };
    case 'feishu':
      return { text: m.feishu.map((x) => `<at user_id="${x}"></at>`).join(' ') };
    default:
      return { text: '' };
  }
}

function lines(n: Notice): string[] {
  if (n.items)
    return [
      `${n.to.join(', ')} · ${WORDS.digest} ${n.items.length}`,
      ...n.items.map((i) => `${i.overdue ? '⚠ ' : ''}${i.issue} ${i.kind} ${i.what}${i.due ? ` · ${i.due}` : ''}`),
    ];
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
  const who = mentions(format, n);
  const tail = who.text ? [who.text] : [];
  switch (format) {
    case 'slack':
      return { text: `*${head}*\n${rest.join('\n')}` };
    case 'dingtalk':
      return {
        msgtype: 'markdown',
        markdown: {
          title: `${n.issue.id} ${WORDS[n.event]}`,
          text: `#### ${head}\n${[...rest.map((l) => `> ${l}`), ...tail].join('\n\n')}`,
        },
        ...(who.at ? { at: who.at } : {}),
      };
    case 'wecom':
      return {
        msgtype: 'markdown',
        markdown: { content: `**${head}**\n${[...rest.map((l) => `> ${l}`), ...tail].join('\n')}` },
      };
    case 'feishu': {
      const base = { msg_type: 'text', content: { text: [head, ...rest, ...tail].join('\n') } };
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
