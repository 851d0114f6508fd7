import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { BIN, PROJECT_ROOT } from "../helpers/paths.ts";
import { humanDuration } from "../../src/slo/explain.ts";

function explain(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "explain", ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("obsforge explain", () => {
  test("text: the workbook numbers for a 99.9% / 30d SLO, row by row", () => {
    const r = explain(["--slo", "checkout-api/availability"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(
      "checkout-api / availability: objective 99.9% over 30d, error budget 0.1% (43m12s of total outage), alert CheckoutAvailabilityBudgetBurn (per-tier)",
    );
    // Hand-computed: detection = factor × eb / e × long; budget spent = factor × long / period.
    expect(lines.slice(1, 6).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      [
        "tier",
        "severity",
        "short/long",
        "factor",
        "fires above",
        "budget spent",
        "outage",
        "100x",
        "10x",
        "2x",
        "1x",
      ],
      [
        "page-quick",
        "page",
        "5m/1h",
        "14.4",
        "1.44%",
        "2%",
        "52s",
        "8m38s",
        "never",
        "never",
        "never",
      ],
      [
        "page-slow",
        "page",
        "30m/6h",
        "6",
        "0.6%",
        "5%",
        "2m10s",
        "21m36s",
        "3h36m",
        "never",
        "never",
      ],
      [
        "ticket-quick",
        "ticket",
        "2h/1d",
        "3",
        "0.3%",
        "10%",
        "4m19s",
        "43m12s",
        "7h12m",
        "never",
        "never",
      ],
      [
        "ticket-slow",
        "ticket",
        "6h/3d",
        "1",
        "0.1%",
        "10%",
        "4m19s",
        "43m12s",
        "7h12m",
        "1d12h",
        "never",
      ],
    ]);
  });

  test("a 28d period: factors from budget share, and the 3d ticket fires at exactly the budget rate", () => {
    const r = explain(["--slo", "checkout-api/latency", "--format", "json"]);
    expect(r.code).toBe(0);
    const [slo] = JSON.parse(r.stdout);
    expect(slo.tiers.map((t: { factor: number }) => Number(t.factor.toFixed(4)))).toEqual([
      13.44, 5.6, 2.8, 0.9333,
    ]);
    const slow = slo.tiers[3];
    // 0.9333 × 1% / 1% × 3d = 2.8 days
    expect(slow.detection.x1).toBeCloseTo(0.9333333333333333 * 3 * 86400, 6);
    expect(slow.budgetSpent).toBeCloseTo(0.1, 12);
  });

  test("markdown renders a table per SLO with the formulas", () => {
    const r = explain(["--format", "markdown"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("### orders-db / availability");
    expect(r.stdout).toContain(
      "| page-quick | page | 5m/1h | 14.4 | 0.72% | 2% | 26s | 8m38s | never | never | never |",
    );
    expect(r.stdout).toContain("- budget spent when it fires = F x long window / period");
  });

  test("an unknown SLO is an error, an unknown format a usage error", () => {
    expect(explain(["--slo", "nope"])).toMatchObject({
      code: 1,
      stderr: 'error: no SLO named "nope" (use <slo> or <service>/<slo>)\n',
    });
    expect(explain(["--format", "yaml"]).code).toBe(2);
  });

  test.for([
    [51.84, "52s"],
    [518.4, "8m38s"],
    [129600, "1d12h"],
    [3600, "1h"],
  ] as const)("humanDuration(%d) is %s", ([seconds, text]) => {
    expect(humanDuration(seconds)).toBe(text);
  });
});
