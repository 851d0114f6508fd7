import { nodesNamed, oncePerQuery } from "../../promql/tree-facts.ts";
import { seriesBehaviour } from "../../catalogue.ts";
import { callArgs, callName, exprChildren, selectorInfo, unwrap } from "../../../promql/analyse.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

const COUNTER_FUNCTIONS = new Set(["rate", "irate", "increase"]);

export const rateNonCounter: RuleCheck<"gauge" | "summaryQuantile"> = {
  id: "promql/rate-non-counter",
  target: "rule",
  generated: true,
  severity: "error",
  docs: `\`rate()\`, \`irate()\` and \`increase()\` only take counters.

Why: these functions treat every drop in value as a counter reset, so on a
gauge (memory, queue length, temperature) they return nonsense that still
looks plausible on a graph. Use \`deriv()\` or \`delta()\` for gauges. The metric
type comes from the catalogue; histogram \`_bucket\`, \`_sum\` and \`_count\`
series are counters. Like pint's \`promql/rate\`, but without a live
Prometheus.`,
  good: ["sum(rate(http_requests_total[5m]))", "deriv(process_resident_memory_bytes[10m])"],
  bad: [
    "rate(process_resident_memory_bytes[5m]) > 1e6",
    "metrics:\n  - name: rpc_duration_seconds\n    type: summary\n    unit: s\n    help: RPC latency.\nrules:\n  - alert: SlowRpc\n    expr: rate(rpc_duration_seconds[5m]) > 1\n    for: 5m\n    severity: ticket\n    annotations:\n      summary: Slow RPCs\n      runbookUrl: https://runbooks.example.com/rpc\n",
  ],
  messages: {
    gauge: "expected a counter in {{fn}}(), got gauge {{name}} (use deriv() or delta() for gauges)",
    summaryQuantile:
      "expected a counter in {{fn}}(), got summary quantile {{name}} (use deriv() or delta() for gauges)",
  },
  // Depends on the query and the catalogue only.
  check: oncePerQuery(({ rule, catalogue }) => {
    if (!rule.syntaxOk) return [];
    const problems: CheckProblem<"gauge" | "summaryQuantile">[] = [];
    for (const call of nodesNamed(rule.tree, "FunctionCall")) {
      const fn = callName(rule.expr, call);
      if (!COUNTER_FUNCTIONS.has(fn)) continue;
      const arg = callArgs(call)[0];
      const matrix = arg === undefined ? undefined : unwrap(arg);
      const selector = matrix?.name === "MatrixSelector" ? exprChildren(matrix)[0] : undefined;
      if (selector?.name !== "VectorSelector") continue;
      const name = selectorInfo(rule.expr, selector).name;
      if (name === undefined) continue;
      const behaviour = seriesBehaviour(catalogue, name);
      if (behaviour !== "gauge" && behaviour !== "quantiles") continue;
      problems.push({
        messageId: behaviour === "gauge" ? "gauge" : "summaryQuantile",
        data: { fn, name },
        span: { from: selector.from, to: selector.to },
      });
    }
    return problems;
  }),
};
