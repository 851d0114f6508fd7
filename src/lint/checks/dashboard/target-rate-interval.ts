import { variableAt } from "../../../targets/grafana/query-parse.ts";
import { sample, mainTarget } from "../../dashboard/fixtures.ts";
import { functionName, nodes, promqlTargets, text, where } from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

export const targetRateInterval: DashboardCheck<"notRateInterval"> = {
  id: "dashboard/target-rate-interval",
  target: "dashboard",
  reportOrder: 13,
  severity: "error",
  docs: "rate() and friends in panels use the [$__rate_interval] range.\n\nWhy: rate() needs at least two samples in its window; a fixed [5m] is too short for a long time range's step (gaps) and wasteful for a short one. `[$__rate_interval]` is at least four scrape intervals and follows the step.",
  good: [sample()],
  bad: [
    sample((d) => {
      mainTarget(d).expr = 'sum(rate(http_requests_total{job=~"$job", instance=~"$instance"}[5m]))';
    }),
    sample((d) => {
      mainTarget(d).expr =
        'sum(irate(http_requests_total{job=~"$job", instance=~"$instance"}[$__interval]))';
    }),
  ],
  messages: {
    notRateInterval: "{{where}}: expected {{fn}}(…[$__rate_interval]), got [{{range}}]",
  },
  check({ dashboard }) {
    const out: CheckProblem<"notRateInterval">[] = [];
    for (const { panel, target, parsed } of promqlTargets(dashboard)) {
      for (const call of nodes(parsed, "FunctionCall")) {
        const fn = functionName(parsed, call);
        if (fn !== "rate" && fn !== "irate") continue;
        const matrix = call.getChild("FunctionCallBody")?.getChild("MatrixSelector");
        const range = matrix?.getChild("DurationExpr");
        if (range === undefined || range === null) continue;
        const variable = variableAt(parsed.expansion, range.from, range.to);
        if (variable === "__rate_interval") continue;
        out.push({
          path: [...target.path, "expr"],
          messageId: "notRateInterval",
          data: {
            where: where(panel, target),
            fn,
            range: variable === undefined ? text(parsed, range) : `$${variable}`,
          },
        });
      }
    }
    return out;
  },
};
