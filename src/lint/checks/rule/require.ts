import { z } from "zod";
import type { CheckProblem, RuleCheck } from "../../check.ts";
import { anchored, regexSchema } from "../../options.ts";

const requireRule = z
  .strictObject({
    /** The label that must be set (exactly one of label and annotation). */
    label: z.string().min(1).optional(),
    annotation: z.string().min(1).optional(),
    /** A regex (anchored) its value must match; default any non-empty value. */
    value: regexSchema.optional(),
    kind: z.enum(["alert", "record"]).optional(),
    comment: z.string().optional(),
  })
  .refine((r) => (r.label === undefined) !== (r.annotation === undefined), {
    error: "expected exactly one of label and annotation",
  });

const optionsSchema = z.strictObject({ require: z.array(requireRule).default([]) });
type Options = z.infer<typeof optionsSchema>;

export const require: RuleCheck<"missing" | "badValue", Options> = {
  id: "rule/require",
  target: "rule",
  severity: "error",
  docs: `Rules carry the labels and annotations your conventions require, with values of the right form (configurable; off until configured).

Why (pint's rule/label and alerts/annotation): routing needs a \`team\`
label, paging needs a \`severity\` Alertmanager knows, and dashboards link by
a \`dashboard\` annotation; a rule without them pages no one or the wrong
one. Each entry names one label or annotation and, optionally, a regex its
value must match (anchored at both ends):

\`\`\`json
{ "lint": { "rules": { "rule/require": ["error", { "require": [
  { "label": "severity", "value": "critical|warning|info", "kind": "alert" },
  { "annotation": "summary", "kind": "alert" }
] }] } } }
\`\`\`

Annotations exist on alerts only, so an annotation entry applies to alerts.
The samples run with \`{ "label": "tier", "value": "[a-z][a-z-]*", "kind": "alert" }\`. \`rule/reject\` is the other
half: keys and values that must not be there.`,
  options: {
    schema: optionsSchema,
    defaults: { require: [] },
    sample: { require: [{ label: "tier", value: "[a-z][a-z-]*", kind: "alert" }] },
  },
  good: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nlabels:\n  tier: frontend\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  bad: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nlabels:\n  tier: Front End\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  messages: {
    missing: "expected a {{what}} {{key}} on {{kind}} {{name}}, got none{{comment}}",
    badValue: "expected {{what}} {{key}} to match {{pattern}}, got {{value}}{{comment}}",
  },
  check({ rule, options }) {
    const problems: CheckProblem<"missing" | "badValue">[] = [];
    for (const entry of options?.require ?? []) {
      const what = entry.label !== undefined ? "label" : "annotation";
      const key = (entry.label ?? entry.annotation)!;
      if (entry.kind !== undefined && entry.kind !== rule.kind) continue;
      if (what === "annotation" && rule.kind !== "alert") continue;
      const map = what === "label" ? rule.labels : rule.annotations;
      const comment = entry.comment === undefined ? "" : ` (${entry.comment})`;
      const value = map[key];
      if (value === undefined || value === "") {
        problems.push({
          messageId: "missing",
          data: {
            what,
            key,
            kind: rule.kind === "alert" ? "alert" : "recording rule",
            name: rule.name,
            comment,
          },
          field: `${what}s`,
        });
        continue;
      }
      if (entry.value !== undefined && !anchored(entry.value).test(value))
        problems.push({
          messageId: "badValue",
          data: {
            what,
            key,
            pattern: JSON.stringify(entry.value),
            value: JSON.stringify(value),
            comment,
          },
          field: `${what}s.${key}`,
        });
    }
    return problems;
  },
};
