import { sample, mainTarget } from "../../dashboard/fixtures.ts";
import { checkScopeMatcher, SCOPE_MATCHER_MESSAGES } from "../../dashboard/target-scope.ts";
import type { DashboardCheck } from "../../check.ts";

export const targetInstance: DashboardCheck<keyof typeof SCOPE_MATCHER_MESSAGES> = {
  id: "dashboard/target-instance",
  target: "dashboard",
  reportOrder: 16,
  severity: "error",
  docs: 'Every selector of a scraped series filters on the instance variable.\n\nWhy: the instance variable must narrow every panel, or drilling down to one instance still shows all of them. Every selector of a scraped series needs instance=~"$instance".',
  good: [sample()],
  bad: [
    sample((d) => {
      mainTarget(d).expr = 'sum(rate(http_requests_total{job=~"$job"}[$__rate_interval]))';
    }),
  ],
  messages: SCOPE_MATCHER_MESSAGES,
  check({ dashboard }) {
    return checkScopeMatcher(dashboard, "instance");
  },
};
