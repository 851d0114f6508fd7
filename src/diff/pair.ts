/**
 * Match the items of two versions of a list whose identity is not a single
 * key: two alerts of one name in one group (a Sloth SLO's four tiers), two
 * panels titled "Error ratio", two routes with the same matchers. Items are
 * bucketed by `bucket`, then matched within a bucket by each tie-breaker in
 * turn (the strictest first), and what is left is matched in order.
 */
export interface Pairing<T> {
  pairs: Array<[T, T]>;
  removed: T[];
  added: T[];
}

export function pairItems<T>(
  before: readonly T[],
  after: readonly T[],
  options: { bucket: (item: T) => string; tieBreakers?: ReadonlyArray<(item: T) => string> },
): Pairing<T> {
  const result: Pairing<T> = { pairs: [], removed: [], added: [] };
  const buckets = new Map<string, { before: T[]; after: T[] }>();
  const bucketOf = (key: string) => {
    const found = buckets.get(key);
    if (found !== undefined) return found;
    const b: { before: T[]; after: T[] } = { before: [], after: [] };
    buckets.set(key, b);
    return b;
  };
  for (const item of before) bucketOf(options.bucket(item)).before.push(item);
  for (const item of after) bucketOf(options.bucket(item)).after.push(item);
  for (const b of buckets.values()) {
    let left = b.before;
    let right = b.after;
    for (const key of options.tieBreakers ?? []) {
      const matched = matchBy(left, right, key);
      result.pairs.push(...matched.pairs);
      left = matched.removed;
      right = matched.added;
    }
    const n = Math.min(left.length, right.length);
    for (let i = 0; i < n; i++) result.pairs.push([left[i]!, right[i]!]);
    result.removed.push(...left.slice(n));
    result.added.push(...right.slice(n));
  }
  return result;
}

function matchBy<T>(left: readonly T[], right: readonly T[], key: (item: T) => string): Pairing<T> {
  const waiting = new Map<string, T[]>();
  for (const item of right) {
    const k = key(item);
    const list = waiting.get(k);
    if (list === undefined) waiting.set(k, [item]);
    else list.push(item);
  }
  const pairs: Array<[T, T]> = [];
  const removed: T[] = [];
  const taken = new Set<T>();
  for (const item of left) {
    const match = waiting.get(key(item))?.shift();
    if (match === undefined) removed.push(item);
    else {
      pairs.push([item, match]);
      taken.add(match);
    }
  }
  return { pairs, removed, added: right.filter((item) => !taken.has(item)) };
}
