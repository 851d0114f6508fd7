import type { MetricCheck } from "../../check.ts";

export const labelCamelCase: MetricCheck<"camelCase"> = {
  id: "label/camel-case",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `Label names are snake_case: no lower-case letter followed by an upper-case one.

Why: as for metric names, one spelling per label keeps joins (\`on(...)\`) and
selectors working across exporters. promlint reports this once per series;
obsforge once per family and label.`,
  good: [
    '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{status_code="200"} 1\n',
  ],
  bad: [
    '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{statusCode="200"} 1\n',
  ],
  messages: {
    camelCase: "label names should be written in 'snake_case' not 'camelCase'",
  },
  check({ family }) {
    return family.labels.some((label) => /[a-z][A-Z]/.test(label))
      ? [{ messageId: "camelCase" }]
      : [];
  },
};
