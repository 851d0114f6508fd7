import { sample, mainTarget } from "../../dashboard/fixtures.ts";
import { metricName, nodes, promqlTargets, where } from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

export const targetMetricDefined: DashboardCheck<"undefinedMetric"> = {
  id: "dashboard/target-metric-defined",
  target: "dashboard",
  reportOrder: 20,
  severity: "warning",
  docs: 'Prometheus targets query metrics the estate defines.\n\nWhy: a panel querying a metric that no catalogue entry, recording rule or Prometheus itself defines shows "No data" forever, usually because of a typo or a renamed metric. Add the metric to the service\'s catalogue, or fix the name.',
  good: [sample()],
  bad: [
    sample((d) => {
      mainTarget(d).expr =
        'sum(rate(http_request_total{job=~"$job", instance=~"$instance"}[$__rate_interval]))';
    }),
  ],
  messages: {
    undefinedMetric:
      "{{where}}: expected a metric the estate defines, got {{name}} (not in any catalogue or recording rule)",
  },
  check({ dashboard, isKnownMetric }) {
    if (isKnownMetric === undefined) return [];
    const out: CheckProblem<"undefinedMetric">[] = [];
    for (const { panel, target, parsed } of promqlTargets(dashboard)) {
      const missing = new Set<string>();
      for (const selector of nodes(parsed, "VectorSelector")) {
        const name = metricName(parsed, selector);
        // Names made of variables ($metric) are only known when the dashboard runs.
        if (name === undefined || name.startsWith("__var_") || isKnownMetric(name)) continue;
        missing.add(name);
      }
      for (const name of missing) {
        out.push({
          path: [...target.path, "expr"],
          messageId: "undefinedMetric",
          data: { where: where(panel, target), name },
        });
      }
    }
    return out;
  },
};
