/**
 * "Did you mean …?": the known name nearest to a mistyped one, for options,
 * commands, artifact fields and feature names alike.
 *
 * @module
 */

/**
 * The candidate nearest to `word`, compared ignoring case, when it is near
 * enough to be a typo of it (at most one edit in three characters, three in
 * all), else `undefined`. A candidate equal to `word` but for case is nearest.
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of candidates) {
    const d = editDistance(w, name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best !== undefined && bestDistance <= Math.min(3, Math.max(1, Math.floor(best.length / 3))) ? best : undefined;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`: optimal string alignment. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
