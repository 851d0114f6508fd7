import type { CheckProblem, MetricCheck } from "../../check.ts";

export const reservedLabel: MetricCheck<"le" | "quantile"> = {
  id: "metric/reserved-label",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `Only histograms carry an \`le\` label and only summaries a \`quantile\` label.

Why: \`histogram_quantile()\` and dashboards treat these labels as bucket
bounds and quantiles; on any other type they are misleading. Untyped metrics
are exempt, as in promlint.`,
  good: [
    '# HELP rpc_duration_seconds RPC latency.\n# TYPE rpc_duration_seconds histogram\nrpc_duration_seconds_bucket{le="0.1"} 3\nrpc_duration_seconds_bucket{le="+Inf"} 5\nrpc_duration_seconds_sum 0.4\nrpc_duration_seconds_count 5\n',
  ],
  bad: [
    '# HELP slow_requests Slow requests by threshold.\n# TYPE slow_requests gauge\nslow_requests{le="0.5"} 3\n',
    '# HELP rpc_duration_seconds RPC latency.\n# TYPE rpc_duration_seconds histogram\nrpc_duration_seconds_bucket{le="+Inf",quantile="0.5"} 5\n',
  ],
  messages: {
    le: 'non-histogram metrics should not have "le" label',
    quantile: 'non-summary metrics should not have "quantile" label',
  },
  check({ family }) {
    if (family.type === "untyped") return [];
    const problems: CheckProblem<"le" | "quantile">[] = [];
    if (family.type !== "histogram" && family.labels.includes("le")) {
      problems.push({ messageId: "le" });
    }
    if (family.type !== "summary" && family.labels.includes("quantile")) {
      problems.push({ messageId: "quantile" });
    }
    return problems;
  },
};
