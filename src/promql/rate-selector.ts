import type { SyntaxNode } from "@lezer/common";
import { unquoteString } from "../core/string-literal.ts";
import { parsePromQL } from "./parse.ts";

export interface SimpleSelector {
  metric: string;
  /** One label value per matcher that satisfies it (equality, or the first literal of an alternation). */
  labels: Record<string, string>;
}

/**
 * If `query` is exactly `sum(rate(metric{…}[w]))` with matchers a concrete
 * series can satisfy (`=`, or `=~` over literal alternatives such as
 * oneOf() writes), return that series. Generated tests use it to drive a
 * low-traffic guard with a synthetic counter.
 */
export function simpleSumRateSelector(query: string): SimpleSelector | undefined {
  const { tree, errors } = parsePromQL(query);
  if (errors.length > 0) return undefined;
  const aggregate = tree.topNode.firstChild;
  if (aggregate?.name !== "AggregateExpr" || text(query, aggregate.firstChild) !== "sum")
    return undefined;
  if (aggregate.getChild("AggregateModifier") !== null) return undefined;
  const call = aggregate.getChild("FunctionCallBody")?.firstChild;
  if (call?.name !== "FunctionCall" || text(query, call.firstChild) !== "rate") return undefined;
  const matrix = call.getChild("FunctionCallBody")?.firstChild;
  const vector = matrix?.name === "MatrixSelector" ? matrix.firstChild : null;
  if (vector?.name !== "VectorSelector") return undefined;
  const metric = text(query, vector.getChild("Identifier"));
  if (metric === "") return undefined;
  const labels: Record<string, string> = {};
  for (const m of vector.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
    const name = text(query, m.getChild("LabelName"));
    const op = text(query, m.getChild("MatchOp"));
    const value = unquoteString(text(query, m.getChild("StringLiteral")));
    if (value === undefined) return undefined;
    if (op === "=") labels[name] = value;
    else if (op === "=~") {
      const first = value.split(/(?<!\\)\|/)[0]!;
      // Only literal alternatives: a first alternative with regex syntax cannot be satisfied blindly.
      if (/[\\.+*?()[\]{}^$]/.test(first.replace(/\\[\\.+*?()|[\]{}^$]/g, ""))) return undefined;
      labels[name] = first.replace(/\\(.)/g, "$1");
    } else return undefined;
  }
  return { metric, labels };
}

function text(query: string, node: SyntaxNode | null | undefined): string {
  return node ? query.slice(node.from, node.to) : "";
}
