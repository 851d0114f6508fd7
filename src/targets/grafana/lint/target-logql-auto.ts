import { variableAt } from "../query-parse.ts";
import { fixture, mainTarget } from "./fixtures.ts";
import { nodes, parsedTarget, readDashboard, text, where } from "./read.ts";
import type { DashboardFinding, DashboardLintRule } from "./types.ts";

export const targetLogqlAuto: DashboardLintRule = {
  id: "dashboard/target-logql-auto",
  severity: "error",
  docs: "Why: a fixed range such as [5m] in a Loki metric query either skips lines (when the step is larger) or scans them many times (when smaller) as the time range changes. `[$__auto]` lets Grafana match the range to the step.",
  good: [fixture(undefined, "loki")],
  bad: [
    fixture((d) => {
      mainTarget(d).expr = 'sum(count_over_time({app="shop"} |= "error" [5m]))';
    }, "loki"),
  ],
  check(dashboard) {
    const out: DashboardFinding[] = [];
    for (const panel of readDashboard(dashboard).panels) {
      for (const target of panel.targets) {
        if (target.language !== "logql" || target.hide) continue;
        const parsed = parsedTarget(target);
        if (parsed === undefined || parsed.errors.length > 0) continue;
        for (const range of nodes(parsed, "Range")) {
          const duration = range.getChild("Duration");
          if (
            duration === null ||
            variableAt(parsed.expansion, duration.from, duration.to) === "__auto"
          )
            continue;
          const original = variableAt(parsed.expansion, duration.from, duration.to);
          out.push({
            rule: this.id,
            severity: "error",
            path: [...target.path, "expr"],
            message: `${where(panel, target)}: expected the range [$__auto], got [${original === undefined ? text(parsed, duration) : `$${original}`}]`,
          });
        }
      }
    }
    return out;
  },
};
