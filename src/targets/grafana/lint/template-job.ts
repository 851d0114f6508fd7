import { fixture, variable } from "./fixtures.ts";
import { readDashboard } from "./read.ts";
import { checkScopeVariable } from "./template-scope.ts";
import type { DashboardLintRule } from "./types.ts";

export const templateJob: DashboardLintRule = {
  id: "dashboard/template-job",
  severity: "error",
  docs: 'Why: a Prometheus dashboard of scraped series should let the reader choose the job, through a multi-select query variable `job` (label "Job", "All" = `.+`, querying the datasource variable), so the same dashboard serves every deployment. Dashboards of recorded series only (SLOs) are exempt.',
  good: [
    fixture(),
    fixture((d) => {
      (d.panels as { targets?: { expr: string }[] }[])[1]!.targets![0]!.expr =
        "sum(job:http_requests:rate5m)";
      (d.templating as { list: unknown[] }).list.splice(1, 2);
    }),
  ],
  bad: [
    fixture((d) => {
      (d.templating as { list: unknown[] }).list.splice(1, 1);
    }),
    fixture((d) => {
      variable(d, "job").multi = false;
    }),
  ],
  check(dashboard) {
    return checkScopeVariable(readDashboard(dashboard), this.id, "job");
  },
};
