import type { SyntaxNode } from "@lezer/common";
import { z } from "zod";
import { LABEL_NAME_RE } from "../../../core/names.ts";
import { aggregateModifier } from "../../../promql/analyse.ts";
import { findNodes } from "../../../promql/parse.ts";
import type { CheckProblem, LintedRule, RuleCheck } from "../../check.ts";
import { anchored, regexSchema } from "../../options.ts";
import {
  createLabelEnv,
  dropperOf,
  inferLabels,
  type LabelEnv,
  lacksLabel,
} from "../../promql/labels.ts";

const labelName = z
  .string()
  .regex(LABEL_NAME_RE, { error: "expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*" });

const aggregateRule = z
  .strictObject({
    /** Rule names (alert or record) this applies to, anchored as pint anchors its pattern; default every rule. */
    name: regexSchema.default(".+"),
    /** Only rules of this kind. */
    kind: z.enum(["alert", "record"]).optional(),
    /** Labels every aggregation of the query must keep. */
    keep: z.array(labelName).default([]),
    /** Labels the query's outermost aggregations must remove. */
    strip: z.array(labelName).default([]),
    /** Said after the message: why. */
    comment: z.string().optional(),
  })
  .refine((r) => r.keep.length > 0 || r.strip.length > 0, {
    error: "expected labels to keep or strip, got neither",
  });

const optionsSchema = z.strictObject({ aggregate: z.array(aggregateRule).default([]) });
type Options = z.infer<typeof optionsSchema>;

export const aggregate: RuleCheck<"notKept" | "notStripped", Options> = {
  id: "promql/aggregate",
  target: "rule",
  severity: "warning",
  docs: `Aggregations keep, or strip, the labels your conventions say, per rule name (configurable; off until configured).

Why (pint's promql/aggregate): a recording rule \`job:http_requests:rate5m\`
whose \`sum by (route)\` forgets \`job\` writes series no one can join back
to a scrape job; one feeding federation that keeps \`instance\` ships a series
per pod. Each entry names the rules (a regex on the alert or record name,
anchored at both ends; \`kind\` limits it to alerts or recording rules) and the
labels they \`keep\` or \`strip\`:

\`\`\`json
{ "lint": { "rules": { "promql/aggregate": ["warning", { "aggregate": [
  { "name": "job:.+", "kind": "record", "keep": ["job"],
    "comment": "job:* series link back to their scrape job" },
  { "name": "federate:.+", "strip": ["instance", "pod"] }
] }] } } }
\`\`\`

\`keep\`: no aggregation or one-to-one \`on()\`/\`ignoring()\` match on the way
to the result may remove the label (\`by\` without it, \`without\` with it, no
grouping at all). \`strip\`: the outermost aggregation must remove it; a query
with no aggregation is not checked. Labels the query cannot have (the metric
catalogue says so) and labels the rule sets itself are left alone, as pint
leaves them. Templates that read a dropped label are
\`alert/aggregation-drops-label\`'s. The samples run with \`keep: ["job"]\`
for every rule and \`strip: ["instance"]\` for \`federate:.+\`.`,
  options: {
    schema: optionsSchema,
    defaults: { aggregate: [] },
    sample: {
      aggregate: [
        { name: ".+", keep: ["job"], strip: [], comment: "series link back to their scrape job" },
        { name: "federate:.+", keep: [], strip: ["instance"] },
      ],
    },
  },
  good: [
    "record: job:http_requests:rate5m\nexpr: sum by (job, route) (rate(http_requests_total[5m]))\n",
    "record: job:http_requests:rate5m\nexpr: sum without (instance) (rate(http_requests_total[5m]))\n",
    "record: federate:http_requests:rate5m\nexpr: sum by (job) (rate(http_requests_total[5m]))\n",
  ],
  bad: [
    "record: job:http_requests:rate5m\nexpr: sum by (route) (rate(http_requests_total[5m]))\n",
    "record: job:http_requests:rate5m\nexpr: sum by (job) (sum without (job) (rate(http_requests_total[5m])))\n",
    "record: federate:http_requests:rate5m\nexpr: sum without (route) (rate(http_requests_total[5m]))\n",
  ],
  messages: {
    notKept:
      "expected label {{label}} kept by the aggregations of rules matching {{pattern}}, got {{dropper}}, which drops it{{comment}}",
    notStripped:
      "expected label {{label}} stripped by the outermost aggregation of rules matching {{pattern}}, got {{agg}}, which keeps it{{comment}}",
  },
  check({ rule, options, catalogue }) {
    const entries = (options?.aggregate ?? []).filter(
      (e) => (e.kind === undefined || e.kind === rule.kind) && anchored(e.name).test(rule.name),
    );
    if (entries.length === 0 || !rule.syntaxOk) return [];
    const problems: CheckProblem<"notKept" | "notStripped">[] = [];
    const env = createLabelEnv(catalogue);
    for (const entry of entries) {
      const data = (label: string) => ({
        label,
        pattern: JSON.stringify(entry.name),
        comment: entry.comment === undefined ? "" : ` (${entry.comment})`,
      });
      for (const label of entry.keep.filter((l) => !Object.hasOwn(rule.labels, l))) {
        const dropper = droppedBy(rule, label, env);
        if (dropper !== undefined)
          problems.push({
            messageId: "notKept",
            data: { ...data(label), dropper: dropper.text },
            span: dropper,
          });
      }
      for (const label of entry.strip.filter((l) => !Object.hasOwn(rule.labels, l))) {
        const keeper = outermostKeeper(rule, label, env);
        if (keeper !== undefined)
          problems.push({
            messageId: "notStripped",
            data: { ...data(label), agg: aggregateModifier(rule.expr, keeper).text },
            span: { from: keeper.from, to: keeper.to },
          });
      }
    }
    return problems;
  },
};

/** The aggregation (or matching clause) that removes `label` from the result, if one does. */
function droppedBy(rule: LintedRule, label: string, env: LabelEnv) {
  const result = inferLabels(rule.expr, rule.tree.topNode, env);
  return lacksLabel(result, label) ? dropperOf(result, label) : undefined;
}

/**
 * The outermost aggregation whose result may still carry `label`: aggregations
 * inside another are the outer one's business, as pint stops at the first.
 */
function outermostKeeper(rule: LintedRule, label: string, env: LabelEnv): SyntaxNode | undefined {
  const aggregations = findNodes(rule.tree, "AggregateExpr");
  const outermost = aggregations.filter(
    (a) =>
      !aggregations.some((b) => b.from <= a.from && a.to <= b.to && b.to - b.from > a.to - a.from),
  );
  return outermost.find((a) => !lacksLabel(inferLabels(rule.expr, a, env), label));
}
