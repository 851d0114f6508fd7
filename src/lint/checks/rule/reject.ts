import { z } from "zod";
import type { CheckProblem, LintedRule, RuleCheck } from "../../check.ts";
import { anchored, regexSchema } from "../../options.ts";

const rejectRule = z.strictObject({
  /** A regex (anchored) for what is not allowed. */
  pattern: regexSchema,
  labelKeys: z.boolean().default(false),
  labelValues: z.boolean().default(false),
  annotationKeys: z.boolean().default(false),
  annotationValues: z.boolean().default(false),
  kind: z.enum(["alert", "record"]).optional(),
  comment: z.string().optional(),
});

const optionsSchema = z.strictObject({ reject: z.array(rejectRule).default([]) });
type Options = z.infer<typeof optionsSchema>;

type Where = "label key" | "label value" | "annotation key" | "annotation value";

export const reject: RuleCheck<"rejected", Options> = {
  id: "rule/reject",
  target: "rule",
  severity: "error",
  docs: `Rules have no label or annotation key or value your conventions forbid (configurable; off until configured).

Why (pint's rule/reject): some things must never reach Alertmanager or the
series a recording rule writes: a URL as a label value makes a new series
per link, a space in a key breaks templates, a \`team\` label set by hand
fights the one routing adds. Each entry is a regex, anchored at both ends,
and where it applies:

\`\`\`json
{ "lint": { "rules": { "rule/reject": ["error", { "reject": [
  { "pattern": "https?://.+", "labelKeys": true, "labelValues": true },
  { "pattern": ".* +.*", "labelKeys": true, "annotationKeys": true, "comment": "no spaces in keys" }
] }] } } }
\`\`\`

\`kind\` (\`alert\` or \`record\`) limits an entry to one kind of rule;
annotations exist on alerts only. The samples run with the first entry above.
\`rule/require\` is the other half: keys that must be there.`,
  options: {
    schema: optionsSchema,
    defaults: { reject: [] },
    sample: {
      reject: [
        {
          pattern: "https?://.+",
          labelKeys: true,
          labelValues: true,
          annotationKeys: false,
          annotationValues: false,
        },
      ],
    },
  },
  good: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nlabels:\n  tier: frontend\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  bad: [
    'alert: TargetDown\nexpr: up{job="api"} == 0\nfor: 5m\nseverity: page\nlabels:\n  dashboard: https://grafana.example.com/d/api\nannotations:\n  summary: API target down\n  runbookUrl: https://runbooks.example.com/down\n',
  ],
  messages: {
    rejected: "expected no {{where}} matching {{pattern}}, got {{value}}{{comment}}",
  },
  check({ rule, options }) {
    const entries = options?.reject ?? [];
    const problems: CheckProblem<"rejected">[] = [];
    for (const entry of entries) {
      if (entry.kind !== undefined && entry.kind !== rule.kind) continue;
      const re = anchored(entry.pattern);
      const report = (where: Where, value: string, field: string) =>
        problems.push({
          messageId: "rejected",
          data: {
            where,
            pattern: JSON.stringify(entry.pattern),
            value: JSON.stringify(value),
            comment: entry.comment === undefined ? "" : ` (${entry.comment})`,
          },
          field,
        });
      for (const [map, keys, values, base] of sections(rule, entry)) {
        for (const [k, v] of Object.entries(map)) {
          if (keys && re.test(k)) report(`${base} key` as Where, k, `${base}s.${k}`);
          if (values && re.test(v)) report(`${base} value` as Where, v, `${base}s.${k}`);
        }
      }
    }
    return problems;
  },
};

function sections(
  rule: LintedRule,
  e: z.infer<typeof rejectRule>,
): [Readonly<Record<string, string>>, boolean, boolean, "label" | "annotation"][] {
  return [
    [rule.labels, e.labelKeys, e.labelValues, "label"],
    [rule.annotations, e.annotationKeys, e.annotationValues, "annotation"],
  ];
}
