import { fixture, variable } from "./fixtures.ts";
import { readDashboard } from "./read.ts";
import type { DashboardLintRule } from "./types.ts";

export const templateOnTimeChangeReload: DashboardLintRule = {
  id: "dashboard/template-on-time-change-reload",
  severity: "error",
  docs: "Why: a query variable refreshed only on load lists the label values of when the dashboard was opened; after zooming to last week, new and vanished instances are missing. Set refresh to 2 (on time range change).",
  good: [fixture()],
  bad: [
    fixture((d) => {
      variable(d, "job").refresh = 1;
    }),
  ],
  check(dashboard) {
    return readDashboard(dashboard)
      .variables.filter((v) => v.type === "query" && v.refresh !== 2)
      .map((v) => ({
        rule: this.id,
        severity: "error" as const,
        path: [...v.path, "refresh"],
        message: `expected variable ${JSON.stringify(v.name)} to refresh on time range change (refresh: 2), got ${JSON.stringify(v.refresh ?? null)}`,
      }));
  },
};
