import { sample, mainPanel } from "../../dashboard/fixtures.ts";
import { DATA_PANEL_TYPES, readDashboard, where } from "../../dashboard/read.ts";
import type { DashboardCheck } from "../../check.ts";

export const panelNoTargets: DashboardCheck<"emptyTargets" | "noTargets"> = {
  id: "dashboard/panel-no-targets",
  target: "dashboard",
  reportOrder: 9,
  severity: "error",
  docs: 'Panels that show query results have at least one query.\n\nWhy: a graph, stat or table without a query always shows "No data", which on-call reads as an outage of the data, not of the dashboard. Give it a query or use a text panel.',
  good: [sample(), sample(undefined, "loki")],
  bad: [
    sample((d) => {
      delete mainPanel(d).targets;
    }),
    sample((d) => {
      mainPanel(d).targets = [];
    }),
  ],
  messages: {
    emptyTargets: "{{where}}: expected at least one query, got an empty list",
    noTargets: "{{where}}: expected at least one query, got none",
  },
  check({ dashboard }) {
    return readDashboard(dashboard)
      .panels.filter(
        (p) =>
          (DATA_PANEL_TYPES.has(p.type) || p.type === "logs") &&
          p.targets.length === 0 &&
          !p.library,
      )
      .map((p) => ({
        path: [...p.path, "targets"],
        messageId: p.hasTargetsField ? ("emptyTargets" as const) : ("noTargets" as const),
        data: { where: where(p) },
      }));
  },
};
