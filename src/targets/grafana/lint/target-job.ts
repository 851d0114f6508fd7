import { fixture, mainTarget } from "./fixtures.ts";
import { checkScopeMatcher } from "./target-scope.ts";
import type { DashboardLintRule } from "./types.ts";

export const targetJob: DashboardLintRule = {
  id: "dashboard/target-job",
  severity: "error",
  docs: 'Why: a job variable that a query ignores silently shows every job\'s data under the chosen one. Every selector of a scraped series needs job=~"$job" (recorded series and ALERTS are exempt).',
  good: [fixture()],
  bad: [
    fixture((d) => {
      mainTarget(d).expr =
        'sum(rate(http_requests_total{instance=~"$instance"}[$__rate_interval]))';
    }),
    fixture((d) => {
      mainTarget(d).expr =
        'sum(rate(http_requests_total{job="api", instance=~"$instance"}[$__rate_interval]))';
    }),
  ],
  check(dashboard) {
    return checkScopeMatcher(dashboard, this.id, "job");
  },
};
