import type { CheckProblem, MetricCheck } from "../../check.ts";

export const reservedSuffix: MetricCheck<"bucket" | "count" | "sum"> = {
  id: "metric/reserved-suffix",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `\`_bucket\` belongs to histograms, \`_count\` and \`_sum\` to histograms and summaries.

Why: Prometheus derives these series from histogram and summary families; a
gauge named \`x_count\` looks like part of a family \`x\` to every query builder
and to the text-format parser. Untyped metrics are exempt, as in promlint.`,
  good: [
    "# HELP rpc_latency_seconds RPC latency.\n# TYPE rpc_latency_seconds summary\nrpc_latency_seconds_sum 3.5\nrpc_latency_seconds_count 12\n",
  ],
  bad: [
    "# HELP jobs_count Jobs in the queue.\n# TYPE jobs_count gauge\njobs_count 4\n",
    "# HELP cache_bucket Cache shards.\n# TYPE cache_bucket gauge\ncache_bucket 16\n",
    "# HELP payload_sum Payload sizes.\n# TYPE payload_sum counter\npayload_sum 16\n",
  ],
  messages: {
    bucket: 'non-histogram metrics should not have "_bucket" suffix',
    count: 'non-histogram and non-summary metrics should not have "_count" suffix',
    sum: 'non-histogram and non-summary metrics should not have "_sum" suffix',
  },
  check({ family }) {
    const { name, type } = family;
    if (type === "untyped") return [];
    const histogram = type === "histogram";
    const summary = type === "summary";
    const problems: CheckProblem<"bucket" | "count" | "sum">[] = [];
    if (!histogram && name.endsWith("_bucket")) {
      problems.push({ messageId: "bucket" });
    }
    if (!histogram && !summary && name.endsWith("_count")) {
      problems.push({ messageId: "count" });
    }
    if (!histogram && !summary && name.endsWith("_sum")) {
      problems.push({ messageId: "sum" });
    }
    return problems;
  },
};
