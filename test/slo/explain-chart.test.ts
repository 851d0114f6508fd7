import { describe, expect, test } from "vitest";
import { defineService, eventRatioSli } from "../../src/authoring.ts";
import { serviceSchema } from "../../src/model/service.ts";
import { explainCharts } from "../../src/slo/explain-chart.ts";

const sli = eventRatioSli({
  errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
  totalQuery: "sum(rate(http_requests_total[{{.window}}]))",
});

function sloOf(objective: number, period: "30d" | "28d") {
  const service = serviceSchema.parse(
    defineService({
      name: "api",
      team: "web",
      slos: [{ name: "availability", objective, period, sli, alerting: { mode: "per-tier" } }],
    }),
  );
  return service.slos[0]!;
}

describe("explain's chart data", () => {
  // 99.9% over 30d: eb 0.001; workbook factors 14.4, 6, 3, 1 over long windows 1h, 6h, 1d, 3d.
  const charts = explainCharts(sloOf(99.9, "30d"));
  const at = (ratio: number) => charts.detection.ratios.indexOf(ratio);

  test("detection: one curve per tier, from a hair above its threshold to a total outage", () => {
    expect(charts.detection.tiers).toHaveLength(4);
    const [pageQuick, , , ticketSlow] = charts.detection.tiers;
    // A total outage: 14.4 × 0.001 / 1 × 3600 s = 51.84 s; 1 × 0.001 × 3 × 86400 = 259.2 s.
    expect(pageQuick![at(1)]).toBe(51.84);
    expect(ticketSlow![at(1)]).toBe(259.2);
    // At its threshold a tier never fires; just above, it takes (almost) the whole long window.
    expect(pageQuick![at(0.0144)]).toBeNull();
    expect(pageQuick![at(0.0144144)]).toBeCloseTo(3596.4, 1);
    // Below every threshold nothing fires.
    expect(charts.detection.tiers.every((c) => c[0] === null)).toBe(true);
    expect(charts.detection.ratios[0]).toBe(0.0005);
    expect(charts.detection.ratios.at(-1)).toBe(1);
  });

  test("burn: budget spent per scenario, and each tier's fire on those lines at its budget share", () => {
    expect(charts.burn.scenarios.map((s) => s.label)).toEqual([
      "outage",
      "100x",
      "10x",
      "2x",
      "1x",
    ]);
    const t = charts.burn.seconds.indexOf(51.84);
    // Total outage for 51.84 s of a 30-day budget of 2592 s: 2%, page-quick's budget share.
    expect(charts.burn.scenarios[0]!.spent[t]).toBe(0.02);
    expect(charts.burn.tiers[0]![t]).toBe(0.02);
    // ticket-slow fires at 2x after 0.001 / 0.002 × 3d = 1.5 d, having spent 10%.
    const slow = charts.burn.seconds.indexOf(129_600);
    expect(charts.burn.tiers[3]![slow]).toBe(0.1);
    // Each tier fires once per scenario it can see: page-quick only on outage, 100x and... not 10x.
    expect(charts.burn.tiers[0]!.filter((v) => v !== null)).toEqual([0.02, 0.02]);
    expect(charts.burn.tiers[3]!.filter((v) => v !== null)).toHaveLength(4);
  });

  test("every series has a value (or null) per x", () => {
    for (const c of charts.detection.tiers) expect(c).toHaveLength(charts.detection.ratios.length);
    for (const s of charts.burn.scenarios) expect(s.spent).toHaveLength(charts.burn.seconds.length);
    expect(explainCharts(sloOf(99.9, "30d"))).toEqual(charts);
  });

  test("an objective where a tier cannot fire leaves that curve empty", () => {
    // 14.4 × 0.075 ≥ 1: page-quick can never fire at 92.5%.
    const low = explainCharts(sloOf(92.5, "28d"));
    expect(low.detection.tiers[0]!.every((v) => v === null)).toBe(true);
    expect(low.detection.tiers[3]!.some((v) => v !== null)).toBe(true);
  });
});
