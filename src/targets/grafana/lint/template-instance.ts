import { fixture, variable } from "./fixtures.ts";
import { readDashboard } from "./read.ts";
import { checkScopeVariable } from "./template-scope.ts";
import type { DashboardLintRule } from "./types.ts";

export const templateInstance: DashboardLintRule = {
  id: "dashboard/template-instance",
  severity: "error",
  docs: 'Why: drilling down to one instance is the first step of most investigations; a multi-select query variable `instance` (label "Instance", "All" = `.+`) makes it one click. Dashboards of recorded series only are exempt.',
  good: [fixture()],
  bad: [
    fixture((d) => {
      (d.templating as { list: unknown[] }).list.splice(2, 1);
    }),
    fixture((d) => {
      variable(d, "instance").allValue = ".*";
    }),
  ],
  check(dashboard) {
    return checkScopeVariable(readDashboard(dashboard), this.id, "instance");
  },
};
