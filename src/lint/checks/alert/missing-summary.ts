import type { RuleCheck } from "../../check.ts";

export const missingSummary: RuleCheck<"noSummary"> = {
  id: "alert/missing-summary",
  target: "rule",
  severity: "warning",
  docs: `Every alert has a \`summary\` annotation.

Why: the summary is the line a pager, Slack message or Alertmanager UI shows;
without it the receiver sees only the alert name and labels. mixtool's
\`alert-summary-missing-rule\` checks the same.`,
  good: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  bad: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nannotations:\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  messages: {
    noSummary: "expected a summary annotation on alert {{alert}}, got none",
  },
  check({ rule }) {
    if (rule.kind !== "alert" || (rule.annotations.summary ?? "").trim() !== "") return [];
    return [
      {
        messageId: "noSummary",
        data: { alert: rule.name },
        field: "annotations",
      },
    ];
  },
};
