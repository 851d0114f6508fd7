import type { MetricCheck } from "../../check.ts";
import { conventionFor, PROMETHEUS_TYPE } from "../../semconv.ts";

export const semconvType: MetricCheck<"wrongType"> = {
  id: "otel/semconv-type",
  target: "metric",
  severity: "error",
  profiles: ["otel", "strict"],
  needsSemconv: true,
  docs: `A metric of the OpenTelemetry semantic conventions has the type its instrument is exported as.

Why: the convention fixes the instrument (\`http.server.request.duration\` is a
histogram, \`http.server.active_requests\` an UpDownCounter), and the
OTLP→Prometheus translation fixes the type from it: a counter (monotonic sum)
is a Prometheus counter, an UpDownCounter (non-monotonic sum) or a gauge is a
gauge, a histogram a histogram. A gauge where the convention has a counter
gets \`rate()\` wrong in every shared dashboard and alert, and a summary where
it has a histogram cannot be aggregated across instances. The metric is found
by its catalogue \`otelName\`, else by its name without the exporter's
suffixes (\`_total\`, unit words, \`_ratio\`); the conventions are the
registry's, v1.44.0. Untyped families are not checked.`,
  good: [
    "metrics:\n  - name: http_server_request_duration_seconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n    otelName: http.server.request.duration\n",
    "# HELP http_server_active_requests Number of active HTTP server requests.\n# TYPE http_server_active_requests gauge\nhttp_server_active_requests 3\n",
  ],
  bad: [
    "metrics:\n  - name: http_server_request_duration_seconds\n    type: summary\n    unit: s\n    help: Duration of HTTP server requests.\n    otelName: http.server.request.duration\n",
    "# HELP jvm_cpu_time_seconds CPU time used by the process as reported by the JVM.\n# TYPE jvm_cpu_time_seconds gauge\njvm_cpu_time_seconds 12.5\n",
  ],
  messages: {
    wrongType:
      "expected type {{expected}} for semantic-convention metric {{otel}} (instrument {{instrument}}), got {{type}}",
  },
  check({ family, semconv }) {
    if (family.type === "untyped") return [];
    const convention = conventionFor(semconv, family);
    if (convention === undefined) return [];
    const expected = PROMETHEUS_TYPE[convention.metric.instrument];
    return expected === family.type
      ? []
      : [
          {
            messageId: "wrongType",
            data: {
              expected,
              otel: convention.name,
              instrument: convention.metric.instrument,
              type: family.type,
            },
          },
        ];
  },
};
