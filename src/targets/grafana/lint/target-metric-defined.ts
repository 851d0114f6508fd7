import { fixture, mainTarget } from "./fixtures.ts";
import { metricName, nodes, parsedTarget, readDashboard, where } from "./read.ts";
import type { DashboardFinding, DashboardLintRule } from "./types.ts";

export const targetMetricDefined: DashboardLintRule = {
  id: "dashboard/target-metric-defined",
  severity: "warning",
  docs: 'Why: a panel querying a metric that no catalogue entry, recording rule or Prometheus itself defines shows "No data" forever, usually because of a typo or a renamed metric. Add the metric to the service\'s catalogue, or fix the name.',
  good: [fixture()],
  bad: [
    fixture((d) => {
      mainTarget(d).expr =
        'sum(rate(http_request_total{job=~"$job", instance=~"$instance"}[$__rate_interval]))';
    }),
  ],
  check(dashboard, context) {
    const known = context?.knownMetrics;
    if (known === undefined) return [];
    const out: DashboardFinding[] = [];
    for (const panel of readDashboard(dashboard).panels) {
      for (const target of panel.targets) {
        if (target.language !== "promql") continue;
        const parsed = parsedTarget(target);
        if (parsed === undefined || parsed.errors.length > 0) continue;
        const missing = new Set<string>();
        for (const selector of nodes(parsed, "VectorSelector")) {
          const name = metricName(parsed, selector);
          // Names made of variables ($metric) are only known when the dashboard runs.
          if (name === undefined || name.startsWith("__var_") || known.has(name)) continue;
          missing.add(name);
        }
        for (const name of missing) {
          out.push({
            rule: this.id,
            severity: "warning",
            path: [...target.path, "expr"],
            message: `${where(panel, target)}: expected a metric the estate defines, got ${name} (not in any catalogue or recording rule)`,
          });
        }
      }
    }
    return out;
  },
};
