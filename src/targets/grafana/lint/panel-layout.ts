import { GRID_COLUMNS, overlaps } from "../layout.ts";
import { fixture, mainPanel } from "./fixtures.ts";
import { type PanelView, readDashboard, where } from "./read.ts";
import type { DashboardFinding, DashboardLintRule } from "./types.ts";

function key(path: readonly (string | number)[] | undefined): string {
  return path === undefined ? "" : path.join(".");
}

export const panelLayout: DashboardLintRule = {
  id: "dashboard/panel-layout",
  severity: "error",
  docs: "Why: panels that overlap, or reach past the 24 grid columns, are moved around by Grafana when the dashboard loads, so what was reviewed is not what is shown. Panels inside a collapsed row are compared with each other only.",
  good: [fixture()],
  bad: [
    fixture((d) => {
      mainPanel(d).gridPos = { x: 0, y: 0, w: 12, h: 8 };
    }),
    fixture((d) => {
      mainPanel(d).gridPos = { x: 16, y: 1, w: 12, h: 8 };
    }),
  ],
  check(dashboard) {
    const groups = new Map<string, PanelView[]>();
    for (const panel of readDashboard(dashboard).panels) {
      if (panel.gridPos === undefined) continue;
      const group = key(panel.container);
      groups.set(group, [...(groups.get(group) ?? []), panel]);
    }
    const out: DashboardFinding[] = [];
    for (const panels of groups.values()) {
      panels.forEach((panel, i) => {
        const g = panel.gridPos!;
        if (g.x < 0 || g.y < 0 || g.w < 1 || g.h < 1 || g.x + g.w > GRID_COLUMNS) {
          out.push({
            rule: this.id,
            severity: "error",
            path: [...panel.path, "gridPos"],
            message: `${where(panel)}: expected a position inside the 24-column grid, got x=${g.x} w=${g.w} y=${g.y} h=${g.h}`,
          });
        }
        const other = panels.slice(0, i).find((p) => overlaps(p.gridPos!, g));
        if (other !== undefined) {
          out.push({
            rule: this.id,
            severity: "error",
            path: [...panel.path, "gridPos"],
            message: `${where(panel)}: expected no overlap with other panels, got an overlap with ${where(other)}`,
          });
        }
      });
    }
    return out;
  },
};
