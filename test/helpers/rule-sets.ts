import { canonicalPromQL } from "../../src/promql/canonical.ts";

interface AnyRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}
interface AnyGroup {
  name: string;
  interval?: string;
  rules: AnyRule[];
}

/**
 * A rule set in a form where two generators agree exactly when their output
 * means the same: groups by name, rules in any order within a group, PromQL
 * compared as parse trees, and the labels listed in `ignoreLabels` dropped
 * (a generator's version marker, a CLI-only label).
 */
export function comparableRuleSet(
  groups: readonly AnyGroup[],
  options: { ignoreLabels?: readonly string[] } = {},
): Record<string, string[]> {
  const ignore = new Set(options.ignoreLabels ?? []);
  const out: Record<string, string[]> = {};
  for (const g of groups) {
    out[g.name] = g.rules
      .map((r) =>
        JSON.stringify({
          name: r.record ?? r.alert,
          kind: r.record === undefined ? "alert" : "record",
          expr: canonicalPromQL(r.expr) ?? `UNPARSABLE ${r.expr}`,
          for: r.for,
          labels: Object.entries(r.labels ?? {})
            .filter(([k]) => !ignore.has(k))
            .map(([k, v]) => [k, String(v)])
            .sort(),
          annotations: Object.entries(r.annotations ?? {})
            .map(([k, v]) => [k, String(v)])
            .sort(),
        }),
      )
      .sort();
  }
  return out;
}
