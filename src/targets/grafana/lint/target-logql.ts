import { fixture, mainTarget } from "./fixtures.ts";
import { parsedTarget, readDashboard, where } from "./read.ts";
import type { DashboardFinding, DashboardLintRule } from "./types.ts";

export const targetLogql: DashboardLintRule = {
  id: "dashboard/target-logql",
  severity: "error",
  docs: "Why: a LogQL query Loki cannot parse shows an error instead of logs. Every Loki target is parsed with Grafana's LogQL grammar (@grafana/lezer-logql) after variables are replaced.",
  good: [fixture(undefined, "loki")],
  bad: [
    fixture((d) => {
      mainTarget(d).expr = 'sum(count_over_time({app="shop" |= "error" [$__auto]))';
    }, "loki"),
  ],
  check(dashboard) {
    const out: DashboardFinding[] = [];
    for (const panel of readDashboard(dashboard).panels) {
      for (const target of panel.targets) {
        if (target.language !== "logql") continue;
        const first = parsedTarget(target)?.errors[0];
        if (first === undefined) continue;
        out.push({
          rule: this.id,
          severity: "error",
          path: [...target.path, "expr"],
          message: `${where(panel, target)}: expected valid LogQL, got ${first.message} at column ${first.column}`,
        });
      }
    }
    return out;
  },
};
