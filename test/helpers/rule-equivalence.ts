import type { Tree } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";

/**
 * What makes two rule files the same rules, read straight from parsed YAML
 * (rulefmt's keys, not obsforge's model): groups in order with their
 * evaluation fields, rules in order with name, `for`, `keep_firing_for`,
 * labels and annotations as maps, and each `expr` as its lezer-promql syntax
 * tree (node names, and the text of every leaf), so formatting and comments
 * do not count and every token does.
 */
export interface CanonicalGroup {
  name: string;
  fields: Record<string, unknown>;
  rules: CanonicalRule[];
}

export interface CanonicalRule {
  kind: "alert" | "record";
  name: string;
  for?: string;
  keepFiringFor?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  tree: string;
}

type Raw = Record<string, unknown>;

const GROUP_FIELDS = [
  "interval",
  "limit",
  "query_offset",
  "labels",
  "partial_response_strategy",
  "source_tenants",
  "evaluation_delay",
  "align_evaluation_time_on_interval",
];

/** The groups of a rule file (`groups`) or a PrometheusRule (`spec.groups`). */
export function canonicalRules(doc: unknown): CanonicalGroup[] {
  const root = doc as Raw;
  const groups = ((root.kind === "PrometheusRule" ? (root.spec as Raw).groups : root.groups) ??
    []) as Raw[];
  return groups.map((g) => ({
    name: String(g.name),
    fields: Object.fromEntries(
      GROUP_FIELDS.filter((k) => g[k] !== undefined && g[k] !== null).map((k) => [k, g[k]]),
    ),
    rules: ((g.rules ?? []) as Raw[]).map(canonicalRule),
  }));
}

function canonicalRule(r: Raw): CanonicalRule {
  const kind = r.alert !== undefined ? "alert" : "record";
  return {
    kind,
    name: String(kind === "alert" ? r.alert : r.record),
    ...(r.for !== undefined && r.for !== null && { for: String(r.for) }),
    ...(r.keep_firing_for !== undefined &&
      r.keep_firing_for !== null && { keepFiringFor: String(r.keep_firing_for) }),
    labels: sortedMap(r.labels),
    annotations: sortedMap(r.annotations),
    tree: treeText(String(r.expr)),
  };
}

function sortedMap(map: unknown): Record<string, string> {
  const entries = Object.entries((map ?? {}) as Raw).map(([k, v]) => [k, String(v ?? "")]);
  return Object.fromEntries(entries.sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)));
}

/** `Name(child child)`, leaves as `Name"text"`: the tree with every token's text. */
export function treeText(expr: string): string {
  const tree: Tree = parser.parse(expr);
  const out: string[] = [];
  const cursor = tree.cursor();
  const walk = (): void => {
    if (cursor.name === "LineComment") return;
    const name = cursor.type.isError ? "⚠" : cursor.name;
    if (!cursor.firstChild()) {
      out.push(`${name}${JSON.stringify(expr.slice(cursor.from, cursor.to))}`);
      return;
    }
    out.push(`${name}(`);
    do walk();
    while (cursor.nextSibling());
    cursor.parent();
    out.push(")");
  };
  walk();
  return out.join(" ");
}

/** Rules and groups in a corpus file, for the counts the tests state. */
export function countRules(groups: readonly CanonicalGroup[]): { groups: number; rules: number } {
  return { groups: groups.length, rules: groups.reduce((n, g) => n + g.rules.length, 0) };
}
