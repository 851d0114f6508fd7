import type { MetricCheck } from "../../check.ts";

export const noHelp: MetricCheck<"noHelp"> = {
  id: "metric/no-help",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `Every metric family needs a HELP text.

Why: HELP is the only documentation a metric carries into Prometheus, Grafana's
metrics browser and \`/api/v1/metadata\`. promlint reports \`no help text\` for a
family without a \`# HELP\` line (an empty HELP counts as none).`,
  good: [
    '# HELP http_requests_total Requests served, by status code.\n# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 1027\n',
  ],
  bad: ['# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 1027\n'],
  messages: {
    noHelp: "no help text",
  },
  check({ family }) {
    return family.help === undefined || family.help === "" ? [{ messageId: "noHelp" }] : [];
  },
};
