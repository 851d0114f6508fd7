/**
 * Deeper than any Grafana dashboard, rule file or Alertmanager config nests
 * (a few dozen levels), shallow enough that the recursive comparison and
 * JSON.stringify of a value never run out of stack.
 */
export const MAX_DEPTH = 200;

/** Whether `value` nests arrays and objects deeper than `max`; iterative, so it cannot overflow itself. */
export function nestsDeeperThan(value: unknown, max = MAX_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
