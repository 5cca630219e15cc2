// A history event as people read it, in their language: the action and the statuses by
// their labels, the person by name, and the note — the tool's own notes are stored as a
// code and its parameters (note_code, note_params) and worded here; notes earlier versions
// wrote in English are recognised and worded the same way.
import type { HistoryEvent } from '../domain/issue.js';
import type { Params } from '../errors.js';
import { t, type MessageKey } from '../i18n/index.js';
import { label } from './labels.js';

export { personName } from './labels.js';

/** The action of an event (`accept-failed` → 验收未通过). */
export const eventName = (action: string): string => label('event', action);

/** `assigned → planned`, by the statuses' labels; '' when the status did not change. */
export const statusMove = (e: Pick<HistoryEvent, 'from' | 'to'>): string =>
  e.to ? `${e.from ? label('status', e.from) : '∅'} → ${label('status', e.to)}` : '';

/** English notes written by earlier versions, read back as the codes they stand for. */
const LEGACY: [RegExp, string, (m: RegExpExecArray) => Params][] = [
  [/^every permanent action is done$/, 'all-permanent-done', () => ({})],
  [
    /^(\d+) action\(s\): ([^;]*)(?:; vague wording allowed: (.*))?$/,
    'plan-actions',
    (m) => ({ count: m[1], actions: m[2], vague: m[3] ?? null }),
  ],
  [/^needs (\S+)$/, 'needs-role', (m) => ({ role: m[1] })],
  [/^round (\d+): score ([\d.]+|—)$/, 'accept-passed', (m) => ({ round: m[1], score: m[2] })],
  [
    /^round (\d+): score ([\d.]+|—); failed (.+)$/,
    'accept-failed',
    (m) => ({ round: m[1], score: m[2], failed: m[3] === '—' ? 0 : (m[3] ?? '').split(', ').length }),
  ],
];

const NOTES: Record<string, MessageKey> = {
  'all-permanent-done': 'note.allPermanentDone',
  'needs-role': 'note.needsRole',
  'accept-passed': 'note.acceptPassed',
  'accept-failed': 'note.acceptFailed',
  'plan-actions': 'note.planActions',
};

/** The note of an event in the reader's language; null without one. */
export function noteText(e: Pick<HistoryEvent, 'note' | 'note_code' | 'note_params'>): string | null {
  let code = e.note_code;
  let params: Params = { ...e.note_params };
  if (!code && e.note) {
    for (const [pattern, legacy, read] of LEGACY) {
      const m = pattern.exec(e.note);
      if (m) {
        code = legacy;
        params = read(m);
        break;
      }
    }
  }
  const key = code ? NOTES[code] : undefined;
  if (!key) return e.note;
  if (params.score === null || params.score === undefined) params.score = '—';
  else if (typeof params.score === 'number') params.score = params.score.toFixed(2);
  let worded = t(key, { ...params, actions: kinds(params.actions) });
  if (params.vague) worded += t('note.vagueAllowed', { actions: params.vague });
  return e.note && e.note_code ? `${worded} · ${e.note}` : worded;
}

/** `T1 temporary, P1 permanent` with the kinds by their labels. */
const kinds = (actions: Params[string]): Params[string] =>
  typeof actions === 'string'
    ? actions
        .split(', ')
        .map((a) => a.replace(/ (\w+)$/, (_, kind: string) => ` ${label('kindShort', kind)}`))
        .join(t('punct.list'))
    : actions;

/** The parts of an event's line: action, status move, rule and note, in that order. */
export function eventParts(e: HistoryEvent): string[] {
  const note = noteText(e);
  return [eventName(e.action), statusMove(e), e.rule ? `[${e.rule}]` : '', note ?? ''].filter(Boolean);
}
