import { sample, variable } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import { checkScopeVariable } from "../../dashboard/template-scope.ts";
import type { DashboardCheck } from "../../check.ts";

export const templateJob: DashboardCheck = {
  id: "dashboard/template-job",
  target: "dashboard",
  severity: "error",
  docs: 'Dashboards of scraped series have a job variable, set up by convention.\n\nWhy: a Prometheus dashboard of scraped series should let the reader choose the job, through a multi-select query variable `job` (label "Job", "All" = `.+`, querying the datasource variable), so the same dashboard serves every deployment. Dashboards of recorded series only (SLOs) are exempt.',
  good: [
    sample(),
    sample((d) => {
      (d.panels as { targets?: { expr: string }[] }[])[1]!.targets![0]!.expr =
        "sum(job:http_requests:rate5m)";
      (d.templating as { list: unknown[] }).list.splice(1, 2);
    }),
  ],
  bad: [
    sample((d) => {
      (d.templating as { list: unknown[] }).list.splice(1, 1);
    }),
    sample((d) => {
      variable(d, "job").multi = false;
    }),
  ],
  check({ dashboard }) {
    return checkScopeVariable(readDashboard(dashboard), "job");
  },
};
