import type { MetricCheck } from "../../check.ts";
import { hasToken, PROMLINT_TYPE_NAMES } from "../../metric-names.ts";

export const typeInName: MetricCheck<"typeInName"> = {
  id: "metric/type-in-name",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `A metric name does not repeat its type (\`_counter\`, \`_gauge\`, \`_histogram\`, \`_summary\`).

Why: the type is metadata, and it changes more often than the quantity does;
a name that says \`histogram\` is wrong the day the metric becomes a native
histogram or a summary. One finding per type named, as in promlint.`,
  good: [
    "# HELP rpc_duration_seconds RPC latency.\n# TYPE rpc_duration_seconds gauge\nrpc_duration_seconds 0.3\n",
  ],
  bad: [
    "# HELP rpc_duration_histogram_seconds RPC latency.\n# TYPE rpc_duration_histogram_seconds gauge\nrpc_duration_histogram_seconds 0.3\n",
  ],
  messages: {
    typeInName: "metric name should not include type '{{type}}'",
  },
  check({ family }) {
    const lower = family.name.toLowerCase();
    return PROMLINT_TYPE_NAMES.filter((t) => hasToken(lower, t)).map((t) => ({
      messageId: "typeInName" as const,
      data: { type: t },
    }));
  },
};
