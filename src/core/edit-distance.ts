/** A leaf: the one edit distance behind every "did you mean" suggestion. */

export interface EditDistanceOptions {
  /**
   * Count swapping two neighbouring characters as one edit (optimal string
   * alignment, `jbo` → `job` is 1) instead of two (Levenshtein). Off by
   * default: the annotation and semconv suggestions were tuned on
   * Levenshtein distances and keep them.
   */
  readonly swapIsOneEdit?: boolean;
}

/**
 * Edit distance between `a` and `b`, giving up (returning `limit + 1`) once
 * every alignment exceeds `limit`. A result above `limit` only means "too
 * far"; callers compare it with their limit.
 */
export function editDistance(
  a: string,
  b: string,
  limit: number,
  options: EditDistanceOptions = {},
): number {
  // A swap costs 1 in OSA; at cost 2 the transposition step never beats two
  // substitutions, which is exactly Levenshtein.
  const swapCost = options.swapIsOneEdit === true ? 1 : 2;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, before[j - 2]! + swapCost);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}
