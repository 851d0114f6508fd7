/**
 * Dashboards in the schema before Grafana 5 (`rows: [{ height, panels: [{
 * span }] }]`, no gridPos) are still what many grafonnet mixins export;
 * Grafana migrates them when it loads them (DashboardMigrator's
 * upgradeToGridLayout). This is that migration, reduced to what a preview
 * draws: `span` of 12 columns becomes `w` of 24, heights in px become grid
 * rows of 38 px (30 px cell + 8 px margin, at least 90 px), panels fill a row
 * left to right, and a row panel precedes each row when any row shows
 * (collapsed, titled or repeated). A row starts below the lowest panel of
 * the one before, where Grafana's grid pushes it.
 */

type Json = Record<string, unknown>;

const CELL_PX = 30 + 8;
const MIN_PANEL_PX = 90;
const DEFAULT_ROW_PX = 250;
const DEFAULT_SPAN = 4;

function object(v: unknown): Json {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function array(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function gridHeight(height: unknown, fallback: number): number {
  const px = typeof height === "string" ? Number.parseInt(height.replace("px", ""), 10) : height;
  const n = typeof px === "number" && Number.isFinite(px) && px > 0 ? px : fallback;
  return Math.ceil(Math.max(n, MIN_PANEL_PX) / CELL_PX);
}

/** The `panels` Grafana makes of `rows`, with gridPos; panels of a collapsed row inside it. */
export function panelsOfRows(rows: readonly unknown[]): Json[] {
  const all = rows.map(object);
  const showRows = all.some((r) => r.collapse === true || r.showTitle === true || "repeat" in r);
  const panels: Json[] = [];
  let y = 0;
  for (const row of all) {
    const rowHeight = gridHeight(row.height, DEFAULT_ROW_PX);
    const inner: Json[] = [];
    if (showRows) {
      panels.push({
        type: "row",
        title: row.title,
        collapsed: row.collapse === true,
        gridPos: { x: 0, y, w: 24, h: 1 },
        panels: row.collapse === true ? inner : [],
      });
      y++;
    }
    let x = 0;
    let lineY = y;
    let lineBottom = y;
    let bottom = y + rowHeight;
    for (const p of array(row.panels)) {
      const panel = object(p);
      const span = typeof panel.span === "number" && panel.span > 0 ? panel.span : DEFAULT_SPAN;
      const w = Math.min(24, Math.max(1, Math.floor(span) * 2));
      const h = panel.height === undefined ? rowHeight : gridHeight(panel.height, DEFAULT_ROW_PX);
      if (x + w > 24) {
        x = 0;
        lineY = lineBottom;
      }
      // Grafana drops span and height once gridPos holds them.
      const { span: _s, height: _h, ...rest } = panel;
      const placed = { ...rest, gridPos: { x, y: lineY, w, h } };
      (row.collapse === true ? inner : panels).push(placed);
      x += w;
      lineBottom = Math.max(lineBottom, lineY + h);
      bottom = Math.max(bottom, lineY + h);
    }
    // A collapsed row takes no room on the grid.
    y = row.collapse === true ? y : bottom;
  }
  return panels;
}
