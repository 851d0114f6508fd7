import { editDistance } from "../../../core/edit-distance.ts";
import type { CheckProblem, MetricCheck } from "../../check.ts";
import { attributeLabel, conventionFor } from "../../semconv.ts";

type Message = "unknownLabel" | "unknownLabelHint" | "missingRequired";

/** Labels every exported metric may carry whatever its convention: the scrape's and the exporter's. */
const ALWAYS_ALLOWED: ReadonlySet<string> = new Set(["job", "instance"]);
/** The Prometheus exporter adds the instrumentation scope as `otel_scope_name`, `otel_scope_version`… */
const SCOPE_PREFIX = "otel_scope_";
/** Up to this many edits a label counts as a misspelt attribute. */
const MAX_EDITS = 2;

export const semconvAttribute: MetricCheck<Message> = {
  id: "otel/semconv-attribute",
  target: "metric",
  severity: "warning",
  profiles: ["otel", "strict"],
  needsSemconv: true,
  docs: `A metric of the OpenTelemetry semantic conventions carries the convention's attributes, under their translated names.

Why: the OTLP→Prometheus translation turns an attribute into a label by
replacing \`.\` (and every other character outside \`[a-zA-Z0-9_]\`) with
\`_\`: \`http.request.method\` is \`http_request_method\`. A label \`method\`
or \`status_code\` on \`http_server_request_duration_seconds\` is a
different dimension from the one shared dashboards and alerts group by.
Labels the convention does not list are reported, with the attribute they
most likely mean; \`job\`, \`instance\`, \`otel_scope_*\` and resource
attributes of the registry's entities (\`service_name\`, \`k8s_pod_name\`,
which an OTLP receiver may promote) are always allowed. A catalogue entry
that lacks one of the convention's required attributes is reported too (an
exposition shows only the labels of the series it has). The metric is found
by its catalogue \`otelName\`, else by its name without the exporter's
suffixes; the conventions are the registry's, v1.44.0.`,
  good: [
    "metrics:\n  - name: http_server_request_duration_seconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n    otelName: http.server.request.duration\n    labels: [http_request_method, url_scheme, http_route, http_response_status_code, service_name]\n",
  ],
  bad: [
    "metrics:\n  - name: http_server_request_duration_seconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n    otelName: http.server.request.duration\n    labels: [http_method, url_scheme, route, customer_tier]\n",
    '# HELP http_client_request_duration_seconds Duration of HTTP client requests.\n# TYPE http_client_request_duration_seconds histogram\nhttp_client_request_duration_seconds_bucket{http_request_method="GET",status_code="200",le="+Inf"} 3\nhttp_client_request_duration_seconds_sum{http_request_method="GET",status_code="200"} 0.3\nhttp_client_request_duration_seconds_count{http_request_method="GET",status_code="200"} 3\n',
  ],
  messages: {
    unknownLabel:
      "expected the attributes of semantic-convention metric {{otel}} as labels, got {{label}}, which it does not list",
    unknownLabelHint:
      "expected the attributes of semantic-convention metric {{otel}} as labels, got {{label}}: did you mean {{hint}}?",
    missingRequired:
      "expected label {{label}} (attribute {{attribute}}, required by the convention) on {{otel}}, got none",
  },
  check({ family, semconv }) {
    const convention = conventionFor(semconv, family);
    if (convention === undefined) return [];
    const otel = convention.name;
    const byLabel = new Map<string, string>();
    for (const attribute of Object.keys(convention.metric.attributes))
      byLabel.set(attributeLabel(attribute), attribute);
    const problems: CheckProblem<Message>[] = [];
    for (const label of family.labels) {
      if (byLabel.has(label) || ALWAYS_ALLOWED.has(label) || label.startsWith(SCOPE_PREFIX))
        continue;
      if (semconv.resourceLabels.has(label)) continue;
      const hint = nearestLabel(label, [...byLabel.keys()]);
      problems.push(
        hint === undefined
          ? { messageId: "unknownLabel", data: { otel, label } }
          : { messageId: "unknownLabelHint", data: { otel, label, hint } },
      );
    }
    if (family.origin === "catalogue") {
      const has = new Set(family.labels);
      for (const [label, attribute] of [...byLabel].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (convention.metric.attributes[attribute] !== "required" || has.has(label)) continue;
        problems.push({ messageId: "missingRequired", data: { label, attribute, otel } });
      }
    }
    return problems;
  },
};

/**
 * The attribute label a label most likely stands for: one it is the last
 * tokens of (`status_code` → `http_response_status_code`), else one within
 * MAX_EDITS edits (`http_reqest_method`), else one with the same first and
 * last token (`http_method` → `http_request_method`). Ties go to the first
 * in sorted order.
 */
function nearestLabel(label: string, candidates: readonly string[]): string | undefined {
  const sorted = [...candidates].sort();
  const tail = sorted.find((c) => c.endsWith(`_${label}`));
  if (tail !== undefined) return tail;
  const lastToken = label.split("_").at(-1) ?? label;
  let best: string | undefined;
  let bestDistance = MAX_EDITS + 1;
  for (const candidate of sorted) {
    const d = editDistance(candidate, label, MAX_EDITS);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return (
    best ??
    sorted.find((c) => c.split("_")[0] === label.split("_")[0] && c.split("_").at(-1) === lastToken)
  );
}
