import type { SyntaxNode } from "@lezer/common";
import {
  child,
  children,
  exprChildren,
  groupingLabels,
  selectorInfo,
  unwrap,
  callName,
  callArgs,
} from "../../promql/analyse.ts";

/** What a BinaryExpr is: its operator and matching, as the new PromQL checks read it. */
export interface BinaryInfo {
  lhs: SyntaxNode;
  rhs: SyntaxNode;
  /** Operator node name: Add, Div, Gtr, And, Unless, ... */
  op: string;
  opText: string;
  /** A comparison with `bool` (returns 0/1 instead of filtering). */
  bool: boolean;
  /** `on (…)` or `ignoring (…)`, when written. */
  matching?: { kind: "on" | "ignoring"; labels: string[]; node: SyntaxNode };
}

export const COMPARISON_OPS = new Set(["Eql", "Neq", "Gtr", "Lss", "Gte", "Lte"]);
export const ARITHMETIC_OPS = new Set(["Add", "Sub", "Mul", "Div", "Mod", "Pow", "Atan2"]);
export const SET_OPS = new Set(["And", "Or", "Unless"]);

export function binaryInfo(query: string, node: SyntaxNode): BinaryInfo | undefined {
  const [lhs, rhs] = exprChildren(node);
  if (lhs === undefined || rhs === undefined) return undefined;
  let op: SyntaxNode | undefined;
  let bool = false;
  let matching: BinaryInfo["matching"];
  for (const c of children(node)) {
    if (COMPARISON_OPS.has(c.name) || ARITHMETIC_OPS.has(c.name) || SET_OPS.has(c.name)) op = c;
    else if (c.name === "BoolModifier") bool = true;
    else if (c.name === "MatchingModifierClause") {
      const kind = child(c, "On") !== undefined ? "on" : "ignoring";
      const labels = groupingLabels(query, child(c, "GroupingLabels"));
      matching = { kind, labels, node: c };
    }
  }
  if (op === undefined) return undefined;
  return {
    lhs,
    rhs,
    op: op.name,
    opText: query.slice(op.from, op.to),
    bool,
    ...(matching !== undefined && { matching }),
  };
}

/** Functions whose result keeps the labels of their vector argument (so its matchers' labels too). */
const LABEL_KEEPING = new Set([
  "rate",
  "irate",
  "increase",
  "delta",
  "idelta",
  "deriv",
  "abs",
  "ceil",
  "floor",
  "round",
  "clamp",
  "clamp_min",
  "clamp_max",
  "exp",
  "ln",
  "log2",
  "log10",
  "sqrt",
  "sgn",
  "avg_over_time",
  "min_over_time",
  "max_over_time",
  "sum_over_time",
  "count_over_time",
  "last_over_time",
  "quantile_over_time",
  "stddev_over_time",
  "stdvar_over_time",
  "changes",
  "resets",
  "predict_linear",
]);

/**
 * Labels every series of `node`'s result certainly has: the equality
 * matchers of a selector (through label-keeping functions and ranges) and
 * the `by (…)` labels of an aggregation. Empty when nothing is certain.
 */
export function certainLabels(query: string, node: SyntaxNode): string[] {
  const n = unwrap(node);
  switch (n.name) {
    case "VectorSelector":
      return selectorInfo(query, n)
        .matchers.filter((m) => m.op === "=" && m.value !== "" && m.label !== "__name__")
        .map((m) => m.label);
    case "MatrixSelector": {
      const inner = exprChildren(n)[0];
      return inner === undefined ? [] : certainLabels(query, inner);
    }
    case "FunctionCall": {
      if (!LABEL_KEEPING.has(callName(query, n))) return [];
      const vector = callArgs(n).find((a) => a.name !== "NumberDurationLiteral");
      return vector === undefined ? [] : certainLabels(query, vector);
    }
    case "AggregateExpr": {
      const mod = child(n, "AggregateModifier");
      if (mod === undefined || child(mod, "By") === undefined) return [];
      return groupingLabels(query, child(mod, "GroupingLabels"));
    }
    case "BinaryExpr": {
      // A comparison or arithmetic with a number keeps the vector side's series.
      const [lhs, rhs] = exprChildren(n);
      if (lhs === undefined || rhs === undefined) return [];
      if (unwrap(rhs).name === "NumberDurationLiteral") return certainLabels(query, lhs);
      if (unwrap(lhs).name === "NumberDurationLiteral") return certainLabels(query, rhs);
      return [];
    }
    default:
      return [];
  }
}
