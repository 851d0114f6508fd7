import { fixture, mainTarget } from "./fixtures.ts";
import { parsedTarget, readDashboard, where } from "./read.ts";
import type { DashboardFinding, DashboardLintRule } from "./types.ts";

export const targetPromql: DashboardLintRule = {
  id: "dashboard/target-promql",
  severity: "error",
  docs: "Why: a query Prometheus cannot parse shows an error box instead of a graph. Every Prometheus target is parsed with the official grammar after Grafana variables ($job, $__rate_interval) are replaced as Grafana would.",
  good: [fixture()],
  bad: [
    fixture((d) => {
      mainTarget(d).expr = 'sum(rate(http_requests_total{job=~"$job"}[$__rate_interval])';
    }),
  ],
  check(dashboard) {
    const out: DashboardFinding[] = [];
    for (const panel of readDashboard(dashboard).panels) {
      for (const target of panel.targets) {
        if (target.language !== "promql") continue;
        const first = parsedTarget(target)?.errors[0];
        if (first === undefined) continue;
        out.push({
          rule: this.id,
          severity: "error",
          path: [...target.path, "expr"],
          message: `${where(panel, target)}: expected valid PromQL, got ${first.message} at column ${first.column}`,
        });
      }
    }
    return out;
  },
};
