// Two root causes are the same when their words are: case, spaces and punctuation aside.
// Causes repeat (that is the point of comparing them): each text is normalised once.
const normalized = new Map<string, string>();

export function normalizeCause(text: string): string {
  let n = normalized.get(text);
  if (n === undefined) {
    n = text.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
    if (normalized.size < 100_000) normalized.set(text, n);
  }
  return n;
}
