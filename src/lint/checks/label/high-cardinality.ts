import type { MetricCheck } from "../../check.ts";

/**
 * Label names that almost always carry one value per request, user or
 * trace. They belong in logs, traces and exemplars, not in series labels.
 */
const HIGH_CARDINALITY = new Set([
  "user",
  "user_id",
  "userid",
  "username",
  "user_name",
  "email",
  "user_email",
  "customer_id",
  "account_id",
  "session_id",
  "sessionid",
  "request_id",
  "requestid",
  "correlation_id",
  "trace_id",
  "traceid",
  "span_id",
  "spanid",
  "transaction_id",
  "order_id",
  "message_id",
  "uuid",
  "guid",
  "client_ip",
  "remote_addr",
  "ip_address",
  "url",
  "full_url",
  "query_string",
  "timestamp",
]);

export const highCardinality: MetricCheck<"highCardinality"> = {
  id: "label/high-cardinality",
  target: "metric",
  severity: "error",
  profiles: ["strict"],
  docs: `No labels that take one value per user, request or trace (\`user_id\`, \`request_id\`, \`trace_id\`, \`email\`, raw \`url\`…).

Why: every label value is a new series; an id label grows the series count
with traffic until Prometheus runs out of memory. Put ids in logs and traces,
and link them to metrics with exemplars. Names ending in \`_uuid\` or \`_guid\`
count too.`,
  good: [
    '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{route="/users/:id"} 1\n',
  ],
  bad: [
    '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{user_id="8412"} 1\n',
    'metrics:\n  - name: checkout_orders_total\n    type: counter\n    unit: "{order}"\n    help: Orders placed.\n    labels: [trace_id]\n',
  ],
  messages: {
    highCardinality:
      "expected no per-request or per-user label, got {{label}} (one series per value: use logs, traces or exemplars)",
  },
  check({ family }) {
    return family.labels
      .filter((label) => HIGH_CARDINALITY.has(label.toLowerCase()) || /_(uuid|guid)$/i.test(label))
      .map((label) => ({
        messageId: "highCardinality" as const,
        data: { label },
      }));
  },
};
