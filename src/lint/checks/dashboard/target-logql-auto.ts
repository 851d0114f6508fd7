import { variableAt } from "../../../targets/grafana/query-parse.ts";
import { sample, mainTarget } from "../../dashboard/fixtures.ts";
import { nodes, parsedTarget, readDashboard, text, where } from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

export const targetLogqlAuto: DashboardCheck<"notAuto"> = {
  id: "dashboard/target-logql-auto",
  target: "dashboard",
  reportOrder: 12,
  severity: "error",
  docs: "Loki metric queries use the [$__auto] range.\n\nWhy: a fixed range such as [5m] in a Loki metric query either skips lines (when the step is larger) or scans them many times (when smaller) as the time range changes. `[$__auto]` lets Grafana match the range to the step.",
  good: [sample(undefined, "loki")],
  bad: [
    sample((d) => {
      mainTarget(d).expr = 'sum(count_over_time({app="shop"} |= "error" [5m]))';
    }, "loki"),
  ],
  messages: {
    notAuto: "{{where}}: expected the range [$__auto], got [{{range}}]",
  },
  check({ dashboard }) {
    const out: CheckProblem<"notAuto">[] = [];
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
            path: [...target.path, "expr"],
            messageId: "notAuto",
            data: {
              where: where(panel, target),
              range: original === undefined ? text(parsed, duration) : `$${original}`,
            },
          });
        }
      }
    }
    return out;
  },
};
