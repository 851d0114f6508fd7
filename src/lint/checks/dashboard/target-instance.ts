import { sample, mainTarget } from "../../dashboard/fixtures.ts";
import { checkScopeMatcher } from "../../dashboard/target-scope.ts";
import type { DashboardCheck } from "../../check.ts";

export const targetInstance: DashboardCheck = {
  id: "dashboard/target-instance",
  target: "dashboard",
  severity: "error",
  docs: 'Every selector of a scraped series filters on the instance variable.\n\nWhy: the instance variable must narrow every panel, or drilling down to one instance still shows all of them. Every selector of a scraped series needs instance=~"$instance".',
  good: [sample()],
  bad: [
    sample((d) => {
      mainTarget(d).expr = 'sum(rate(http_requests_total{job=~"$job"}[$__rate_interval]))';
    }),
  ],
  check({ dashboard }) {
    return checkScopeMatcher(dashboard, "instance");
  },
};
