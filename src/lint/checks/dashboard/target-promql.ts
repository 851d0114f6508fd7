import { invalidQueryText } from "../../../core/query-error.ts";
import { sample, mainTarget } from "../../dashboard/fixtures.ts";
import { parsedTarget, readDashboard, where } from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

export const targetPromql: DashboardCheck<"invalidPromql"> = {
  id: "dashboard/target-promql",
  target: "dashboard",
  reportOrder: 10,
  severity: "error",
  docs: "Prometheus targets are valid PromQL.\n\nWhy: a query Prometheus cannot parse shows an error box instead of a graph. Every Prometheus target is parsed with the official grammar and type-checked as Prometheus does (`sum(x[5m])`, `rate(x)` are errors) after Grafana variables ($job, $__rate_interval) are replaced as Grafana would; a type error around a variable that may stand for any expression is not reported, and `#` comments are skipped.",
  good: [sample()],
  bad: [
    sample((d) => {
      mainTarget(d).expr = 'sum(rate(http_requests_total{job=~"$job"}[$__rate_interval])';
    }),
    sample((d) => {
      mainTarget(d).expr =
        'sum(http_requests_total{job=~"$job", instance=~"$instance"}[$__rate_interval])';
    }),
  ],
  messages: {
    invalidPromql: `{{where}}: ${invalidQueryText("PromQL", "{{error}}")}`,
  },
  check({ dashboard }) {
    const out: CheckProblem<"invalidPromql">[] = [];
    for (const panel of readDashboard(dashboard).panels) {
      for (const target of panel.targets) {
        if (target.language !== "promql") continue;
        const first = parsedTarget(target)?.errors[0];
        if (first === undefined) continue;
        out.push({
          path: [...target.path, "expr"],
          messageId: "invalidPromql",
          data: { where: where(panel, target), error: first.message },
          span: { from: first.offset, to: first.offset },
        });
      }
    }
    return out;
  },
};
