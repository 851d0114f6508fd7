import { beforeAll, describe, expect, test } from "vitest";
import type { AlertReport } from "../../src/backtest/report.ts";
import { backtestEstate } from "../../src/backtest/run.ts";
import { validateProject } from "../../src/pipeline/project.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";

/**
 * The SRE workbook's chapter 5 strategies, replayed for checkout-api's
 * availability SLO (99.9% over 30d) over a 100x incident of an hour and a
 * day at 1 request a minute: the trade-offs the chapter describes, measured.
 */
let rows: AlertReport[];
beforeAll(async () => {
  const validated = await validateProject({ definitions: DEFINITIONS, cwd: PROJECT_ROOT });
  if (!validated.ok) throw new Error("definitions/ must be valid");
  rows = (
    await backtestEstate(validated.value.estate, {
      slo: "checkout-api/availability",
      strategies: true,
      scenarios: ["100x-1h", "low-traffic-1d"],
    })
  ).alerts;
}, 120_000);

function strategy(id: string): AlertReport {
  return rows.find((r) => r.tier === id)!;
}

describe("workbook alerting strategies over generated scenarios", () => {
  test("all six strategies run, each one alert", () => {
    expect(rows.map((r) => r.tier)).toEqual([
      "1-target-error-rate",
      "2-longer-window",
      "3-alert-duration",
      "4-burn-rate",
      "5-multiple-burn-rates",
      "6-multiwindow-multi-burn-rate",
    ]);
  });

  test("the 10m target error rate detects at once; the 36h window takes 11 minutes and resets a day and a half later", () => {
    // 10% errors: the 10m window crosses 0.1% within the first minute.
    expect(strategy("1-target-error-rate").detectionSeconds).toBe(60);
    // 36h window, 0.05% before: over 0.1% once t x 9.95% > 36h x 0.05%, t = 10.85m: at 11m.
    expect(strategy("2-longer-window").detectionSeconds).toBe(660);
    expect(strategy("2-longer-window").resetSeconds!).toBeGreaterThan(86400);
  });

  test("one 1h burn rate of 36 (5% of the budget in an hour) needs 22 minutes of 100x", () => {
    // 36 x 0.1% = 3.6%: the 1h window (0.05% before) crosses after 60m x 3.55 / 9.95 = 21.4m.
    expect(strategy("4-burn-rate").detectionSeconds).toBe(1320);
  });

  test("multiwindow, multi-burn-rate pages as fast as multiple burn rates and resets in hours, not days", () => {
    const many = strategy("5-multiple-burn-rates");
    const mwmbr = strategy("6-multiwindow-multi-burn-rate");
    expect(mwmbr.detectionSeconds).toBe(many.detectionSeconds);
    expect(mwmbr.resetSeconds!).toBeLessThan(6 * 3600);
    expect(many.resetSeconds!).toBeGreaterThan(2 * 86400);
  });

  test("1 request a minute: the 10m target error rate fires on a single failed request, MWMBR's guard holds", () => {
    const low = (id: string) =>
      strategy(id).scenarios!.find((s) => s.scenario === "low-traffic-1d")!.fires;
    expect(low("1-target-error-rate")).toBeGreaterThan(0);
    expect(low("6-multiwindow-multi-burn-rate")).toBe(0);
  });
});
