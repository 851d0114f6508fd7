import { oncePerQuery, selectorsOf } from "../../promql/tree-facts.ts";
import { isKnownMetric } from "../../catalogue.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

export const undefinedMetric: RuleCheck<"undefinedMetric"> = {
  id: "promql/undefined-metric",
  target: "rule",
  generated: true,
  severity: "warning",
  docs: `Every metric a query names is in the catalogue, is written by a recording rule, or is one Prometheus writes itself.

Why: a typo in a metric name (\`http_request_total\`) gives a query that
returns nothing, and an alert that can never fire; nobody notices until the
outage. pint's \`promql/series\` finds these against a live Prometheus;
obsforge checks the estate's own catalogue (histogram and summary families
expand to \`_bucket\`, \`_sum\` and \`_count\`), its recording rules, Prometheus's
\`up\`, \`scrape_*\`, \`ALERTS\` and \`target_info\`, and config
\`lint.knownMetrics\` (names or \`prefix*\` for exporters you do not catalogue).
A warning: the metric may come from outside the estate.`,
  good: ["sum(rate(http_requests_total[5m])) > 0", 'up{job="api"} == 0'],
  bad: ["sum(rate(http_request_total[5m])) > 0"],
  messages: {
    undefinedMetric: "expected a metric from the catalogue or a recording rule, got {{name}}",
  },
  // Depends on the query and the catalogue only.
  check: oncePerQuery(({ rule, catalogue }) => {
    if (!rule.syntaxOk) return [];
    const problems: CheckProblem<"undefinedMetric">[] = [];
    const seen = new Set<string>();
    for (const { node: selector, info } of selectorsOf(rule.expr, rule.tree)) {
      const name = info.name;
      if (name === undefined || seen.has(name) || isKnownMetric(catalogue, name)) continue;
      seen.add(name);
      problems.push({
        messageId: "undefinedMetric",
        data: { name },
        span: { from: selector.from, to: selector.getChild("Identifier")?.to ?? selector.to },
      });
    }
    return problems;
  }),
};
