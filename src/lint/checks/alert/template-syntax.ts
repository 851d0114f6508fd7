import type { CheckProblem, RuleCheck } from "../../check.ts";
import { forEachTemplateField } from "../../../template/template.ts";
import { templateCheckOf } from "../../templates.ts";

export const templateSyntax: RuleCheck<"invalidTemplate"> = {
  id: "alert/template-syntax",
  target: "rule",
  severity: "error",
  docs: `Alert labels and annotations parse as Go templates, with Prometheus's functions and variables.

Why: Prometheus parses every label and annotation of an alerting rule as a
text/template when it loads the file, and rejects the whole rule file on the
first error, so one typo in a summary takes down every alert of the service.
Checked: balanced \`{{ }}\`, strings and parentheses, \`if\`/\`range\`/\`with\` …
\`end\`, variables (\`$labels\`, \`$value\`, \`$externalLabels\`, \`$externalURL\`
and declared ones), and function names (Go's and Prometheus's, e.g.
\`humanize\`, \`humanizeDuration\`, \`query\`).`,
  good: [
    "alert: HighLatency\nexpr: histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m]))) > 1\nfor: 10m\nseverity: page\nannotations:\n  summary: 'p99 latency of {{ $labels.route }} is {{ $value | humanizeDuration }}'\n  runbookUrl: https://runbooks.example.com/latency\n",
  ],
  bad: [
    "alert: HighLatency\nexpr: histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m]))) > 1\nfor: 10m\nseverity: page\nannotations:\n  summary: 'p99 latency of {{ $labels.route } is high'\n  runbookUrl: https://runbooks.example.com/latency\n",
    "alert: HighLatency\nexpr: histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m]))) > 1\nfor: 10m\nseverity: page\nannotations:\n  summary: 'p99 latency is {{ $value | humanizeSeconds }}'\n  runbookUrl: https://runbooks.example.com/latency\n",
  ],
  messages: {
    invalidTemplate:
      "expected a valid Go template in {{field}}, got {{error}} at character {{character}}",
  },
  check({ rule }) {
    if (rule.kind !== "alert") return [];
    const problems: CheckProblem<"invalidTemplate">[] = [];
    forEachTemplateField(rule, (section, key, value) => {
      for (const error of templateCheckOf(value).errors) {
        const field = `${section}.${key}`;
        problems.push({
          messageId: "invalidTemplate",
          data: { field, error: error.message, character: error.offset + 1 },
          field,
        });
      }
    });
    return problems;
  },
};
