import { sample, variable } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import { checkScopeVariable, SCOPE_VARIABLE_MESSAGES } from "../../dashboard/template-scope.ts";
import type { DashboardCheck } from "../../check.ts";

export const templateInstance: DashboardCheck<keyof typeof SCOPE_VARIABLE_MESSAGES> = {
  id: "dashboard/template-instance",
  target: "dashboard",
  reportOrder: 3,
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
    sample((d) => {
      Object.assign(variable(d, "instance"), {
        type: "custom",
        label: "instance",
        datasource: { type: "prometheus", uid: "P1809F7CD0C75ACF3" },
        multi: false,
      });
    }),
  ],
  messages: SCOPE_VARIABLE_MESSAGES,
  check({ dashboard }) {
    return checkScopeVariable(readDashboard(dashboard), "instance");
  },
};
