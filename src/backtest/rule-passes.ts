import { parsePromQL } from "../promql/parse.ts";
import { selectorInfo, vectorSelectors } from "../promql/analyse.ts";
import type { PrometheusRecordingRule } from "../targets/prometheus/rule-file.ts";

/** Metric names a query selects by name. */
export function selectedNames(expr: string): Set<string> {
  const { tree } = parsePromQL(expr);
  const names = new Set<string>();
  for (const node of vectorSelectors(tree)) {
    const name = selectorInfo(expr, node).name;
    if (name !== undefined) names.add(name);
  }
  return names;
}

/**
 * Split recording rules into passes: a rule goes one pass after the latest
 * pass of any rule that records a series it reads. The history a pass
 * writes is there for the next pass to read, so a rule sees the series it
 * depends on at the same timestamps, as rules later in a group do in the
 * rule manager. Within a pass rules only read the history. A cycle (which
 * Prometheus evaluates one interval late) is cut where it closes.
 */
export function recordingPasses<R extends { rule: PrometheusRecordingRule }>(
  rules: readonly R[],
): R[][] {
  const recorders = new Map<string, number[]>();
  rules.forEach(({ rule }, i) => {
    recorders.set(rule.record, [...(recorders.get(rule.record) ?? []), i]);
  });
  const reads = rules.map(({ rule }) =>
    [...selectedNames(rule.expr)].flatMap((name) => recorders.get(name) ?? []),
  );
  const level = new Array<number | undefined>(rules.length).fill(undefined);
  const visiting = new Set<number>();
  const levelOf = (i: number): number => {
    const known = level[i];
    if (known !== undefined) return known;
    if (visiting.has(i)) return 0;
    visiting.add(i);
    let own = 0;
    for (const j of reads[i]!) if (j !== i) own = Math.max(own, levelOf(j) + 1);
    visiting.delete(i);
    level[i] = own;
    return own;
  };
  const passes: R[][] = [];
  rules.forEach((r, i) => {
    const l = levelOf(i);
    while (passes.length <= l) passes.push([]);
    passes[l]!.push(r);
  });
  return passes.filter((p) => p.length > 0);
}

/**
 * The recording rules the given alerts read, directly or through other
 * recording rules: only those are worth evaluating over history.
 */
export function neededRecordings<R extends { rule: PrometheusRecordingRule }>(
  recording: readonly R[],
  alertExprs: readonly string[],
): R[] {
  const wanted = new Set<string>();
  const queue = alertExprs.flatMap((e) => [...selectedNames(e)]);
  const byName = new Map<string, R[]>();
  for (const r of recording) byName.set(r.rule.record, [...(byName.get(r.rule.record) ?? []), r]);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (wanted.has(name) || !byName.has(name)) continue;
    wanted.add(name);
    for (const r of byName.get(name)!) queue.push(...selectedNames(r.rule.expr));
  }
  return recording.filter((r) => wanted.has(r.rule.record));
}
