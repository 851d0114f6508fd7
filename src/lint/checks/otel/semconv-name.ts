import { type OtelInstrumentKind, otelPrometheusName } from "../../metric-names.ts";
import type { MetricFamily, MetricCheck } from "../../check.ts";
import { nearestStem, prometheusStem, semconvStem } from "../../semconv.ts";

/** Up to this many edits a name counts as a misspelling of a semantic-convention name. */
const MAX_EDITS = 2;
/** Shorter stems are too easily "near" something. */
const MIN_STEM = 10;

export const semconvName: MetricCheck<"exporterName" | "nearOtelName" | "nearStem"> = {
  id: "otel/semconv-name",
  target: "metric",
  severity: "error",
  profiles: ["otel", "strict"],
  needsSemconv: true,
  docs: `Metrics from the OpenTelemetry semantic conventions are spelled as the conventions say, and exported under the translated name.

Why: dashboards, alerts and vendors key on the convention names
(\`http.server.request.duration\` → \`http_server_request_duration_seconds\`);
a near miss such as \`http.server.request.durations\` or
\`http_server_requests_duration_seconds\` silently falls off all of them. The
list of names is the semantic-conventions registry (v1.44.0, every
stability level and the deprecated names). With an
\`otelName\` and a unit (catalogue) the exact Prometheus name is checked;
otherwise names within ${MAX_EDITS} edits of a convention name are reported.`,
  good: [
    "metrics:\n  - name: http_server_request_duration_seconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n    otelName: http.server.request.duration\n",
    '# HELP http_server_request_duration_seconds Duration of HTTP server requests.\n# TYPE http_server_request_duration_seconds histogram\nhttp_server_request_duration_seconds_bucket{le="+Inf"} 3\nhttp_server_request_duration_seconds_sum 0.3\nhttp_server_request_duration_seconds_count 3\n',
  ],
  bad: [
    "metrics:\n  - name: http_server_request_durations_seconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n    otelName: http.server.request.durations\n",
    "metrics:\n  - name: http_server_duration_seconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n    otelName: http.server.request.duration\n",
    "# HELP http_server_requests_duration_seconds Duration of HTTP server requests.\n# TYPE http_server_requests_duration_seconds gauge\nhttp_server_requests_duration_seconds 0.3\n",
  ],
  messages: {
    exporterName:
      "expected {{expected}} for semantic-convention metric {{otel}} (unit {{unit}}), got {{name}}",
    nearOtelName: "expected a semantic-convention name, got {{otel}}: did you mean {{name}}?",
    nearStem:
      "expected the semantic-convention spelling {{near}} (from {{otelName}}), got {{stem}} in {{name}}",
  },
  check({ family, semconv }) {
    const otel = family.otelName;
    if (otel !== undefined) {
      if (semconv.names.has(otel)) {
        const kind = instrumentKind(family);
        if (kind === undefined || family.unit === undefined || family.unitKind !== "ucum")
          return [];
        const expected = otelPrometheusName(otel, family.unit, kind);
        return expected === family.name
          ? []
          : [
              {
                messageId: "exporterName",
                data: { expected, otel, unit: JSON.stringify(family.unit), name: family.name },
              },
            ];
      }
      const near = nearestStem(semconv, semconvStem(otel), MAX_EDITS);
      const name = near === undefined ? undefined : semconv.byStem.get(near);
      return name === undefined ? [] : [{ messageId: "nearOtelName", data: { otel, name } }];
    }
    const stem = prometheusStem(family.name);
    if (stem.length < MIN_STEM || semconv.byStem.has(stem)) return [];
    const near = nearestStem(semconv, stem, MAX_EDITS);
    const name = near === undefined ? undefined : semconv.byStem.get(near);
    return name === undefined
      ? []
      : [
          {
            messageId: "nearStem",
            data: { near: near!, otelName: name, stem, name: family.name },
          },
        ];
  },
};

function instrumentKind(family: MetricFamily): OtelInstrumentKind | undefined {
  const t = family.type;
  return t === "counter" || t === "gauge" || t === "histogram" || t === "summary" ? t : undefined;
}
