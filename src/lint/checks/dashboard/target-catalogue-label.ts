import { describeUnknownLabel, unknownSelectorLabels } from "../../../promql/selector-labels.ts";
import { originalOffset } from "../../../targets/grafana/query-parse.ts";
import { mainTarget, sample } from "../../dashboard/fixtures.ts";
import { promqlTargets, where } from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

export const targetCatalogueLabel: DashboardCheck<"unknownLabel"> = {
  id: "dashboard/target-catalogue-label",
  target: "dashboard",
  reportOrder: 21,
  severity: "error",
  docs: 'Prometheus targets select catalogued metrics only by labels their catalogue entry lists.\n\nWhy: a panel filtering on a label the series does not carry (`http_status_code` for `http_response_status_code`, `jbo` for `job`) shows "No data", which reads as "no errors". The rule is `promql/catalogue-label` applied to dashboard targets: labels of the metric\'s catalogue entry (`le` on `_bucket`, `quantile` on summaries), `job`, `instance`, `__name__` and config `lint.targetLabels` are allowed; metrics no service catalogues are not checked. The finding suggests the nearest label.',
  good: [sample()],
  bad: [
    sample((d) => {
      mainTarget(d).expr =
        'sum by (job) (rate(http_requests_total{job=~"$job", instance=~"$instance", status="500"}[$__rate_interval]))';
    }),
  ],
  messages: {
    unknownLabel:
      "{{where}}: expected a label the catalogue lists for {{metric}} ({{known}}), got {{got}}",
  },
  check({ dashboard, seriesLabels }) {
    if (seriesLabels === undefined) return [];
    const out: CheckProblem<"unknownLabel">[] = [];
    for (const { panel, target, parsed } of promqlTargets(dashboard)) {
      const { expansion } = parsed;
      for (const u of unknownSelectorLabels(expansion.text, parsed.tree, seriesLabels)) {
        const from = originalOffset(expansion, u.from);
        out.push({
          path: [...target.path, "expr"],
          messageId: "unknownLabel",
          data: {
            where: where(panel, target),
            metric: u.metric,
            known: u.known.join(", "),
            got: describeUnknownLabel(u),
          },
          span: { from, to: Math.max(from, originalOffset(expansion, u.to)) },
        });
      }
    }
    return out;
  },
};
