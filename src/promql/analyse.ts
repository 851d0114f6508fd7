import type { SyntaxNode, Tree } from "@lezer/common";
import { unquoteString } from "../core/string-literal.ts";
import { DURATION_RE, durationSeconds } from "../core/duration.ts";
import { findNodes } from "./parse.ts";

/**
 * Static facts about a parsed PromQL query, read off the official lezer
 * tree: selectors and their matchers, ranges, enclosing functions, grouping
 * clauses. Label inference, which needs the metric catalogue, is in
 * src/lint/promql/labels.ts.
 */

const EXPR_NODES = new Set([
  "AggregateExpr",
  "BinaryExpr",
  "FunctionCall",
  "MatrixSelector",
  "NumberDurationLiteral",
  "OffsetExpr",
  "ParenExpr",
  "StringLiteral",
  "SubqueryExpr",
  "UnaryExpr",
  "VectorSelector",
  "StepInvariantExpr",
  "AnchoredExpr",
  "SmoothedExpr",
]);

export function isExpr(node: SyntaxNode): boolean {
  return EXPR_NODES.has(node.name);
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) out.push(c);
  return out;
}

export function exprChildren(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter(isExpr);
}

/**
 * The first child named `name` (a node name, not a group: lezer-promql's only
 * group is `Expr`). lezer's `getChild` makes a cursor and a list of every
 * match for each call; the checks ask this for every call and aggregation.
 */
export function child(node: SyntaxNode, name: string): SyntaxNode | undefined {
  for (let c = node.firstChild; c !== null; c = c.nextSibling) if (c.name === name) return c;
  return undefined;
}

export function nodeText(query: string, node: SyntaxNode): string {
  return query.slice(node.from, node.to);
}

/** Skip parentheses: `((x))` → `x`. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.name === "ParenExpr") {
    const inner = exprChildren(n)[0];
    if (inner === undefined) break;
    n = inner;
  }
  return n;
}

/** Lower-case name of a FunctionCall (`rate`) or AggregateExpr (`sum`). */
export function callName(query: string, node: SyntaxNode): string {
  const id = child(node, node.name === "AggregateExpr" ? "AggregateOp" : "FunctionIdentifier");
  return id === undefined ? "" : nodeText(query, id).toLowerCase();
}

/** Argument expressions of a FunctionCall or AggregateExpr. */
export function callArgs(node: SyntaxNode): SyntaxNode[] {
  const body = child(node, "FunctionCallBody");
  return body === undefined ? [] : exprChildren(body);
}

/** Enclosing nodes from the parent up to the root. */
export function ancestors(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let p = node.parent; p !== null; p = p.parent) out.push(p);
  return out;
}

export type { MatcherInfo, SelectorInfo } from "./selectors.ts";
export { selectorInfo } from "./selectors.ts";

export function vectorSelectors(tree: Tree): SyntaxNode[] {
  return findNodes(tree, "VectorSelector");
}

/** Seconds of a range such as `[5m]`; undefined for duration arithmetic it cannot evaluate. */
export function rangeSeconds(query: string, matrix: SyntaxNode): number | undefined {
  const d = child(matrix, "DurationExpr");
  if (d === undefined) return undefined;
  const text = nodeText(query, d).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  return DURATION_RE.test(text) ? durationSeconds(text) : undefined;
}

/** Labels of `by (…)` / `without (…)` or `on (…)` / `ignoring (…)` clauses. */
export function groupingLabels(query: string, grouping: SyntaxNode | undefined): string[] {
  if (grouping === undefined) return [];
  return children(grouping)
    .filter((n) => n.name === "LabelName" || n.name === "QuotedLabelName")
    .map((n) => {
      const raw = nodeText(query, n);
      return n.name === "QuotedLabelName" ? (unquoteString(raw) ?? raw) : raw;
    });
}

export interface AggregateModifierInfo {
  kind: "by" | "without" | "none";
  labels: string[];
  /** `sum by (job)`: for messages. */
  text: string;
}

export function aggregateModifier(query: string, agg: SyntaxNode): AggregateModifierInfo {
  const op = callName(query, agg);
  const mod = child(agg, "AggregateModifier");
  if (mod === undefined) return { kind: "none", labels: [], text: op };
  const kind = child(mod, "Without") !== undefined ? "without" : "by";
  const labels = groupingLabels(query, child(mod, "GroupingLabels"));
  return { kind, labels, text: `${op} ${kind} (${labels.join(", ")})` };
}
