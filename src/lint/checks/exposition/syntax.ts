import type { ExpositionCheck } from "../../check.ts";

export const syntax: ExpositionCheck<"malformed"> = {
  id: "exposition/syntax",
  target: "exposition",
  severity: "error",
  docs: `The exposition parses: Prometheus text format 0.0.4, or OpenMetrics 1.0.

Why: Prometheus drops a whole scrape on the first malformed line
(\`up\` stays 1 only while the target answers, so the gap shows up only as
missing data). obsforge reads the input line by line and reports every
malformed line with its line and column instead of stopping at the first:
bad escapes, unterminated label values, duplicate HELP or TYPE lines, TYPE
after samples, non-numeric values and timestamps, and for OpenMetrics also
\`# EOF\`, family and series grouping, counter and histogram values and
exemplars. The text format follows prometheus/common's parser (the one
\`promtool check metrics\` uses).`,
  good: [
    '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 1027 1700000000000\nhttp_requests_total{code="500"} NaN\n',
  ],
  bad: [
    '# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total{code="200} 1027\n',
    "# TYPE http_requests_total counter\n# TYPE http_requests_total counter\nhttp_requests_total 1\n",
    'http_requests_total{path="C:\\temp"} 1\n',
  ],
  messages: {
    malformed: "{{error}}",
  },
  check({ error }) {
    return [{ messageId: "malformed", data: { error: error.message } }];
  },
};
