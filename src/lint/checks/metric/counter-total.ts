import type { MetricCheck } from "../../check.ts";

export const counterTotal: MetricCheck<"counterNoTotal" | "totalNotCounter"> = {
  id: "metric/counter-total",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `Counters end in \`_total\`, and nothing else does (untyped metrics are exempt).

Why: the suffix tells every reader of a query that the series only goes up
and needs \`rate()\`; OpenMetrics and the OpenTelemetry translation add it to
counters too. Messages are promlint's: \`counter metrics should have "_total"
suffix\` and \`non-counter metrics should not have "_total" suffix\`.`,
  good: [
    "# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total 7\n",
    "untyped_thing_total 3\n",
  ],
  bad: [
    "# HELP http_requests Requests served.\n# TYPE http_requests counter\nhttp_requests 7\n",
    "# HELP queue_length_total Items queued now.\n# TYPE queue_length_total gauge\nqueue_length_total 3\n",
  ],
  messages: {
    counterNoTotal: 'counter metrics should have "_total" suffix',
    totalNotCounter: 'non-counter metrics should not have "_total" suffix',
  },
  check({ family }) {
    const total = family.name.endsWith("_total");
    if (family.type === "counter" && !total) return [{ messageId: "counterNoTotal" }];
    if (family.type !== "counter" && family.type !== "untyped" && total) {
      return [{ messageId: "totalNotCounter" }];
    }
    return [];
  },
};
