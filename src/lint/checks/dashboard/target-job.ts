import { sample, mainTarget } from "../../dashboard/fixtures.ts";
import { checkScopeMatcher, SCOPE_MATCHER_MESSAGES } from "../../dashboard/target-scope.ts";
import type { DashboardCheck } from "../../check.ts";

export const targetJob: DashboardCheck<keyof typeof SCOPE_MATCHER_MESSAGES> = {
  id: "dashboard/target-job",
  target: "dashboard",
  reportOrder: 15,
  severity: "error",
  docs: 'Every selector of a scraped series filters on the job variable.\n\nWhy: a job variable that a query ignores silently shows every job\'s data under the chosen one. Every selector of a scraped series needs job=~"$job" (recorded series and ALERTS are exempt).',
  good: [sample()],
  bad: [
    sample((d) => {
      mainTarget(d).expr =
        'sum(rate(http_requests_total{instance=~"$instance"}[$__rate_interval]))';
    }),
    sample((d) => {
      mainTarget(d).expr =
        'sum(rate(http_requests_total{job="api", instance=~"$instance"}[$__rate_interval]))';
    }),
  ],
  messages: SCOPE_MATCHER_MESSAGES,
  check({ dashboard }) {
    return checkScopeMatcher(dashboard, "job");
  },
};
