import { describe, expect, test } from "vitest";
import type { Problem } from "../../src/core/problem.ts";
import { legacyRowPanels } from "../../src/import/dashboard/legacy-rows.ts";

/**
 * The legacy `rows` layout laid out as Grafana's DashboardMigrator does
 * (schema 16). The expected grid positions are worked out by hand from
 * Grafana's rules: width = span × 2 of 24 columns, height = ceil(max(px,
 * 90) / 38) grid rows, a panel that does not fit beside the others wraps
 * below them, and row headers only when some row shows its title, is
 * collapsed or repeats.
 */
describe("legacy rows", () => {
  test("become row headers and panels at Grafana's grid positions, each with the path it came from", () => {
    const notes: Problem[] = [];
    const items = legacyRowPanels(
      [
        {
          title: "A",
          showTitle: true,
          height: "250px",
          panels: [
            { id: 1, span: 6 },
            { id: 2, span: 6 },
            { id: 3, span: 12, height: 100 },
          ],
        },
        { title: "B", collapse: true, height: 300, panels: [{ id: 4 }] },
      ],
      { file: "x.json", notes, migrated: new Set() },
    );
    const shape = (i: (typeof items)[number]): unknown => ({
      path: i.path.join("."),
      json: i.json,
      ...(i.children !== undefined && { children: i.children.map(shape) }),
    });
    expect(items.map(shape)).toEqual([
      // 250 px → ceil(250 / 38) = 7 rows; the header takes the first line.
      {
        path: "rows.0",
        json: {
          type: "row",
          id: 5,
          title: "A",
          collapsed: false,
          gridPos: { x: 0, y: 0, w: 24, h: 1 },
        },
        children: [],
      },
      { path: "rows.0.panels.0", json: { id: 1, gridPos: { x: 0, y: 1, w: 12, h: 7 } } },
      { path: "rows.0.panels.1", json: { id: 2, gridPos: { x: 12, y: 1, w: 12, h: 7 } } },
      // Full width does not fit beside the first two: it wraps one row height (7) lower; 100 px → 3.
      { path: "rows.0.panels.2", json: { id: 3, gridPos: { x: 0, y: 8, w: 24, h: 3 } } },
      // After row A (8 + 7 = 15); collapsed, so its panel (span 4 by default, 300 px → 8) is inside.
      {
        path: "rows.1",
        json: {
          type: "row",
          id: 6,
          title: "B",
          collapsed: true,
          gridPos: { x: 0, y: 15, w: 24, h: 1 },
        },
        children: [
          { path: "rows.1.panels.0", json: { id: 4, gridPos: { x: 0, y: 16, w: 8, h: 8 } } },
        ],
      },
    ]);
    expect(notes).toEqual([]);
  });

  test("without titles, collapse or repeat, there are no row headers", () => {
    const items = legacyRowPanels(
      [{ title: "hidden", panels: [{ id: 1, span: 12 }] }, { panels: [{ id: 2, span: 12 }] }],
      { file: "x.json", notes: [], migrated: new Set() },
    );
    expect(items.map((i) => [i.json.id, i.json.gridPos])).toEqual([
      [1, { x: 0, y: 0, w: 24, h: 7 }],
      [2, { x: 0, y: 7, w: 24, h: 7 }],
    ]);
  });

  test("row fields the grid has no place for are reported at their path", () => {
    const notes: Problem[] = [];
    legacyRowPanels([{ title: "A", showTitle: true, titleSize: "h6", panels: [] }], {
      file: "x.json",
      notes,
      migrated: new Set(),
    });
    expect(notes.map((n) => [n.path.join("."), n.severity])).toEqual([
      ["rows.0.titleSize", "warning"],
    ]);
  });
});
