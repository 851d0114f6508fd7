import { sample, variable } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import type { DashboardCheck } from "../../check.ts";

export const templateOnTimeChangeReload: DashboardCheck<"noReload"> = {
  id: "dashboard/template-on-time-change-reload",
  target: "dashboard",
  reportOrder: 5,
  severity: "error",
  docs: "Query variables refresh when the time range changes.\n\nWhy: a query variable refreshed only on load lists the label values of when the dashboard was opened; after zooming to last week, new and vanished instances are missing. Set refresh to 2 (on time range change).",
  good: [sample()],
  bad: [
    sample((d) => {
      variable(d, "job").refresh = 1;
    }),
  ],
  messages: {
    noReload:
      "expected variable {{name}} to refresh on time range change (refresh: 2), got {{refresh}}",
  },
  check({ dashboard }) {
    return readDashboard(dashboard)
      .variables.filter((v) => v.type === "query" && v.refresh !== 2)
      .map((v) => ({
        path: [...v.path, "refresh"],
        messageId: "noReload" as const,
        data: { name: JSON.stringify(v.name), refresh: JSON.stringify(v.refresh ?? null) },
      }));
  },
};
