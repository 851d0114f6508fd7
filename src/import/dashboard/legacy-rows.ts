import type { FieldPath } from "../../core/problem.ts";
import type { Json } from "./code.ts";
import { isObject, type Reporter, unrepresented } from "./fields.ts";
import type { PanelItem } from "./panels.ts";

/**
 * The legacy `rows` layout (schema before 16: rows of panels sized by
 * `span` out of 12 and a pixel `height`) as Grafana itself lays it out when
 * it loads such a dashboard (DashboardMigrator's upgrade to the grid
 * layout): 24 columns, a grid cell 30 px high plus an 8 px margin, row
 * headers only when some row is collapsed, repeated or shows its title, and
 * panels sorted by position as Grafana sorts them. The foundation SDK knows
 * only the grid layout, so this is the layout the import writes; every
 * panel keeps the JSON path it was read from.
 */

const COLUMNS = 24;
const CELL_HEIGHT = 30;
const CELL_MARGIN = 8;
const MIN_PANEL_HEIGHT = CELL_HEIGHT * 3;
const DEFAULT_ROW_HEIGHT = 250;
const DEFAULT_SPAN = 4;

/** Row fields the grid layout has no place for, reported when set. */
const ROW_LAYOUT_FIELDS = ["title", "collapse", "repeat", "showTitle", "height", "panels"];

export function legacyRowPanels(rows: readonly Json[], r: Reporter): PanelItem[] {
  const rowObjects = rows.flatMap((row, i) =>
    isObject(row) ? [{ row, path: ["rows", i] as FieldPath }] : [],
  );
  const panelIds = rowObjects.flatMap(({ row }) =>
    (Array.isArray(row.panels) ? row.panels : []).flatMap((p) =>
      isObject(p) && typeof p.id === "number" ? [p.id] : [],
    ),
  );
  let nextRowId = Math.max(0, ...panelIds) + 1;
  const showRows = rowObjects.some(
    ({ row }) => row.collapse === true || row.showTitle === true || isSet(row.repeat),
  );
  const top: PanelItem[] = [];
  let y = 0;
  for (const { row, path } of rowObjects) {
    for (const [key, value] of Object.entries(row)) {
      if (!ROW_LAYOUT_FIELDS.includes(key) && value !== null && value !== false && value !== "")
        unrepresented(r, [...path, key], "dashboard.RowPanel", value);
    }
    if (isSet(row.repeatIteration)) continue;
    const rowHeight = gridHeight(row.height ?? DEFAULT_ROW_HEIGHT);
    const collapsed = showRows && row.collapse === true;
    const children: PanelItem[] = [];
    let header: PanelItem | undefined;
    if (showRows) {
      const json: Record<string, Json> = {
        type: "row",
        id: nextRowId++,
        title: typeof row.title === "string" ? row.title : "",
        collapsed,
        // Grafana draws a row header one cell high whatever its gridPos says (and the
        // SDK's withRow() writes 1 for a row at the top), so 1 is what it is.
        gridPos: { x: 0, y, w: COLUMNS, h: 1 },
      };
      if (isSet(row.repeat)) json.repeat = row.repeat as Json;
      header = { json, path, children };
      y++;
    }
    const area = new RowArea(rowHeight, y);
    const panels = Array.isArray(row.panels) ? row.panels : [];
    panels.forEach((panel, i) => {
      if (!isObject(panel)) return;
      const { span, height, ...rest } = panel;
      const w =
        Math.floor(typeof span === "number" && span > 0 ? span : DEFAULT_SPAN) * (COLUMNS / 12);
      const h = height !== undefined && height !== null ? gridHeight(height) : rowHeight;
      const place = area.place(w);
      y = area.y;
      const gridPos = { x: place.x, y: y + place.y, w, h };
      area.add(gridPos);
      const item: PanelItem = { json: { ...rest, gridPos }, path: [...path, "panels", i] };
      (collapsed ? children : top).push(item);
    });
    if (header !== undefined) top.push(header);
    if (!collapsed) y += rowHeight;
  }
  return top.sort((a, b) => positionOf(a).y - positionOf(b).y || positionOf(a).x - positionOf(b).x);
}

function isSet(value: Json | undefined): boolean {
  return value !== undefined && value !== null && value !== "";
}

function positionOf(item: PanelItem): { x: number; y: number } {
  return item.json.gridPos as { x: number; y: number };
}

/** A pixel height (`250` or `"250px"`) in grid rows. */
function gridHeight(height: Json): number {
  const px =
    typeof height === "string" ? Number.parseInt(height.replace("px", ""), 10) : Number(height);
  return Math.ceil(
    Math.max(Number.isFinite(px) ? px : DEFAULT_ROW_HEIGHT, MIN_PANEL_HEIGHT) /
      (CELL_HEIGHT + CELL_MARGIN),
  );
}

/** The columns of one legacy row, filled left to right, wrapping below when a panel does not fit. */
class RowArea {
  private readonly filled = new Array<number>(COLUMNS).fill(0);
  constructor(
    private readonly height: number,
    public y: number,
  ) {}

  add(pos: { x: number; y: number; w: number; h: number }): void {
    for (let i = pos.x; i < pos.x + pos.w; i++) {
      const bottom = pos.y + pos.h - this.y;
      if (!this.filled[i] || bottom > this.filled[i]!) this.filled[i] = bottom;
    }
  }

  /** Where a panel `w` wide goes: the free run at the right end of the row, else a new line of the row. */
  place(w: number, wrapped = false): { x: number; y: number } {
    let start: number | undefined;
    let end: number | undefined;
    for (let i = COLUMNS - 1; i >= 0; i--) {
      if (this.height - this.filled[i]! <= 0) break;
      if (end === undefined) end = i;
      else if (i < COLUMNS - 1 && this.filled[i]! <= this.filled[i + 1]!) start = i;
      else break;
    }
    if (start !== undefined && end !== undefined && end - start >= w - 1)
      return { x: start, y: Math.max(...this.filled.slice(start)) };
    if (wrapped) return { x: 0, y: 0 };
    this.y += this.height;
    this.filled.fill(0);
    return this.place(w, true);
  }
}
