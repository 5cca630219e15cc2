// Issue IDs: PREFIX-TTTT-RRRRRR in Crockford base32 (no I, L, O, U: sayable on the phone).
// TTTT counts hours since 2024-01-01 UTC, so IDs sort by time of creation; RRRRRR is
// 30 random bits, so clones that create issues apart never pick the same ID.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const EPOCH = Date.UTC(2024, 0, 1);
export const ID_PATTERN = /^[A-Z][A-Z0-9]{0,9}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{6}$/;
export const PREFIX_PATTERN = /^[A-Z][A-Z0-9]{0,9}$/;

function encode(value: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/** `random` gives 4 random bytes; injected so tests can be deterministic. */
export function newId(prefix: string, now: Date, random: () => Uint8Array): string {
  const hours = Math.max(0, Math.floor((now.getTime() - EPOCH) / 3_600_000)) % 32 ** 4;
  const bytes = random();
  const bits =
    (((bytes[0] ?? 0) << 22) | ((bytes[1] ?? 0) << 14) | ((bytes[2] ?? 0) << 6) | ((bytes[3] ?? 0) >> 2)) >>> 0;
  return `${prefix}-${encode(hours, 4)}-${encode(bits % 2 ** 30, 6)}`;
}

/** Upper-case, drop separators, and read the letters people confuse as Crockford does. */
export function normalizeIdInput(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s_-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export type IdMatch = { kind: 'one'; id: string } | { kind: 'none' } | { kind: 'many'; ids: string[] };

/** Any unambiguous tail of an ID (or the whole ID) names the issue. */
export function matchId(ids: readonly string[], input: string): IdMatch {
  const wanted = normalizeIdInput(input);
  if (!wanted) return { kind: 'none' };
  const exact = ids.filter((id) => normalizeIdInput(id) === wanted);
  if (exact.length === 1) return { kind: 'one', id: exact[0] as string };
  const tails = ids.filter((id) => normalizeIdInput(id).endsWith(wanted));
  if (tails.length === 1) return { kind: 'one', id: tails[0] as string };
  if (tails.length === 0) return { kind: 'none' };
  return { kind: 'many', ids: [...tails].sort() };
}
