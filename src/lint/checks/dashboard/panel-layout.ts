import { GRID_COLUMNS, overlaps } from "../../../targets/grafana/layout.ts";
import { sample, mainPanel } from "../../dashboard/fixtures.ts";
import { type PanelView, readDashboard, where } from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

function key(path: readonly (string | number)[] | undefined): string {
  return path === undefined ? "" : path.join(".");
}

export const panelLayout: DashboardCheck<"outsideGrid" | "overlap"> = {
  id: "dashboard/panel-layout",
  target: "dashboard",
  reportOrder: 19,
  severity: "error",
  docs: "Panels sit inside the 24-column grid and do not overlap.\n\nWhy: panels that overlap, or reach past the 24 grid columns, are moved around by Grafana when the dashboard loads, so what was reviewed is not what is shown. Panels inside a collapsed row are compared with each other only.",
  good: [sample()],
  bad: [
    sample((d) => {
      mainPanel(d).gridPos = { x: 0, y: 0, w: 12, h: 8 };
    }),
    sample((d) => {
      mainPanel(d).gridPos = { x: 16, y: 1, w: 12, h: 8 };
    }),
  ],
  messages: {
    outsideGrid:
      "{{where}}: expected a position inside the 24-column grid, got x={{x}} w={{w}} y={{y}} h={{h}}",
    overlap: "{{where}}: expected no overlap with other panels, got an overlap with {{other}}",
  },
  check({ dashboard }) {
    const groups = new Map<string, PanelView[]>();
    for (const panel of readDashboard(dashboard).panels) {
      if (panel.gridPos === undefined) continue;
      const group = key(panel.container);
      groups.set(group, [...(groups.get(group) ?? []), panel]);
    }
    const out: CheckProblem<"outsideGrid" | "overlap">[] = [];
    for (const panels of groups.values()) {
      panels.forEach((panel, i) => {
        const g = panel.gridPos!;
        if (g.x < 0 || g.y < 0 || g.w < 1 || g.h < 1 || g.x + g.w > GRID_COLUMNS) {
          out.push({
            path: [...panel.path, "gridPos"],
            messageId: "outsideGrid",
            data: { where: where(panel), x: g.x, w: g.w, y: g.y, h: g.h },
          });
        }
        const other = panels.slice(0, i).find((p) => overlaps(p.gridPos!, g));
        if (other !== undefined) {
          out.push({
            path: [...panel.path, "gridPos"],
            messageId: "overlap",
            data: { where: where(panel), other: where(other) },
          });
        }
      });
    }
    return out;
  },
};
