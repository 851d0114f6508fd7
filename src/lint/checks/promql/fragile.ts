import type { SyntaxNode } from "@lezer/common";
import { durationSeconds } from "../../../core/duration.ts";
import { nodesNamed } from "../../promql/tree-facts.ts";
import { ancestors, callName, unwrap } from "../../../promql/analyse.ts";
import { ARITHMETIC_OPS, binaryInfo } from "../../promql/binary.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

/** Aggregations that pick some series: a different set may win at each evaluation. */
const SAMPLING = new Set(["topk", "bottomk", "limitk", "limit_ratio"]);

export const fragile: RuleCheck<"sampling" | "aggregations"> = {
  id: "promql/fragile",
  target: "rule",
  severity: "warning",
  docs: `An alert's query does not flap by construction: no \`topk()\`-style sampling, and no arithmetic between two aggregations without \`for\`.

Why (pint's promql/fragile): \`topk(10, x > 0)\` may return another set of
series at each evaluation, and each series is an alert, so alerts fire and
resolve in turn (\`topk\`, \`bottomk\`, \`limitk\`, \`limit_ratio\`, unless an
outer aggregation folds them). And \`sum(a) / sum(b) > 0.1\` is computed from
whatever targets have been scraped: right after Prometheus starts, one side
may hold every target and the other only some, so the ratio spikes and the
alert fires once for nothing. A \`for\` of at least one scrape interval
rides that out.`,
  good: [
    'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.1',
    "sum(topk(3, rate(http_requests_total[5m]))) > 100",
  ],
  bad: [
    "topk(3, rate(http_requests_total[5m]) > 100)",
    'alert: ErrorRatio\nexpr: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.1\nseverity: ticket\nannotations:\n  summary: Error ratio high\n  runbookUrl: https://runbooks.example.com/errors\n',
  ],
  messages: {
    sampling:
      "expected no {{fn}}() in an alert's query, got one: it may pick other series at each evaluation, so alerts flap",
    aggregations:
      "expected a for of at least one scrape interval on an alert computed from two aggregations joined by {{op}}, got none: after a restart one side may see only some targets",
  },
  check({ rule }) {
    if (rule.kind !== "alert" || !rule.syntaxOk) return [];
    const problems: CheckProblem<"sampling" | "aggregations">[] = [];
    for (const agg of nodesNamed(rule.tree, "AggregateExpr")) {
      const fn = callName(rule.expr, agg);
      if (!SAMPLING.has(fn)) continue;
      if (ancestors(agg).some((a) => a.name === "AggregateExpr")) continue;
      problems.push({ messageId: "sampling", data: { fn }, span: { from: agg.from, to: agg.to } });
    }
    if (!hasFor(rule.for)) {
      for (const bin of nodesNamed(rule.tree, "BinaryExpr")) {
        const info = binaryInfo(rule.expr, bin);
        if (info === undefined || !ARITHMETIC_OPS.has(info.op)) continue;
        if (!isAggregation(info.lhs) || !isAggregation(info.rhs)) continue;
        problems.push({
          messageId: "aggregations",
          data: { op: info.opText },
          span: { from: bin.from, to: bin.to },
        });
        break;
      }
    }
    return problems;
  },
};

function isAggregation(node: SyntaxNode): boolean {
  return unwrap(node).name === "AggregateExpr";
}

function hasFor(value: string | undefined): boolean {
  if (value === undefined) return false;
  try {
    return durationSeconds(value) > 0;
  } catch {
    return true;
  }
}
