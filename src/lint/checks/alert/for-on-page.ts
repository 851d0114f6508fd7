import { durationSeconds } from "../../../core/duration.ts";
import type { RuleCheck } from "../../check.ts";

export const forOnPage: RuleCheck<"noFor"> = {
  id: "alert/for-on-page",
  target: "rule",
  severity: "warning",
  docs: `Alerts that page have a \`for:\` duration.

Why: without \`for\`, one evaluation over the threshold wakes someone up; a
scrape hiccup or a single slow request is enough. A \`for\` of a few
evaluation intervals filters those out at the cost of minutes of delay.
Multi-window burn-rate alerts already average over their windows: the ones
obsforge generates for SLOs are not checked, and on your own disable the rule
with \`lint: { disable: ["alert/for-on-page"] }\`.`,
  good: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
    'alert: TargetDown\nexpr: up{job="api"} == 0\nseverity: ticket\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  bad: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nseverity: page\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  messages: {
    noFor:
      "expected a for: duration on page alert {{alert}}, got none (it fires on a single evaluation)",
  },
  check({ rule }) {
    if (rule.kind !== "alert" || rule.severity !== "page") return [];
    if (rule.for !== undefined && durationSeconds(rule.for) > 0) return [];
    return [
      {
        messageId: "noFor",
        data: { alert: rule.name },
        field: "for",
      },
    ];
  },
};
