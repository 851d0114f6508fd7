import type { SyntaxNode, Tree } from "@lezer/common";
import { durationSeconds } from "../../../core/duration.ts";
import { nodesNamed, perTree } from "../../promql/tree-facts.ts";
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
    const facts = factsOf(rule.expr, rule.tree);
    const problems: CheckProblem<"sampling" | "aggregations">[] = facts.sampling.map((s) => ({
      messageId: "sampling",
      data: { fn: s.fn },
      span: { from: s.from, to: s.to },
    }));
    if (facts.joined !== undefined && !hasFor(rule.for)) {
      const { op, from, to } = facts.joined;
      problems.push({ messageId: "aggregations", data: { op }, span: { from, to } });
    }
    return problems;
  },
};

/** The query's part of the check, once per query: whether the rule is an alert with a `for` decides the rest. */
interface FragileParts {
  /** Outermost sampling aggregations. */
  sampling: { fn: string; from: number; to: number }[];
  /** The first arithmetic between two aggregations. */
  joined: { op: string; from: number; to: number } | undefined;
}

const factsOf = perTree(fragileParts);

function fragileParts(query: string, tree: Tree): FragileParts {
  const sampling: FragileParts["sampling"] = [];
  for (const agg of nodesNamed(tree, "AggregateExpr")) {
    const fn = callName(query, agg);
    if (!SAMPLING.has(fn)) continue;
    if (ancestors(agg).some((a) => a.name === "AggregateExpr")) continue;
    sampling.push({ fn, from: agg.from, to: agg.to });
  }
  for (const bin of nodesNamed(tree, "BinaryExpr")) {
    const info = binaryInfo(query, bin);
    if (info === undefined || !ARITHMETIC_OPS.has(info.op)) continue;
    if (!isAggregation(info.lhs) || !isAggregation(info.rhs)) continue;
    return { sampling, joined: { op: info.opText, from: bin.from, to: bin.to } };
  }
  return { sampling, joined: undefined };
}

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
