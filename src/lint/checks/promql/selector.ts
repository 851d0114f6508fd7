import { z } from "zod";
import { ancestors, callName, selectorInfo, vectorSelectors } from "../../../promql/analyse.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";
import { anchored, regexSchema as regex } from "../../options.ts";

const selectorRule = z.strictObject({
  /** Metric names this applies to (anchored, as Prometheus anchors regexes); default every metric. */
  metric: regex.default(".+"),
  /** Label names every matching selector must have a matcher for. */
  required: z.array(z.string().min(1)).min(1),
  /** Only selectors inside a call of a function or aggregation whose name matches (anchored). */
  call: regex.optional(),
  /** Only rules of this kind. */
  kind: z.enum(["alert", "record"]).optional(),
  /** Said after the message: why the label is required. */
  comment: z.string().optional(),
});

const optionsSchema = z.strictObject({ selectors: z.array(selectorRule).default([]) });
type Options = z.infer<typeof optionsSchema>;

export const selector: RuleCheck<"missingMatcher", Options> = {
  id: "promql/selector",
  target: "rule",
  generated: true,
  severity: "warning",
  docs: `Selectors carry the label matchers your conventions require (configurable; off until configured).

Why (pint's promql/selector): a query without \`job="…"\` reads every job's
series of that name, so an alert written for one service fires for another
that happens to export the same metric. List what is required in
\`obsforge.config.json\`, ESLint style:

\`\`\`json
{ "lint": { "rules": { "promql/selector": ["warning", { "selectors": [
  { "metric": ".+", "required": ["job"], "kind": "alert",
    "comment": "alerts are scoped to one scrape job" },
  { "call": "absent|absent_over_time", "metric": ".+", "required": ["job", "namespace"] }
] }] } } }
\`\`\`

\`metric\` and \`call\` are regexes anchored at both ends (default \`.+\`, any
call); a selector needs a matcher, of any operator, on every \`required\`
label. The samples run with \`required: ["job"]\` for every metric.`,
  options: {
    schema: optionsSchema,
    defaults: { selectors: [] },
    sample: { selectors: [{ metric: ".+", required: ["job"] }] },
  },
  good: ['sum(rate(http_requests_total{job="api", code=~"5.."}[5m])) > 1'],
  bad: ['sum(rate(http_requests_total{code=~"5.."}[5m])) > 1'],
  messages: {
    missingMatcher: "expected a matcher on {{label}} in {{selector}}, got none{{comment}}",
  },
  check({ rule, options }) {
    const rules = options?.selectors ?? [];
    if (rules.length === 0 || !rule.syntaxOk) return [];
    const problems: CheckProblem<"missingMatcher">[] = [];
    for (const node of vectorSelectors(rule.tree)) {
      const info = selectorInfo(rule.expr, node);
      const name = info.name ?? "";
      const labels = new Set(info.matchers.map((m) => m.label));
      for (const r of rules) {
        if (r.kind !== undefined && r.kind !== rule.kind) continue;
        if (!anchored(r.metric).test(name)) continue;
        if (r.call !== undefined) {
          const pattern = anchored(r.call);
          const calls = ancestors(node).filter(
            (a) => a.name === "FunctionCall" || a.name === "AggregateExpr",
          );
          if (!calls.some((c) => pattern.test(callName(rule.expr, c)))) continue;
        }
        for (const label of r.required) {
          if (labels.has(label)) continue;
          problems.push({
            messageId: "missingMatcher",
            data: {
              label,
              selector: rule.expr.slice(node.from, node.to),
              comment: r.comment === undefined ? "" : ` (${r.comment})`,
            },
            span: { from: node.from, to: node.to },
          });
        }
      }
    }
    return problems;
  },
};
