import { fixture, mainPanel } from "./fixtures.ts";
import { DATA_PANEL_TYPES, readDashboard, where } from "./read.ts";
import type { DashboardLintRule } from "./types.ts";

export const panelNoTargets: DashboardLintRule = {
  id: "dashboard/panel-no-targets",
  severity: "error",
  docs: 'Why: a graph, stat or table without a query always shows "No data", which on-call reads as an outage of the data, not of the dashboard. Give it a query or use a text panel.',
  good: [fixture(), fixture(undefined, "loki")],
  bad: [
    fixture((d) => {
      delete mainPanel(d).targets;
    }),
    fixture((d) => {
      mainPanel(d).targets = [];
    }),
  ],
  check(dashboard) {
    return readDashboard(dashboard)
      .panels.filter(
        (p) => (DATA_PANEL_TYPES.has(p.type) || p.type === "logs") && p.targets.length === 0,
      )
      .map((p) => ({
        rule: this.id,
        severity: "error" as const,
        path: [...p.path, "targets"],
        message: `${where(p)}: expected at least one query, got ${p.hasTargetsField ? "an empty list" : "none"}`,
      }));
  },
};
