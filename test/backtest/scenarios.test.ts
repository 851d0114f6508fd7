import { beforeAll, describe, expect, test } from "vitest";
import type { AlertReport, BacktestReport } from "../../src/backtest/report.ts";
import { backtestEstate } from "../../src/backtest/run.ts";
import { validateProject } from "../../src/pipeline/project.ts";
import { detectionSeconds, errorBudget } from "../../src/slo/burn-rate.ts";
import { explainSlo } from "../../src/slo/explain.ts";
import { resolveTiers } from "../../src/slo/tiers.ts";
import type { Service } from "../../src/model/service.ts";
import type { Slo } from "../../src/model/slo.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";

/**
 * Generated scenarios through the real engine, for the example estate's
 * checkout-api availability SLO (30d, 99.9%, per-tier alerts, a minimum
 * event rate): one replay for the whole file.
 */
const SLO = "checkout-api/availability";
/** The SLO groups' evaluation interval (no `interval`: Prometheus's 1m default). */
const INTERVAL = 60;
let report: BacktestReport;
let slo: Slo;
let service: Service;

beforeAll(async () => {
  const validated = await validateProject({ definitions: DEFINITIONS, cwd: PROJECT_ROOT });
  if (!validated.ok) throw new Error("definitions/ must be valid");
  service = validated.value.estate.services.find((s) => s.value.name === "checkout-api")!.value;
  slo = service.slos.find((s) => s.name === "availability")!;
  report = await backtestEstate(validated.value.estate, {
    slo: SLO,
    scenarios: ["14.4x-6h", "100x-1h", "diurnal-2d", "low-traffic-1d"],
  });
}, 120_000);

function tier(id: string): AlertReport {
  return report.alerts.find((a) => a.tier === id)!;
}

function scenario(a: AlertReport, id: string) {
  return a.scenarios!.find((s) => s.scenario === id)!;
}

describe(`generated scenarios for ${SLO}`, () => {
  test("every tier and the no-data alert are backtested", () => {
    expect(report.alerts.map((a) => a.tier)).toEqual([
      "page-quick",
      "page-slow",
      "ticket-quick",
      "ticket-slow",
      "no-data",
    ]);
    expect(report.alerts.every((a) => a.slo === SLO)).toBe(true);
  });

  test("steady traffic at 0.5x the budget rate fires nothing", () => {
    for (const a of report.alerts)
      expect([a.tier, scenario(a, "steady").fires]).toEqual([a.tier, 0]);
  });

  test("14.4x pages within the detection time explain predicts, plus one interval", () => {
    const eb = errorBudget(slo.objective);
    const explained = explainSlo(service, slo);
    // explain's formula, at 14.4x: the page tiers' time to fire from a clean state.
    const predicted = resolveTiers(slo)
      .filter((t) => t.level === "page")
      .map((t) => detectionSeconds(t, { errorRatio: 14.4 * eb, objectivePercent: slo.objective }))
      .filter((s): s is number => s !== undefined);
    expect(explained.tiers.map((t) => t.id)).toContain("page-slow");
    expect(predicted.length).toBeGreaterThan(0);
    const pages = report.alerts
      .filter((a) => a.severity === "page")
      .map((a) => scenario(a, "14.4x-6h").detectionSeconds)
      .filter((s): s is number => s !== null);
    const first = Math.min(...pages);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(Math.min(...predicted) + INTERVAL);
  });

  test("100x pages within explain's 100x detection time, plus one interval", () => {
    const explained = explainSlo(service, slo);
    const predicted = explained.tiers.find((t) => t.id === "page-quick")!.detection.x100!;
    const detected = scenario(tier("page-quick"), "100x-1h").detectionSeconds!;
    // The background's 0.5x counts toward the windows, so it fires a little before the
    // clean-state prediction (502.9s of 518.4s), at the next evaluation after crossing.
    expect(detected).toBeGreaterThan(predicted - INTERVAL);
    expect(detected).toBeLessThanOrEqual(predicted + INTERVAL);
  });

  test("diurnal traffic and 1 request a minute fire nothing: the minimum event rate holds pages back", () => {
    for (const a of report.alerts) {
      expect([a.tier, scenario(a, "diurnal-2d").fires]).toEqual([a.tier, 0]);
      expect([a.tier, scenario(a, "low-traffic-1d").fires]).toEqual([a.tier, 0]);
    }
  });

  test("every fire overlaps an incident: precision 1, no false positives", () => {
    const page = tier("page-quick");
    expect(page.fires).toBe(2);
    expect(page.precision).toBe(1);
    expect(page.falsePositives).toBe(0);
    expect(page.recall).toBe(1);
    // No fires: precision and the false-positive share are undefined.
    expect(tier("no-data")).toMatchObject({
      fires: 0,
      precision: null,
      falsePositives: null,
      recall: null,
    });
  });

  test("budget spent at the page is what the tier is built for: about 2% of the period's", () => {
    // 100x: 9 minutes of 10% errors over a 30d budget of 0.1% ≈ 2.08%.
    expect(scenario(tier("page-quick"), "100x-1h").budgetSpent).toBeCloseTo(0.0208, 3);
  });
});
