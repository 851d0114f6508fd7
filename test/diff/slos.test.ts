import { describe, expect, test } from "vitest";
import { diffSlos, type SloSnapshot } from "../../src/diff/slos.ts";
import type { ExplainedTier } from "../../src/slo/explain.ts";

const PERIOD_SECONDS = 30 * 86400;

/** A tier as explain reports it, its threshold and budget share worked out for a 99.9% SLO over 30d. */
function tier(id: string, factor: number, windows: [string, string, number]): ExplainedTier {
  const [shortWindow, longWindow, longSeconds] = windows;
  return {
    id,
    level: id.startsWith("page") ? "page" : "ticket",
    severity: id.startsWith("page") ? "page" : "ticket",
    shortWindow,
    longWindow,
    factor,
    threshold: factor * 0.001,
    budgetSpent: (factor * longSeconds) / PERIOD_SECONDS,
    detection: { outage: null, x100: null, x10: null, x2: null, x1: null },
  };
}

function snapshot(tiers: Array<[string, number, [string, string, number]]>): SloSnapshot {
  return {
    explained: {
      service: "api",
      slo: "availability",
      alert: "ApiAvailabilityBudgetBurn",
      mode: "per-tier",
      objective: 99.9,
      period: "30d",
      errorBudget: 0.001,
      budgetSeconds: 2592,
      sliRecordedBy: "prometheus",
      tiers: tiers.map(([id, factor, w]) => tier(id, factor, w)),
    },
    tiers: tiers.map(([id, factor, [, , longWindowSeconds]]) => ({
      id,
      factor,
      longWindowSeconds,
      forSeconds: 0,
    })),
  };
}

const QUICK: [string, string, number] = ["5m", "1h", 3600];
const SLOW: [string, string, number] = ["6h", "3d", 3 * 86400];

describe("SLOs", () => {
  test("a tier's factor halved: threshold, budget spent and time to fire at the base's error ratios", () => {
    const before = snapshot([
      ["page-quick", 14.4, QUICK],
      ["ticket-slow", 1, SLOW],
    ]);
    const after = snapshot([
      ["page-quick", 7.2, QUICK],
      ["page-slow", 6, ["30m", "6h", 21600]],
    ]);
    expect(diffSlos([before], [after])).toEqual([
      {
        kind: "slo",
        status: "changed",
        id: "api/availability",
        changes: [
          {
            status: "changed",
            kind: "tier",
            name: "page-quick",
            fields: [
              { field: "factor", before: "14.4", after: "7.2" },
              // 14.4 x 0.1% and 7.2 x 0.1%; 14.4 x 1h / 30d = 2%, then 1%.
              { field: "fires above", before: "1.44%", after: "0.72%" },
              { field: "budget spent when it fires", before: "2%", after: "1%" },
              // 0.0144 / 1 x 3600 s = 51.84 s, then 25.92 s.
              { field: "time to fire at 100% errors", before: "52s", after: "26s" },
              // 0.0144 / 0.1 x 3600 s = 518.4 s, then 259.2 s.
              { field: "time to fire at 10% errors", before: "8m38s", after: "4m19s" },
              // 1% is below 1.44%: never; above 0.72%: 0.72 x 3600 s = 2592 s.
              { field: "time to fire at 1% errors", before: "never", after: "43m12s" },
            ],
          },
          {
            status: "added",
            kind: "tier",
            name: "page-slow",
            fields: [
              { field: "severity", after: "page" },
              { field: "windows", after: "30m/6h" },
              { field: "factor", after: "6" },
            ],
          },
          {
            status: "removed",
            kind: "tier",
            name: "ticket-slow",
            fields: [
              { field: "severity", before: "ticket" },
              { field: "windows", before: "6h/3d" },
              { field: "factor", before: "1" },
            ],
          },
        ],
      },
    ]);
  });

  test("nothing for an unchanged SLO; an SLO added or removed is summarised", () => {
    const one = snapshot([["page-quick", 14.4, QUICK]]);
    expect(diffSlos([one], [snapshot([["page-quick", 14.4, QUICK]])])).toEqual([]);
    const [added] = diffSlos([], [one]);
    expect(added).toEqual({
      kind: "slo",
      status: "added",
      id: "api/availability",
      changes: [
        {
          status: "added",
          kind: "slo",
          name: "settings",
          fields: [
            { field: "objective", after: "99.9%" },
            { field: "period", after: "30d" },
            { field: "mode", after: "per-tier" },
            { field: "alert", after: "ApiAvailabilityBudgetBurn" },
            { field: "SLI recorded by", after: "prometheus" },
            { field: "tiers", after: "page-quick" },
          ],
        },
      ],
    });
    expect(diffSlos([one], [])[0]?.status).toBe("removed");
  });
});
