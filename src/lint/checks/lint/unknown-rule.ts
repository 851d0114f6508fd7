import type { RuleCheck } from "../../check.ts";

export const unknownCheckId: RuleCheck<"unknownId" | "unknownCommentId"> = {
  id: "lint/unknown-rule",
  target: "rule",
  severity: "error",
  docs: `Rule ids in a rule's \`lint: { disable: [...] }\` exist.

Why: a misspelt id disables nothing, and the finding it was meant to silence
keeps failing CI for a reason nobody can see. Ids are listed in
\`docs/rules/\`. The same goes for the id in a \`# obsforge disable …\`
comment of a file \`obsforge lint FILE\` reads.`,
  good: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nseverity: page\nlint:\n  disable: [alert/for-on-page]\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  bad: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nseverity: page\nlint:\n  disable: [alert/for-on-pages]\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  messages: {
    unknownId: "expected a known lint rule id in lint.disable, got {{id}}",
    unknownCommentId:
      "expected a known check id in the # obsforge disable comment, got {{id}}, which disables nothing",
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
