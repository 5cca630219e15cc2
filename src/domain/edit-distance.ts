// How far apart two words are: the knowledge base's typo reach and the nearest known value
// of a mistyped filter both ask it.

/** Levenshtein distance, or reach + 1 once it is sure to exceed reach. */
export function editDistance(a: string, b: string, reach: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const d = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      row.push(d);
      if (d < best) best = d;
    }
    if (best > reach) return reach + 1;
    prev = row;
  }
  return prev[b.length] as number;
}
