import type { LogLineCheck } from "../../check.ts";
import { requestScopeField } from "../../logs/scope.ts";

export const missingTraceContext: LogLineCheck<"noTrace" | "noSpan" | "neither"> = {
  id: "logs/missing-trace-context",
  target: "logs",
  scope: "line",
  severity: "error",
  docs: `A request-scoped log line carries both the trace id and the span id.

Why: a log line leads to its trace only through these two fields (Grafana's
derived fields, Tempo's "logs for this span"), and the correlation rules
obsforge writes for a service with \`logs\` count the lines that have them.
A line is request-scoped when it has a request field (by default the
OpenTelemetry HTTP and RPC attributes \`http.request.method\`, \`http.method\`,
\`http.route\`, \`url.path\`, \`rpc.method\`; a service's
\`logs.correlation.requestFields\`), or one of the two ids: a line with a
span id and no trace id lost half of its context. Lines of neither kind
(start-up, background jobs) are not checked. The field names are the
profile's: \`trace_id\` and \`span_id\` (the OpenTelemetry log data model),
or the service's \`logs.fields\` with \`--service\`.`,
  messages: {
    noTrace: "expected a {{traceId}} on a request-scoped line (it has {{scope}}), got none",
    noSpan: "expected a {{spanId}} on a request-scoped line (it has {{scope}}), got none",
    neither:
      "expected a {{traceId}} and a {{spanId}} on a request-scoped line (it has {{scope}}), got neither",
  },
  good: [
    '{"severity_text":"INFO","body":"GET /orders","http.route":"/orders","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}\n{"severity_text":"INFO","body":"cache warmed"}\n',
    "severity_text=INFO msg=served http.request.method=GET trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7\n",
  ],
  bad: [
    '{"severity_text":"ERROR","body":"payment declined","http.route":"/pay"}\n',
    "severity_text=INFO msg=served trace_id=4bf92f3577b34da6a3ce929d0e0e4736\n",
    '{"severity_text":"WARN","body":"retry","span_id":"00f067aa0ba902b7"}\n',
  ],
  check({ line, profile }) {
    const scope = requestScopeField(line, profile);
    if (scope === undefined) return [];
    const trace = line.fields.has(profile.traceId);
    const span = line.fields.has(profile.spanId);
    if (trace && span) return [];
    const data = { traceId: profile.traceId, spanId: profile.spanId, scope };
    const messageId = trace ? "noSpan" : span ? "noTrace" : "neither";
    return [{ messageId, data, subject: trace ? profile.spanId : profile.traceId }];
  },
};
