import { oncePerQuery } from "../../promql/tree-facts.ts";
import { describeUnknownLabel, unknownSelectorLabels } from "../../../promql/selector-labels.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

export const catalogueLabel: RuleCheck<"unknownLabel"> = {
  id: "promql/catalogue-label",
  target: "rule",
  severity: "error",
  docs: `A selector on a catalogued metric uses only labels its catalogue entry lists.

Why: a label the series does not carry (\`http_status_code\` where the
OpenTelemetry name is \`http_response_status_code\`, \`jbo\` for \`job\`) makes
the selector match nothing: the recording rule records nothing and the
alert can never fire, and nobody notices until the outage. When a service
catalogues a metric, its \`labels\` are the whole list; a histogram's
\`_bucket\`, \`_count\` and \`_sum\` series carry the same labels (\`le\` on
buckets), a summary adds \`quantile\`. Always allowed: \`job\` and \`instance\`
(the scrape adds them), \`__name__\`, and the target labels of config
\`lint.targetLabels\`. Metrics no service catalogues are not checked.

The same check is a build error for SLI queries (\`model/catalogue-label\`),
since the SLO rules are generated from them. Fix the label (the finding
suggests the nearest one), or add it to the metric's \`labels\`.`,
  good: [
    'sum by (code) (rate(http_requests_total{job="api", code=~"5.."}[5m])) > 1',
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{route="/"}[5m]))) > 1',
  ],
  bad: [
    'sum(rate(http_requests_total{status_code=~"5.."}[5m])) > 1',
    'sum(rate(http_request_duration_seconds_count{jbo="api"}[5m])) > 1',
  ],
  messages: {
    unknownLabel: "expected a label the catalogue lists for {{metric}} ({{known}}), got {{got}}",
  },
  // Depends on the query and the catalogue only.
  check: oncePerQuery(({ rule, catalogue }) => {
    if (!rule.syntaxOk) return [];
    const problems: CheckProblem<"unknownLabel">[] = [];
    for (const u of unknownSelectorLabels(rule.expr, rule.tree, (name) =>
      catalogue.seriesLabels.get(name),
    )) {
      problems.push({
        messageId: "unknownLabel",
        data: { metric: u.metric, known: u.known.join(", "), got: describeUnknownLabel(u) },
        span: { from: u.from, to: u.to },
      });
    }
    return problems;
  }),
};
