import { sample } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import type { DashboardCheck } from "../../check.ts";

export const uneditableDashboard: DashboardCheck<"editable"> = {
  id: "dashboard/uneditable-dashboard",
  target: "dashboard",
  reportOrder: 17,
  severity: "error",
  docs: "Dashboards kept as code are not editable in the Grafana UI.\n\nWhy: a dashboard kept as code is overwritten by the next deploy; edits made in the UI are lost without warning. Set `editable: false` so Grafana says so (obsforge's dashboards are read-only).",
  good: [sample()],
  bad: [
    sample((d) => {
      d.editable = true;
    }),
  ],
  messages: {
    editable: "expected a read-only dashboard (editable: false), got editable: true",
  },
  check({ dashboard }) {
    return readDashboard(dashboard).editable === true
      ? [
          {
            path: ["editable"],
            messageId: "editable" as const,
          },
        ]
      : [];
  },
};
