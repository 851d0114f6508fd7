import type { CheckProblem, MetricCheck } from "../../check.ts";

export const totalSuffix: MetricCheck<
  "counterNoTotal" | "totalTwice" | "totalNotCounter" | "totalInOtelName"
> = {
  id: "otel/total-suffix",
  target: "metric",
  severity: "error",
  profiles: ["otel", "strict"],
  docs: `Only monotonic sums (counters) end in \`_total\`, exactly once; OpenTelemetry names never say "total".

Why: the OTel → Prometheus translation appends \`_total\` to monotonic
cumulative sums and to nothing else (UpDownCounters become gauges), and the
semantic conventions forbid "total" in instrument names. A gauge named
\`…_total\` or a counter named \`…_total_bytes_total\` will not match what the
exporter writes.`,
  good: [
    'metrics:\n  - name: http_server_requests_total\n    type: counter\n    unit: "{request}"\n    help: Requests served.\n',
    'metrics:\n  - name: db_client_connections_usage\n    type: gauge\n    unit: "{connection}"\n    help: Connections in use.\n    otelName: db.client.connections.usage\n',
  ],
  bad: [
    'metrics:\n  - name: http_server_requests\n    type: counter\n    unit: "{request}"\n    help: Requests served.\n',
    'metrics:\n  - name: db_client_connections_total\n    type: gauge\n    unit: "{connection}"\n    help: Connections in use.\n',
    'metrics:\n  - name: http_server_requests_total\n    type: counter\n    unit: "{request}"\n    help: Requests served.\n    otelName: http.server.requests.total\n',
    'metrics:\n  - name: http_total_requests_total\n    type: counter\n    unit: "{request}"\n    help: Requests served.\n',
  ],
  messages: {
    counterNoTotal: 'expected "_total" at the end of counter (monotonic sum) {{name}}',
    totalTwice: 'expected "total" once in {{name}}, at the end',
    totalNotCounter:
      'expected no "total" in a {{type}} name: only monotonic sums (counters) end in "_total"',
    totalInOtelName:
      'expected no "total" in the OpenTelemetry name {{otelName}} (semantic conventions; exporters add "_total")',
  },
  check({ family }) {
    const problems: CheckProblem<
      "counterNoTotal" | "totalTwice" | "totalNotCounter" | "totalInOtelName"
    >[] = [];
    const tokens = family.name.split("_");
    const totals = tokens.filter((t) => t === "total").length;
    if (family.type === "counter") {
      if (!family.name.endsWith("_total")) {
        problems.push({ messageId: "counterNoTotal", data: { name: family.name } });
      } else if (totals > 1) {
        problems.push({ messageId: "totalTwice", data: { name: family.name } });
      }
    } else if (family.type !== "untyped" && totals > 0) {
      problems.push({ messageId: "totalNotCounter", data: { type: family.type } });
    }
    if (family.otelName?.split(/[._]/).includes("total")) {
      problems.push({ messageId: "totalInOtelName", data: { otelName: family.otelName } });
    }
    return problems;
  },
};
