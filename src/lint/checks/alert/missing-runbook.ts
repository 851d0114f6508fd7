import type { RuleCheck } from "../../check.ts";

export const missingRunbook: RuleCheck<"noRunbook"> = {
  id: "alert/missing-runbook",
  target: "rule",
  severity: "warning",
  docs: `Every alert links a runbook (\`runbookUrl\`, written as the \`runbook_url\` annotation).

Why: the person paged at night needs to know what to do, not only what is
wrong. \`runbook_url\` is the annotation Alertmanager templates, Grafana and
the kubernetes-mixin conventions look for.`,
  good: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  bad: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nannotations:\n  summary: API target down\n',
  ],
  messages: {
    noRunbook: "expected a runbook_url annotation (runbookUrl) on alert {{alert}}, got none",
  },
  check({ rule }) {
    if (rule.kind !== "alert" || (rule.annotations.runbook_url ?? "").trim() !== "") return [];
    return [
      {
        messageId: "noRunbook",
        data: { alert: rule.name },
        field: "annotations",
      },
    ];
  },
};
