import { fixture, mainPanel } from "./fixtures.ts";
import { DATA_PANEL_TYPES, readDashboard, where } from "./read.ts";
import type { DashboardLintRule } from "./types.ts";

export const panelTitleDescription: DashboardLintRule = {
  id: "dashboard/panel-title-description",
  severity: "error",
  docs: "Why: the person reading a graph during an incident did not build it; the title says what it is, the description (the panel's info tooltip) says how to read it and what normal looks like.",
  good: [fixture()],
  bad: [
    fixture((d) => {
      mainPanel(d).description = "";
    }),
    fixture((d) => {
      delete mainPanel(d).title;
    }),
  ],
  check(dashboard) {
    return readDashboard(dashboard)
      .panels.filter(
        (p) =>
          DATA_PANEL_TYPES.has(p.type) && (p.title.trim() === "" || p.description.trim() === ""),
      )
      .map((p) => ({
        rule: this.id,
        severity: "error" as const,
        path: [...p.path, p.title.trim() === "" ? "title" : "description"],
        message: `${where(p)}: expected a title and a description, got ${p.title.trim() === "" ? "no title" : "no description"}`,
      }));
  },
};
