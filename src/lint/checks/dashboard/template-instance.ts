import { sample, variable } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import { checkScopeVariable } from "../../dashboard/template-scope.ts";
import type { DashboardCheck } from "../../check.ts";

export const templateInstance: DashboardCheck = {
  id: "dashboard/template-instance",
  target: "dashboard",
  severity: "error",
  docs: 'Dashboards of scraped series have an instance variable, set up by convention.\n\nWhy: drilling down to one instance is the first step of most investigations; a multi-select query variable `instance` (label "Instance", "All" = `.+`) makes it one click. Dashboards of recorded series only are exempt.',
  good: [sample()],
  bad: [
    sample((d) => {
      (d.templating as { list: unknown[] }).list.splice(2, 1);
    }),
    sample((d) => {
      variable(d, "instance").allValue = ".*";
    }),
  ],
  check({ dashboard }) {
    return checkScopeVariable(readDashboard(dashboard), "instance");
  },
};
