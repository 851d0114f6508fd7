import type { MetricCheck } from "../../check.ts";

export const noColon: MetricCheck<"colon"> = {
  id: "metric/no-colon",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `Exposed metric names contain no \`:\`.

Why: colons are reserved for recording rules (\`level:metric:operations\`), so
a scraped name with a colon reads as a rule output and can collide with one.`,
  good: [
    "# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total 1\n",
  ],
  bad: [
    "# HELP job:http_requests_total Requests served.\n# TYPE job:http_requests_total counter\njob:http_requests_total 1\n",
  ],
  messages: {
    colon: "metric names should not contain ':'",
  },
  check({ family }) {
    return family.name.includes(":") ? [{ messageId: "colon" }] : [];
  },
};
