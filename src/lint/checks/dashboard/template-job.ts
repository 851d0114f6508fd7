import { sample, variable } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import { checkScopeVariable, SCOPE_VARIABLE_MESSAGES } from "../../dashboard/template-scope.ts";
import type { DashboardCheck } from "../../check.ts";

export const templateJob: DashboardCheck<keyof typeof SCOPE_VARIABLE_MESSAGES> = {
  id: "dashboard/template-job",
  target: "dashboard",
  reportOrder: 2,
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
    sample((d) => {
      Object.assign(variable(d, "job"), {
        type: "custom",
        label: "job",
        datasource: { type: "prometheus", uid: "P1809F7CD0C75ACF3" },
        allValue: ".*",
      });
    }),
  ],
  messages: SCOPE_VARIABLE_MESSAGES,
  check({ dashboard }) {
    return checkScopeVariable(readDashboard(dashboard), "job");
  },
};
