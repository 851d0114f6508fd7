import { findNodes } from "../../../promql/parse.ts";
import { seriesBehaviour } from "../../catalogue.ts";
import { callArgs, callName, exprChildren, selectorInfo, unwrap } from "../../promql/analyze.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

const COUNTER_FUNCTIONS = new Set(["rate", "irate", "increase"]);

export const rateNonCounter: RuleCheck = {
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
  bad: ["rate(process_resident_memory_bytes[5m]) > 1e6"],
  check({ rule, catalogue }) {
    if (!rule.syntaxOk) return [];
    const problems: CheckProblem[] = [];
    for (const call of findNodes(rule.tree, "FunctionCall")) {
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
        message: `expected a counter in ${fn}(), got ${behaviour === "gauge" ? "gauge" : "summary quantile"} ${name} (use deriv() or delta() for gauges)`,
        span: { from: selector.from, to: selector.to },
      });
    }
    return problems;
  },
};
