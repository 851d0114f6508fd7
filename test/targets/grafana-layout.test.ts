import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { buildDashboard } from "../../src/targets/grafana/dashboard.ts";
import {
  GRID_COLUMNS,
  type GridPos,
  overlaps,
  placeRows,
} from "../../src/targets/grafana/layout.ts";
import { panelLayout } from "../../src/lint/checks/dashboard/panel-layout.ts";
import {
  gaugePanel,
  heatmapPanel,
  type PanelBuilder,
  statPanel,
  tablePanel,
  textPanel,
  timeseriesPanel,
} from "../../src/targets/grafana/panels.ts";
import { promQuery } from "../../src/targets/grafana/queries.ts";
import { grafanaSettings } from "../../src/targets/grafana/settings.ts";
import { validateDashboard } from "../helpers/grafana-schemas.ts";

const sizeArb = fc.record({
  w: fc.integer({ min: -3, max: 40 }),
  h: fc.integer({ min: -2, max: 30 }),
});
const rowArb = fc.record({
  title: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
  collapsed: fc.boolean(),
  sizes: fc.array(sizeArb, { maxLength: 12 }),
});

function inGrid(g: GridPos): boolean {
  return g.x >= 0 && g.y >= 0 && g.w >= 1 && g.h >= 1 && g.x + g.w <= GRID_COLUMNS;
}

function noOverlap(boxes: readonly GridPos[]): boolean {
  return boxes.every((a, i) => boxes.slice(i + 1).every((b) => !overlaps(a, b)));
}

describe("grid placement", () => {
  test("panels flow left to right and wrap below the tallest panel of the line", () => {
    const [row] = placeRows([
      {
        title: "R",
        sizes: [
          { w: 12, h: 8 },
          { w: 6, h: 4 },
          { w: 8, h: 5 },
          { w: 30, h: 3 },
        ],
      },
    ]);
    expect(row).toEqual({
      header: { x: 0, y: 0, w: 24, h: 1 },
      panels: [
        { x: 0, y: 1, w: 12, h: 8 },
        { x: 12, y: 1, w: 6, h: 4 },
        { x: 0, y: 9, w: 8, h: 5 },
        { x: 0, y: 14, w: 24, h: 3 },
      ],
    });
  });

  test("a collapsed row keeps its panels inside and the next row follows its header", () => {
    const placed = placeRows([
      { title: "A", collapsed: true, sizes: [{ w: 24, h: 9 }] },
      { title: "B", sizes: [{ w: 6, h: 4 }] },
    ]);
    expect(placed[0]!.panels).toEqual([{ x: 0, y: 1, w: 24, h: 9 }]);
    expect(placed[1]!.header).toEqual({ x: 0, y: 1, w: 24, h: 1 });
  });

  test("property: whatever the sizes, everything is inside the grid and nothing visible overlaps", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 8 }), (rows) => {
        const placed = placeRows(rows);
        const visible: GridPos[] = [];
        let lastY = -1;
        placed.forEach((row, i) => {
          const collapsed = rows[i]!.title !== undefined && rows[i]!.collapsed;
          if (row.header !== undefined) {
            expect(row.header.y).toBeGreaterThan(lastY);
            lastY = row.header.y;
            visible.push(row.header);
          }
          for (const p of row.panels) {
            expect(inGrid(p)).toBe(true);
            if (row.header !== undefined) expect(p.y).toBeGreaterThan(row.header.y);
          }
          if (collapsed) expect(noOverlap(row.panels)).toBe(true);
          else visible.push(...row.panels);
        });
        expect(noOverlap(visible)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

const kindArb = fc.constantFrom("timeseries", "stat", "gauge", "heatmap", "table", "text");

function panel(kind: string, width: number, height: number): PanelBuilder {
  const base = { title: `${kind} ${width}x${height}`, description: "d", width, height };
  const queries = [promQuery("sum(rate(x_total[$__rate_interval]))")];
  switch (kind) {
    case "timeseries":
      return timeseriesPanel({ ...base, unit: "reqps", queries });
    case "stat":
      return statPanel({ ...base, unit: "s", queries });
    case "gauge":
      return gaugePanel({ ...base, unit: "percentunit", queries });
    case "heatmap":
      return heatmapPanel({ ...base, unit: "s", queries });
    case "table":
      return tablePanel({ ...base, unit: "none", queries });
    default:
      return textPanel({ title: base.title, content: "c", width, height });
  }
}

describe("built dashboards", () => {
  test("property: any mix of panels and rows builds a schema-valid dashboard without overlaps", () => {
    const cell = fc.record({
      kind: kindArb,
      w: fc.integer({ min: 1, max: 24 }),
      h: fc.integer({ min: 1, max: 12 }),
    });
    const rows = fc.array(
      fc.record({
        title: fc.option(fc.constantFrom("Traffic", "Errors", "Saturation"), { nil: undefined }),
        collapsed: fc.boolean(),
        cells: fc.array(cell, { minLength: 1, maxLength: 8 }),
      }),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(rows, (spec) => {
        const d = buildDashboard(
          {
            uid: "layout-property",
            title: "Layout",
            tags: [],
            rows: spec.map((r) => ({
              ...(r.title !== undefined && { title: r.title }),
              collapsed: r.collapsed,
              panels: r.cells.map((c) => panel(c.kind, c.w, c.h)),
            })),
          },
          grafanaSettings(),
        );
        const json = JSON.parse(JSON.stringify(d));
        expect(panelLayout.check({ dashboard: json })).toEqual([]);
        expect(validateDashboard(json)).toBe(true);
        const ids = (json.panels as { id: number; panels?: { id: number }[] }[]).flatMap((p) => [
          p.id,
          ...(p.panels ?? []).map((q) => q.id),
        ]);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 150 },
    );
  });
});
