import type { MetricCheck } from "../../check.ts";

export const labelSnakeCase: MetricCheck<"upperCase"> = {
  id: "label/snake-case",
  target: "metric",
  severity: "warning",
  profiles: ["strict"],
  docs: `Label names are lower-case snake_case (\`status_code\`, not \`ID\` or \`Method\`).

Why: label names are case-sensitive; \`Method\` and \`method\` are two labels
that no \`on()\` or \`by()\` will join. promlint only catches camelCase
(\`statusCode\`), which \`label/camel-case\` reports; this rule catches the rest.`,
  good: [
    '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{method="GET"} 1\n',
  ],
  bad: [
    '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{Method="GET"} 1\n',
  ],
  messages: {
    upperCase: "expected a lower-case snake_case label name, got {{label}}",
  },
  check({ family }) {
    return family.labels
      .filter((label) => /[A-Z]/.test(label) && !/[a-z][A-Z]/.test(label))
      .map((label) => ({ messageId: "upperCase" as const, data: { label } }));
  },
};
