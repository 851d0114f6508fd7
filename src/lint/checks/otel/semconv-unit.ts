import { otelPrometheusName } from "../../metric-names.ts";
import type { MetricCheck } from "../../check.ts";
import { conventionFor, unitSuffix } from "../../semconv.ts";

export const semconvUnit: MetricCheck<"wrongUnit" | "wrongSuffix"> = {
  id: "otel/semconv-unit",
  target: "metric",
  severity: "warning",
  profiles: ["otel", "strict"],
  needsSemconv: true,
  docs: `A metric of the OpenTelemetry semantic conventions has the unit the convention gives it.

Why: the convention fixes the unit (durations in \`s\`, sizes in \`By\`), and
the OTLP→Prometheus translation turns it into the name's suffix
(\`_seconds\`, \`_bytes\`, \`_bytes_per_second\`); a convention metric in
milliseconds is off by 1000 in every shared dashboard, and its Prometheus
name no longer matches. Catalogue units are compared as UCUM codes,
ignoring \`{annotations}\` (free text in UCUM: \`{req}\` and \`{request}\` are
the same unit); exposition families by the unit words at the end of the
name. The metric is found by its catalogue \`otelName\`, else by its name
without the exporter's suffixes; the conventions are the registry's, v1.44.0.`,
  good: [
    "metrics:\n  - name: http_server_request_duration_seconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n    otelName: http.server.request.duration\n",
    '# HELP jvm_memory_used_bytes Measure of memory used.\n# TYPE jvm_memory_used_bytes gauge\njvm_memory_used_bytes{jvm_memory_type="heap"} 1024\n',
  ],
  bad: [
    "metrics:\n  - name: http_server_request_duration_milliseconds\n    type: histogram\n    unit: ms\n    help: Duration of HTTP server requests.\n    otelName: http.server.request.duration\n",
    '# HELP jvm_memory_used_kilobytes Measure of memory used.\n# TYPE jvm_memory_used_kilobytes gauge\njvm_memory_used_kilobytes{jvm_memory_type="heap"} 1\n',
  ],
  messages: {
    wrongUnit: "expected unit {{expected}} for semantic-convention metric {{otel}}, got {{unit}}",
    wrongSuffix:
      "expected the unit suffix {{expected}} for semantic-convention metric {{otel}} (unit {{unit}}), got {{suffix}}",
  },
  check({ family, semconv }) {
    const convention = conventionFor(semconv, family);
    if (convention === undefined) return [];
    const otel = convention.name;
    const expected = convention.metric.unit;
    if (family.unitKind === "ucum" && family.unit !== undefined) {
      return bare(family.unit) === bare(expected)
        ? []
        : [
            {
              messageId: "wrongUnit",
              data: { expected: JSON.stringify(expected), otel, unit: JSON.stringify(family.unit) },
            },
          ];
    }
    // The unit words are the same for every kind, so the kind here only decides `_total`/`_ratio`.
    const want = unitSuffix(otelPrometheusName(otel, expected, "gauge"));
    const got = unitSuffix(family.name);
    return want === got
      ? []
      : [
          {
            messageId: "wrongSuffix",
            data: {
              expected: want === "" ? "(none)" : `_${want}`,
              otel,
              unit: JSON.stringify(expected),
              suffix: got === "" ? "(none)" : `_${got}`,
            },
          },
        ];
  },
};

/** The unit without `{annotations}`: `{request}` and `1` are both dimensionless counts. */
function bare(unit: string): string {
  const stripped = unit.replace(/\{[^}]*\}/g, "").trim();
  return stripped === "" ? "1" : stripped;
}
