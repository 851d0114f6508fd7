import { templateLabelGaps } from "../../promql/labels.ts";
import type { RuleCheck } from "../../check.ts";

export const unknownLabel: RuleCheck<"unknownLabel" | "staticLabel"> = {
  id: "alert/unknown-label",
  target: "rule",
  severity: "error",
  docs: `\`$labels.x\` in an alert template names a label the query's series can have.

Why: \`$labels\` holds the labels of the series the expression returned, not
the rule's static labels and not labels of metrics the query does not read.
A reference to a label no series has renders as an empty string. The labels
each metric has come from the catalogue (plus \`job\` and \`instance\`, which
the scrape adds, and labels pinned with \`=\` matchers), and from recording
rules' own expressions; queries over metrics the catalogue does not describe
are not checked.`,
  good: [
    "alert: TargetDown\nexpr: up{job=\"api\"} == 0\nfor: 5m\nseverity: page\nannotations:\n  summary: '{{ $labels.instance }} of {{ $labels.job }} is down'\n  runbookUrl: https://runbooks.example.com/down\n",
  ],
  bad: [
    "alert: TargetDown\nexpr: up{job=\"api\"} == 0\nfor: 5m\nseverity: page\nannotations:\n  summary: '{{ $labels.pod }} is down'\n  runbookUrl: https://runbooks.example.com/down\n",
    "alert: TargetDown\nexpr: up{job=\"api\"} == 0\nfor: 5m\nseverity: page\nannotations:\n  summary: 'Down ({{ $labels.severity }})'\n  runbookUrl: https://runbooks.example.com/down\n",
  ],
  messages: {
    unknownLabel:
      "expected $labels.{{label}} in {{field}} to be a label of the query's series, got a query whose series have no {{label}}",
    staticLabel:
      "expected $labels.{{label}} in {{field}} to be a label of the query's series, got a query whose series have no {{label}} (static rule labels are not in $labels)",
  },
  check({ rule, catalogue }) {
    if (rule.kind !== "alert" || !rule.syntaxOk) return [];
    return templateLabelGaps(rule, catalogue).flatMap(({ label, field, dropper }) => {
      if (dropper !== undefined) return [];
      return [
        {
          messageId: label in rule.labels ? "staticLabel" : "unknownLabel",
          data: { label, field },
          field,
        },
      ];
    });
  },
};
