// Two root causes are the same when their words are: case, spaces and punctuation aside.
export function normalizeCause(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}
