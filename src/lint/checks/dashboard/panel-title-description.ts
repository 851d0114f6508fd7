import { sample, mainPanel } from "../../dashboard/fixtures.ts";
import { DATA_PANEL_TYPES, readDashboard, where } from "../../dashboard/read.ts";
import type { DashboardCheck } from "../../check.ts";

export const panelTitleDescription: DashboardCheck<"noTitle" | "noDescription"> = {
  id: "dashboard/panel-title-description",
  target: "dashboard",
  reportOrder: 7,
  severity: "error",
  docs: "Panels that show query results have a title and a description.\n\nWhy: the person reading a graph during an incident did not build it; the title says what it is, the description (the panel's info tooltip) says how to read it and what normal looks like.",
  good: [sample()],
  bad: [
    sample((d) => {
      mainPanel(d).description = "";
    }),
    sample((d) => {
      delete mainPanel(d).title;
    }),
  ],
  messages: {
    noTitle: "{{where}}: expected a title and a description, got no title",
    noDescription: "{{where}}: expected a title and a description, got no description",
  },
  check({ dashboard }) {
    return readDashboard(dashboard)
      .panels.filter(
        (p) =>
          DATA_PANEL_TYPES.has(p.type) &&
          !p.library &&
          (p.title.trim() === "" || p.description.trim() === ""),
      )
      .map((p) => ({
        path: [...p.path, p.title.trim() === "" ? "title" : "description"],
        messageId: p.title.trim() === "" ? ("noTitle" as const) : ("noDescription" as const),
        data: { where: where(p) },
      }));
  },
};
