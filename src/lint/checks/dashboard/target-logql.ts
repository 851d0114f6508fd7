import { invalidQueryText } from "../../../core/query-error.ts";
import { sample, mainTarget } from "../../dashboard/fixtures.ts";
import { parsedTarget, readDashboard, where } from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

export const targetLogql: DashboardCheck<"invalidLogql"> = {
  id: "dashboard/target-logql",
  target: "dashboard",
  reportOrder: 11,
  severity: "error",
  docs: "Loki targets are valid LogQL.\n\nWhy: a LogQL query Loki cannot parse shows an error instead of logs. Every Loki target is parsed with Grafana's LogQL grammar (@grafana/lezer-logql) after variables are replaced.",
  good: [sample(undefined, "loki")],
  bad: [
    sample((d) => {
      mainTarget(d).expr = 'sum(count_over_time({app="shop" |= "error" [$__auto]))';
    }, "loki"),
  ],
  messages: {
    invalidLogql: `{{where}}: ${invalidQueryText("LogQL", "{{error}}")}`,
  },
  check({ dashboard }) {
    const out: CheckProblem<"invalidLogql">[] = [];
    for (const panel of readDashboard(dashboard).panels) {
      for (const target of panel.targets) {
        if (target.language !== "logql") continue;
        const first = parsedTarget(target)?.errors[0];
        if (first === undefined) continue;
        out.push({
          path: [...target.path, "expr"],
          messageId: "invalidLogql",
          data: { where: where(panel, target), error: first.message },
          span: { from: first.offset, to: first.offset },
        });
      }
    }
    return out;
  },
};
