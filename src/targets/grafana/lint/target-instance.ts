import { fixture, mainTarget } from "./fixtures.ts";
import { checkScopeMatcher } from "./target-scope.ts";
import type { DashboardLintRule } from "./types.ts";

export const targetInstance: DashboardLintRule = {
  id: "dashboard/target-instance",
  severity: "error",
  docs: 'Why: the instance variable must narrow every panel, or drilling down to one instance still shows all of them. Every selector of a scraped series needs instance=~"$instance".',
  good: [fixture()],
  bad: [
    fixture((d) => {
      mainTarget(d).expr = 'sum(rate(http_requests_total{job=~"$job"}[$__rate_interval]))';
    }),
  ],
  check(dashboard) {
    return checkScopeMatcher(dashboard, this.id, "instance");
  },
};
