import { describe, expect, test } from "vitest";
import {
  budgetSpentAtFire,
  burnFactor,
  detectionSeconds,
  errorBudget,
  errorRatioThreshold,
  isImpossible,
} from "../../src/slo/burn-rate.ts";
import { sloSchema } from "../../src/model/slo.ts";
import { resolveTiers, sliWindows } from "../../src/slo/tiers.ts";

const H = 3600;
const D = 86400;

describe("burn factors from budget share × period / long window", () => {
  // Google SRE Workbook, "Alerting on SLOs", recommended parameters (30d), and
  // Sloth's google-28d.yaml windows with the same budget shares.
  test.for([
    { period: 30, budget: 2, long: 1 * H, factor: 14.4 },
    { period: 30, budget: 5, long: 6 * H, factor: 6 },
    { period: 30, budget: 10, long: 1 * D, factor: 3 },
    { period: 30, budget: 10, long: 3 * D, factor: 1 },
    { period: 28, budget: 2, long: 1 * H, factor: 13.44 },
    { period: 28, budget: 5, long: 6 * H, factor: 5.6 },
    { period: 28, budget: 10, long: 1 * D, factor: 2.8 },
    { period: 28, budget: 10, long: 3 * D, factor: 0.9333333333333333 },
    { period: 7, budget: 2, long: 1 * H, factor: 3.36 },
    { period: 7, budget: 5, long: 6 * H, factor: 1.4 },
  ])(
    "$budget% of a $period-day budget over a $long s window is $factor×",
    ({ period, budget, long, factor }) => {
      expect(burnFactor(budget, period * D, long)).toBeCloseTo(factor, 12);
    },
  );

  test("30d page-quick is exactly 14.4, as Sloth prints it", () => {
    expect(String(burnFactor(2, 30 * D, H))).toBe("14.4");
  });
});

describe("thresholds, detection time and budget spent (workbook worked examples)", () => {
  test("99.9%: the error budget is 0.1% (as Sloth's float: (100 − 99.9) / 100)", () => {
    expect(errorBudget(99.9)).toBe(0.0009999999999999432);
    expect(errorRatioThreshold(14.4, 99.9)).toBeCloseTo(0.0144, 12);
  });

  test.for([
    // objective, factor, long window, error ratio → seconds to fire (workbook: 14.4 over 1h at 100% errors ≈ 52 s)
    { objective: 99.9, factor: 14.4, long: 1 * H, e: 1, seconds: 51.84 },
    { objective: 99.9, factor: 6, long: 6 * H, e: 1, seconds: 129.6 },
    { objective: 99.9, factor: 1, long: 3 * D, e: 1, seconds: 259.2 },
    { objective: 99.9, factor: 14.4, long: 1 * H, e: 0.1, seconds: 518.4 },
    { objective: 99, factor: 13.44, long: 1 * H, e: 1, seconds: 483.84 },
    { objective: 99.9, factor: 1, long: 3 * D, e: 0.002, seconds: 129600 },
  ])(
    "$objective% with $factor× over $long s fires after $seconds s at error ratio $e",
    ({ objective, factor, long, e, seconds }) => {
      expect(
        detectionSeconds(
          { factor, longWindowSeconds: long },
          { errorRatio: e, objectivePercent: objective },
        ),
      ).toBeCloseTo(seconds, 6);
    },
  );

  test("an error ratio at or under the threshold never fires", () => {
    expect(
      detectionSeconds(
        { factor: 14.4, longWindowSeconds: H },
        { errorRatio: errorRatioThreshold(14.4, 99.9), objectivePercent: 99.9 },
      ),
    ).toBeUndefined();
    expect(
      detectionSeconds(
        { factor: 14.4, longWindowSeconds: H },
        { errorRatio: 0.01, objectivePercent: 99.9 },
      ),
    ).toBeUndefined();
  });

  test.for([
    { factor: 14.4, long: 1 * H, period: 30 * D, spent: 0.02 },
    { factor: 6, long: 6 * H, period: 30 * D, spent: 0.05 },
    { factor: 3, long: 1 * D, period: 30 * D, spent: 0.1 },
    { factor: 0.9333333333333333, long: 3 * D, period: 28 * D, spent: 0.1 },
  ])(
    "a $factor× tier over $long s spends $spent of the budget when it fires",
    ({ factor, long, period, spent }) => {
      expect(budgetSpentAtFire(factor, long, period)).toBeCloseTo(spent, 12);
    },
  );
});

describe("impossible tiers", () => {
  test.for([
    { objective: 50, factor: 14.4, impossible: true },
    { objective: 93.05, factor: 14.4, impossible: true },
    { objective: 93.06, factor: 14.4, impossible: false },
    { objective: 80, factor: 6, impossible: true },
    { objective: 90, factor: 6, impossible: false },
  ])("$factor× at $objective% impossible: $impossible", ({ objective, factor, impossible }) => {
    expect(isImpossible(factor, objective)).toBe(impossible);
  });
});

describe("tiers of an SLO", () => {
  const slo = (over: Record<string, unknown>) =>
    sloSchema.parse({
      name: "s",
      objective: 99.9,
      sli: { kind: "raw", errorRatioQuery: "x[{{.window}}]" },
      ...over,
    });

  test("defaults: the four workbook tiers, ids, severities unset", () => {
    expect(resolveTiers(slo({})).map((t) => [t.id, t.shortWindow, t.longWindow, t.factor])).toEqual(
      [
        ["page-quick", "5m", "1h", 14.4],
        ["page-slow", "30m", "6h", 6],
        ["ticket-quick", "2h", "1d", 3],
        ["ticket-slow", "6h", "3d", 1],
      ],
    );
  });

  test("a 7d period keeps the windows and derives smaller factors", () => {
    expect(resolveTiers(slo({ period: "7d" })).map((t) => Number(t.factor.toFixed(4)))).toEqual([
      3.36, 1.4, 0.7, 0.2333,
    ]);
  });

  test("overrides: factor, windows, disabled tier and disabled level", () => {
    const tiers = resolveTiers(
      slo({
        alerting: {
          page: { tiers: [{ shortWindow: "3m", longWindow: "37m", factor: 11 }], severity: "page" },
          ticket: { disableTiers: [1] },
        },
      }),
    );
    expect(tiers.map((t) => [t.id, t.shortWindow, t.longWindow, t.factor, t.severity])).toEqual([
      ["page-quick", "3m", "37m", 11, "page"],
      // No severity set: the level's name (the alert's severity label).
      ["ticket-quick", "2h", "1d", 3, "ticket"],
    ]);
    expect(
      resolveTiers(slo({ alerting: { page: { disable: true }, ticket: { disable: true } } })),
    ).toEqual([]);
  });

  test("recorded windows include every tier window once, shortest first, in Prometheus spelling", () => {
    expect(sliWindows(slo({}))).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
    const custom = slo({
      alerting: { page: { tiers: [{ shortWindow: "24h", longWindow: "48h", factor: 2 }] } },
    });
    expect(sliWindows(custom)).toEqual(["2h", "6h", "1d", "2d", "3d"]);
  });
});
