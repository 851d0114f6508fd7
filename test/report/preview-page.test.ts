import { describe, expect, test } from "vitest";
import { dashboardLayout } from "../../src/report/html/dashboard-layout.ts";
import { previewPages } from "../../src/report/html/preview-page.ts";

const DASHBOARD = {
  uid: "shop-red",
  title: "Shop <RED>",
  tags: ["shop"],
  panels: [
    { type: "row", title: "Traffic", gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [] },
    {
      type: "timeseries",
      title: "Requests",
      gridPos: { x: 0, y: 1, w: 12, h: 8 },
      fieldConfig: {
        defaults: {
          unit: "reqps",
          thresholds: {
            steps: [
              { value: null, color: "green" },
              { value: 0.933333333333, color: "semi-dark-red" },
            ],
          },
        },
      },
      targets: [
        {
          refId: "A",
          expr: 'sum(rate(http_requests_total{job="shop"}[5m]))',
          datasource: { type: "prometheus" },
        },
      ],
    },
    {
      type: "logs",
      title: "Errors",
      gridPos: { x: 12, y: 1, w: 12, h: 8 },
      targets: [{ refId: "A", expr: '{app="shop"} |= "error"', datasource: { type: "loki" } }],
    },
    {
      type: "row",
      title: "Details",
      collapsed: true,
      gridPos: { x: 0, y: 9, w: 24, h: 1 },
      panels: [{ type: "stat", title: "Up", gridPos: { x: 0, y: 10, w: 6, h: 4 } }],
    },
  ],
};

describe("dashboard preview", () => {
  test("reads the grid, kinds, units, thresholds and queries; collapsed rows keep their panels", () => {
    const layout = dashboardLayout(DASHBOARD);
    expect(layout.panels.map((p) => [p.kind, p.x, p.y, p.w, p.h])).toEqual([
      ["row", 0, 0, 24, 1],
      ["timeseries", 0, 1, 12, 8],
      ["logs", 12, 1, 12, 8],
      ["row", 0, 9, 24, 1],
    ]);
    expect(layout.panels[1]!.unit).toBe("reqps");
    expect(layout.panels[1]!.queries).toEqual([
      {
        refId: "A",
        query: 'sum(rate(http_requests_total{job="shop"}[5m]))',
        datasource: "prometheus",
      },
    ]);
    expect(layout.collapsed).toEqual([
      { row: "Details", panels: [expect.objectContaining({ kind: "stat", title: "Up" })] },
    ]);
  });

  test("a dashboard in the pre-5.0 `rows` schema (grafonnet mixins) is laid out as Grafana migrates it", () => {
    // Worked out by hand from Grafana's upgradeToGridLayout: span × 2 columns,
    // height / 38 px grid rows (at least 3), a row panel per row when rows show.
    const layout = dashboardLayout({
      uid: "old",
      title: "Old",
      rows: [
        {
          title: "Reads",
          height: "250px",
          panels: [
            { type: "graph", title: "QPS", span: 6, targets: [{ refId: "A", expr: "up" }] },
            { type: "graph", title: "Latency", span: 6 },
            { type: "singlestat", title: "Errors", span: 4, height: 100 },
          ],
        },
        { title: "Writes", collapse: true, height: 300, panels: [{ type: "graph", title: "W" }] },
      ],
    });
    const at = (p: { kind: string; title: string; x: number; y: number; w: number; h: number }) =>
      `${p.kind} ${p.title} ${p.x},${p.y} ${p.w}x${p.h}`;
    expect(layout.panels.map(at)).toEqual([
      "row Reads 0,0 24x1",
      "graph QPS 0,1 12x7",
      "graph Latency 12,1 12x7",
      "singlestat Errors 0,8 8x3",
      "row Writes 0,11 24x1",
    ]);
    expect(layout.panels[1]?.queries).toEqual([{ refId: "A", query: "up", datasource: "" }]);
    expect(layout.collapsed.map((c) => [c.row, c.panels.map(at)])).toEqual([
      ["Writes", ["graph W 0,12 8x8"]],
    ]);
  });

  test("a field of the wrong type leaves a blank instead of failing", () => {
    const layout = dashboardLayout({
      title: 7,
      panels: [{ type: "stat", gridPos: { x: 30, w: "6" } }, null],
    });
    expect(layout.title).toBe("dashboard");
    expect(layout.panels.map((p) => [p.kind, p.x, p.w, p.h])).toEqual([
      ["stat", 23, 1, 8],
      ["panel", 0, 12, 8],
    ]);
  });

  test("a page per dashboard under its folder, an index first, panels placed on the 24-column grid", () => {
    const files = previewPages([
      { path: "grafana/dashboards/shop/shop-red.json", json: DASHBOARD },
      {
        path: "grafana/dashboards/a/first.json",
        json: { uid: "first", title: "First", panels: [] },
      },
    ]);
    expect(files.map((f) => f.path)).toEqual(["index.html", "a/first.html", "shop/shop-red.html"]);
    const page = files[2]!.content;
    expect(page).toContain("<h1>Shop &lt;RED&gt;</h1>");
    expect(page).toContain('style="grid-column: 13 / span 12; grid-row: 2 / span 8"');
    expect(page).toContain(
      'title="A (prometheus): sum(rate(http_requests_total{job=&quot;shop&quot;}[5m]))"',
    );
    // Grafana's colour names become CSS colours; numbers are tidied.
    expect(page).toContain('<span class="chip" style="background:red">0.933333</span>');
    expect(page).toContain('<a href="../index.html">');
    expect(files[0]!.content).toContain(
      '<a href="shop/shop-red.html">Shop &lt;RED&gt;</a></td><td>shop/shop-red.html</td><td>3</td>',
    );
    expect(
      previewPages([{ path: "grafana/dashboards/shop/shop-red.json", json: DASHBOARD }])[1],
    ).toEqual(files[2]);
  });
});
