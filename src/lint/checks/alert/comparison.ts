import type { SyntaxNode } from "@lezer/common";
import { callArgs, callName, exprChildren, unwrap } from "../../../promql/analyse.ts";
import { binaryInfo, COMPARISON_OPS } from "../../promql/binary.ts";
import type { RuleCheck } from "../../check.ts";
import { perTree } from "../../promql/tree-facts.ts";

/** Functions whose result exists only when a condition holds. */
const CONDITION_FUNCTIONS = new Set(["absent", "absent_over_time"]);

type Verdict = "condition" | "none" | "bool" | "constant";

/** The verdict depends on the query alone: once per tree, for the alerts that share a query. */
const verdictOf = perTree((query, tree): Verdict => verdict(query, tree.topNode));

/**
 * Whether the query only returns series when something is wrong: a
 * comparison without `bool` somewhere the result flows through, an
 * `absent()`, or a set operation filtering by one; `or` needs one on both
 * sides. As pint's alerts/comparison.
 */
function verdict(query: string, node: SyntaxNode): Verdict {
  const n = unwrap(node);
  switch (n.name) {
    case "PromQL":
      return exprChildren(n)[0] === undefined ? "none" : verdict(query, exprChildren(n)[0]!);
    case "NumberDurationLiteral":
      return "constant";
    case "BinaryExpr": {
      const info = binaryInfo(query, n);
      if (info === undefined) return "none";
      if (COMPARISON_OPS.has(info.op)) return info.bool ? "bool" : "condition";
      const left = verdict(query, info.lhs);
      const right = verdict(query, info.rhs);
      if (info.op === "Or")
        return left === "condition" && right === "condition" ? "condition" : worst(left, right);
      if (info.op === "And" || info.op === "Unless") return "condition";
      if (left === "condition" || right === "condition") return "condition";
      return left === "constant" && right === "constant" ? "constant" : worst(left, right);
    }
    case "FunctionCall": {
      const name = callName(query, n);
      if (CONDITION_FUNCTIONS.has(name)) return "condition";
      const args = callArgs(n);
      if (name === "vector" && args[0] !== undefined) {
        const inner = verdict(query, args[0]);
        return inner === "constant" ? "constant" : inner;
      }
      return args.some((a) => verdict(query, a) === "condition") ? "condition" : "none";
    }
    case "AggregateExpr":
    case "SubqueryExpr":
    case "OffsetExpr":
      return exprOrArgs(n).some((a) => verdict(query, a) === "condition") ? "condition" : "none";
    default:
      return "none";
  }
}

function exprOrArgs(n: SyntaxNode): SyntaxNode[] {
  return n.name === "AggregateExpr" ? callArgs(n) : exprChildren(n);
}

/** Of two sides without a condition, the one that says most. */
function worst(a: Verdict, b: Verdict): Verdict {
  if (a === "bool" || b === "bool") return "bool";
  if (a === "none" || b === "none") return "none";
  return a;
}

export const comparison: RuleCheck<"noCondition" | "boolCondition" | "constant"> = {
  id: "alert/comparison",
  target: "rule",
  severity: "warning",
  docs: `An alert's query has a condition: a comparison (\`> 10\`), \`absent()\`, or a filter by one.

Why: every series an alert's query returns fires the alert. Without a
condition, \`errors\` fires for each series even at 0; with \`bool\`,
\`errors > bool 10\` returns 0 or 1 for every series, so it always fires too.
A constant (\`vector(1)\`) always fires: that is right for a dead man's
switch (a Watchdog alert), so disable the check on it with
\`# obsforge disable alert/comparison\`. pint calls this \`alerts/comparison\`.`,
  good: [
    'sum by (route) (rate(http_requests_total{code=~"5.."}[5m])) > 1',
    'absent(up{job="api"})',
    'up{job="api"} == 0 or absent(up{job="api"})',
  ],
  bad: [
    'sum by (route) (rate(http_requests_total{code=~"5.."}[5m]))',
    'sum by (route) (rate(http_requests_total{code=~"5.."}[5m])) > bool 1',
    "vector(1)",
  ],
  messages: {
    noCondition:
      "expected a condition in the alert's query (a comparison such as > 0, or absent()), got none, so every series it returns fires",
    boolCondition:
      "expected a comparison that filters, got one with bool, which returns 0 or 1 for every series, so the alert always fires",
    constant:
      "expected a condition in the alert's query, got a constant, so the alert always fires",
  },
  check({ rule }) {
    if (rule.kind !== "alert" || !rule.syntaxOk) return [];
    const v = verdictOf(rule.expr, rule.tree);
    if (v === "condition") return [];
    const messageId =
      v === "bool" ? "boolCondition" : v === "constant" ? "constant" : "noCondition";
    return [{ messageId, span: { from: 0, to: rule.expr.trimEnd().length } }];
  },
};
