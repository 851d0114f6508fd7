import { sample, variable } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import type { DashboardCheck } from "../../check.ts";

export const templateOnTimeChangeReload: DashboardCheck = {
  id: "dashboard/template-on-time-change-reload",
  target: "dashboard",
  severity: "error",
  docs: "Query variables refresh when the time range changes.\n\nWhy: a query variable refreshed only on load lists the label values of when the dashboard was opened; after zooming to last week, new and vanished instances are missing. Set refresh to 2 (on time range change).",
  good: [sample()],
  bad: [
    sample((d) => {
      variable(d, "job").refresh = 1;
    }),
  ],
  check({ dashboard }) {
    return readDashboard(dashboard)
      .variables.filter((v) => v.type === "query" && v.refresh !== 2)
      .map((v) => ({
        path: [...v.path, "refresh"],
        message: `expected variable ${JSON.stringify(v.name)} to refresh on time range change (refresh: 2), got ${JSON.stringify(v.refresh ?? null)}`,
      }));
  },
};
