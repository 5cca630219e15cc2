// The interactive side of contact, confirm, review, compensate and cost: at a terminal, ask
// for what the flags did not give (never without one: scripts get the missing-flag error).
import type { Io } from '../context.js';
import { CHANNELS, COMPENSATION_KINDS, COST_KINDS, type MoneyInput } from '../domain/customer.js';
import type { MessageKey } from '../i18n/en.js';
import { t } from '../i18n/index.js';
import { askChoice, askText } from '../prompts.js';

const channel = (io: Io, given: string | undefined, def?: string) =>
  given ??
  askChoice(
    io,
    t('prompt.channel'),
    CHANNELS.map((c) => ({ value: c, name: t(`channel.${c}`) })),
    def,
  );

export async function askContact(io: Io, given: { channel?: string; note?: string }) {
  return {
    channel: await channel(io, given.channel),
    note: given.note ?? (await askText(io, { message: t('prompt.contactNote'), required: true })),
  };
}

export async function askConfirmation(
  io: Io,
  given: { satisfaction?: string; said?: string; channel?: string; contact?: string; plan?: boolean },
) {
  const scores = [5, 4, 3, 2, 1].map((s) => ({
    value: String(s),
    name: `${s}  ${t(`satisfaction.${s}` as MessageKey)}`,
  }));
  const satisfaction = given.plan
    ? given.satisfaction
    : (given.satisfaction ?? (await askChoice(io, t('prompt.satisfaction'), scores)));
  return {
    satisfaction,
    said: given.said ?? (await askText(io, { message: t('prompt.said'), required: true })),
    channel: await channel(io, given.channel),
    contact: given.contact ?? (await askText(io, { message: t('prompt.confirmedBy') })),
  };
}

export async function askReview(io: Io, given: { minutes?: string; attendees?: string }) {
  return {
    minutes: given.minutes ?? (await askText(io, { message: t('prompt.minutes'), required: true })),
    attendees: given.attendees ?? (await askText(io, { message: t('prompt.attendees') })),
  };
}

const amountOk = (v: string) => (Number.isFinite(Number(v)) && Number(v) >= 0 ? null : t('prompt.badAmount'));

/** compensate (`cost` false) or cost: the kind, the amount (a cost needs one), the note. */
export async function askMoney(io: Io, given: MoneyInput, cost: boolean): Promise<MoneyInput> {
  const kinds = cost ? COST_KINDS : COMPENSATION_KINDS;
  const kind =
    given.kind ??
    (await askChoice(
      io,
      t('prompt.moneyKind'),
      kinds.map((k) => ({ value: k, name: t((cost ? `costKind.${k}` : `compensation.${k}`) as MessageKey) })),
    ));
  const amount =
    given.amount ??
    ((await askText(io, {
      message: t(cost ? 'prompt.costAmount' : 'prompt.amount'),
      required: cost,
      check: amountOk,
    })) ||
      undefined);
  const note = given.note ?? (await askText(io, { message: t('prompt.moneyNote'), required: !cost }));
  return { ...given, kind, amount, note };
}
