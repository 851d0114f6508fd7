import { templateLabelGaps } from "../../promql/labels.ts";
import type { RuleCheck } from "../../check.ts";

export const aggregationDropsLabel: RuleCheck<"labelDropped"> = {
  id: "alert/aggregation-drops-label",
  target: "rule",
  severity: "error",
  docs: `Labels an alert's labels or annotations read (\`{{ $labels.instance }}\`) survive the query's aggregations.

Why: \`sum by (job) (…)\` keeps only \`job\`; a summary that says
"\`{{ $labels.instance }}\` is down" then renders "is down" for every page, and
routes keyed on the label miss. Aggregations (\`by\`, \`without\`, no grouping)
and one-to-one \`on()\`/\`ignoring()\` matching are followed through the query;
keep the label in the \`by ()\` list or stop templating it. pint calls this
\`promql/aggregate\` and \`alerts/template\`.`,
  good: [
    "alert: ErrorsHigh\nexpr: sum by (route) (rate(http_requests_total{code=~\"5..\"}[5m])) > 1\nfor: 5m\nseverity: ticket\nannotations:\n  summary: 'Errors on {{ $labels.route }}'\n  runbookUrl: https://runbooks.example.com/errors\n",
  ],
  bad: [
    "alert: ErrorsHigh\nexpr: sum by (code) (rate(http_requests_total{code=~\"5..\"}[5m])) > 1\nfor: 5m\nseverity: ticket\nannotations:\n  summary: 'Errors on {{ $labels.route }}'\n  runbookUrl: https://runbooks.example.com/errors\n",
    "alert: ErrorsHigh\nexpr: sum(rate(http_requests_total{code=~\"5..\"}[5m])) > 1\nfor: 5m\nseverity: ticket\nannotations:\n  summary: 'Errors on {{ $labels.instance }}'\n  runbookUrl: https://runbooks.example.com/errors\n",
  ],
  messages: {
    labelDropped:
      "expected label {{label}} (used in {{field}}) to survive the query, got {{dropper}}, which drops it",
  },
  check({ rule, catalogue }) {
    if (rule.kind !== "alert" || !rule.syntaxOk) return [];
    return templateLabelGaps(rule, catalogue).flatMap(({ label, field, dropper }) =>
      dropper === undefined
        ? []
        : [
            {
              messageId: "labelDropped",
              data: { label, field, dropper: dropper.text },
              field,
            },
          ],
    );
  },
};
