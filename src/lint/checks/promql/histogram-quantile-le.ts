import { nodesNamed, oncePerQuery } from "../../promql/tree-facts.ts";
import {
  aggregateModifier,
  callArgs,
  callName,
  selectorInfo,
  unwrap,
  vectorSelectors,
} from "../../../promql/analyse.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";
import type { SyntaxNode, Tree } from "@lezer/common";

export const histogramQuantileLe: RuleCheck<"leDropped"> = {
  id: "promql/histogram-quantile-le",
  target: "rule",
  generated: true,
  severity: "error",
  docs: `An aggregation inside \`histogram_quantile()\` over classic \`_bucket\` series keeps the \`le\` label.

Why: \`histogram_quantile()\` reads the bucket bounds from \`le\`;
\`sum by (job) (rate(x_bucket[5m]))\` adds all buckets together and the
function returns NaN for every series, so the alert never fires. Write
\`sum by (job, le) (…)\`. Native histograms (no \`_bucket\`) are not affected.`,
  good: [
    "histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m]))) > 1",
  ],
  bad: [
    "histogram_quantile(0.99, sum by (route) (rate(http_request_duration_seconds_bucket[5m]))) > 1",
    "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m]))) > 1",
  ],
  messages: {
    leDropped:
      'expected "le" to survive the aggregation inside histogram_quantile(), got {{aggregation}} (the result is NaN)',
  },
  // Depends on the query and the catalogue only.
  check: oncePerQuery(({ rule }) => {
    if (!rule.syntaxOk) return [];
    const problems: CheckProblem<"leDropped">[] = [];
    for (const call of nodesNamed(rule.tree, "FunctionCall")) {
      if (callName(rule.expr, call) !== "histogram_quantile") continue;
      const arg = callArgs(call)[1];
      if (arg === undefined) continue;
      const agg = unwrap(arg);
      if (agg.name !== "AggregateExpr" || !readsBuckets(rule.expr, rule.tree, agg)) continue;
      const op = callName(rule.expr, agg);
      if (op === "topk" || op === "bottomk" || op === "limitk" || op === "limit_ratio") continue;
      const mod = aggregateModifier(rule.expr, agg);
      const keepsLe =
        mod.kind === "by"
          ? mod.labels.includes("le")
          : mod.kind === "without" && !mod.labels.includes("le");
      if (keepsLe) continue;
      problems.push({
        messageId: "leDropped",
        data: { aggregation: mod.text },
        span: { from: agg.from, to: agg.to },
      });
    }
    return problems;
  }),
};

function readsBuckets(query: string, tree: Tree, node: SyntaxNode): boolean {
  return vectorSelectors(tree).some(
    (s) =>
      s.from >= node.from &&
      s.to <= node.to &&
      selectorInfo(query, s).name?.endsWith("_bucket") === true,
  );
}
