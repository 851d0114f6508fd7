import type { RuleCheck } from "../../check.ts";

export const unknownCheckId: RuleCheck<"unknownId"> = {
  id: "lint/unknown-rule",
  target: "rule",
  severity: "error",
  docs: `Rule ids in a rule's \`lint: { disable: [...] }\` exist.

Why: a misspelt id disables nothing, and the finding it was meant to silence
keeps failing CI for a reason nobody can see. Ids are listed in
\`docs/rules/\`.`,
  good: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nseverity: page\nlint:\n  disable: [alert/for-on-page]\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  bad: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nseverity: page\nlint:\n  disable: [alert/for-on-pages]\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  messages: {
    unknownId: "expected a known lint rule id in lint.disable, got {{id}}",
  },
  check({ rule, knownCheckIds }) {
    return rule.disable
      .filter((id) => !knownCheckIds.has(id))
      .map((id) => ({
        messageId: "unknownId" as const,
        data: { id: JSON.stringify(id) },
        field: "lint",
      }));
  },
};
