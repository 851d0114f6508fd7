import { fixture } from "./fixtures.ts";
import { readDashboard } from "./read.ts";
import type { DashboardLintRule } from "./types.ts";

export const uneditableDashboard: DashboardLintRule = {
  id: "dashboard/uneditable-dashboard",
  severity: "error",
  docs: "Why: a dashboard kept as code is overwritten by the next deploy; edits made in the UI are lost without warning. Set `editable: false` so Grafana says so (obsforge's dashboards are read-only).",
  good: [fixture()],
  bad: [
    fixture((d) => {
      d.editable = true;
    }),
  ],
  check(dashboard) {
    return readDashboard(dashboard).editable === true
      ? [
          {
            rule: this.id,
            severity: "error",
            path: ["editable"],
            message: "expected a read-only dashboard (editable: false), got editable: true",
          },
        ]
      : [];
  },
};
