import { RECORD_NAME_RE } from "../../../model/names.ts";
import type { RuleRule } from "../../rule.ts";

export const recordName: RuleRule = {
  id: "rule/record-name",
  target: "rule",
  severity: "error",
  docs: `Recording rule names follow \`level:metric:operations\` (e.g. \`job:http_requests:rate5m\`).

Why: the Prometheus naming best practice for recording rules tells the reader
what a series is aggregated by (level), what it measures (metric) and what
was done to it (operations), and keeps recorded series apart from scraped
ones (which never contain \`:\`). The model accepts any valid metric name so
imported rules load; this rule holds your own to the convention.`,
  good: ["record: job:http_requests:rate5m\nexpr: sum by (job) (rate(http_requests_total[5m]))\n"],
  bad: [
    "record: http_requests_rate5m\nexpr: sum by (job) (rate(http_requests_total[5m]))\n",
    "record: job:http_requests\nexpr: sum by (job) (rate(http_requests_total[5m]))\n",
  ],
  check({ rule }) {
    if (rule.kind !== "record" || RECORD_NAME_RE.test(rule.name)) return [];
    return [
      {
        message: `expected a recording rule name of the form level:metric:operations, got ${rule.name}`,
      },
    ];
  },
};
