import { describe, expect, test } from "vitest";
import { defineService, eventRatioSli, slo } from "../../src/authoring.ts";
import { formatNumber, formatPercent, tidyNumber } from "../../src/core/numbers.ts";
import { serviceSchema } from "../../src/model/service.ts";
import { explainSlo } from "../../src/slo/explain.ts";
import { explainJson, explainMarkdown, explainText } from "../../src/slo/explain-format.ts";
import { compileSloGroups } from "../../src/targets/prometheus/slo-rules.ts";
import { compileSloTests } from "../../src/targets/promtool/slo-tests.ts";
import { toYaml } from "../../src/emit/serialize.ts";

describe("formatNumber: the shortest decimal after rounding away float noise", () => {
  test.for([
    // 28d factors as computed (Sloth's order of operations): 5 × 672 / 100 / 6 and friends.
    [(5 * 672) / 100 / 6, "5.6"],
    [(10 * 672) / 100 / 24, "2.8"],
    [(2 * 672) / 100 / 1, "13.44"],
    [(10 * 672) / 100 / 72, "0.933333333333"],
    [99.9 / 100, "0.999"],
    [1 - 99.9 / 100, "0.001"],
    [0.1 + 0.2, "0.3"],
    [99.99999, "99.99999"],
    [0.000123456, "0.000123456"],
    [1e21, "1e+21"],
    [-0, "0"],
    [42, "42"],
  ] as const)("%s prints as %s", ([n, text]) => {
    expect(formatNumber(n)).toBe(text);
  });

  test("fewer digits on request, percentages with 4 by default", () => {
    expect(formatNumber((10 * 672) / 100 / 72, { digits: 6 })).toBe("0.933333");
    expect(formatPercent(5.6 * 0.005)).toBe("2.8%");
    expect(formatPercent(0.9333333333333333 * 0.01)).toBe("0.9333%");
    expect(tidyNumber(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

/** A 28d per-tier SLO at 99.5%: every factor (13.44, 5.6, 2.8, 0.933…) is a float with noise. */
function service28d(objective = 99.5) {
  return serviceSchema.parse(
    defineService({
      name: "ledger",
      team: "money",
      slos: [
        slo({
          name: "writes",
          objective,
          period: "28d",
          sli: eventRatioSli({
            errorQuery: 'sum(rate(ledger_writes_total{result="error"}[{{.window}}]))',
            totalQuery: "sum(rate(ledger_writes_total[{{.window}}]))",
          }),
          alerting: { name: "LedgerWritesBudgetBurn", mode: "per-tier" },
        }),
      ],
    }),
  );
}

describe("numbers people read are tidy; rule expressions keep Sloth's bytes", () => {
  const service = service28d();
  const theSlo = service.slos[0]!;

  test("explain JSON reads 5.6 and 2.8, not 5.6000000000000005 and 2.8000000000000003", () => {
    const json = explainJson([explainSlo(service, theSlo)]);
    expect(json).not.toMatch(/\d\.\d*0000000\d|9999999\d/);
    const [parsed] = JSON.parse(json);
    expect(parsed.tiers.map((t: { factor: number }) => t.factor)).toEqual([
      13.44, 5.6, 2.8, 0.933333333333,
    ]);
    // threshold = factor × 0.005; budget spent = factor × long / 28d
    expect(parsed.tiers.map((t: { threshold: number }) => t.threshold)).toEqual([
      0.0672, 0.028, 0.014, 0.00466666666667,
    ]);
    expect(parsed.tiers.map((t: { budgetSpent: number }) => t.budgetSpent)).toEqual([
      0.02, 0.05, 0.1, 0.1,
    ]);
    expect(parsed.errorBudget).toBe(0.005);
  });

  test("explain text and markdown print the same tidy factors and thresholds", () => {
    const text = explainText([explainSlo(service, theSlo)]);
    const md = explainMarkdown([explainSlo(service, theSlo)]);
    for (const out of [text, md]) {
      expect(out).not.toMatch(/\d\.\d*0000000\d|9999999\d/);
      expect(out).toContain("objective 99.5% over 28d, error budget 0.5%");
    }
    expect(text).toMatch(/page-slow\s+page\s+30m\/6h\s+5\.6\s+2\.8%\s+5%/);
    expect(text).toMatch(/ticket-quick\s+ticket\s+2h\/1d\s+2\.8\s+1\.4%\s+10%/);
    expect(text).toMatch(/ticket-slow\s+ticket\s+6h\/3d\s+0\.933333\s+0\.4667%\s+10%/);
  });

  test("an objective from an OpenSLO target (0.9993 × 100 = 99.92999999999999) reads 99.93%", () => {
    const openSlo = service28d(0.9993 * 100);
    const text = explainText([explainSlo(openSlo, openSlo.slos[0]!)]);
    expect(text.split("\n")[0]).toBe(
      "ledger / writes: objective 99.93% over 28d, error budget 0.07% (28m13s of total outage), alert LedgerWritesBudgetBurn (per-tier)",
    );
  });

  test("alert descriptions read 5.6x; the expression keeps Sloth's float 5.6000000000000005", () => {
    const alerts = compileSloGroups(service, theSlo).flatMap((g) => g.rules);
    const slow = alerts.find((r) => "alert" in r && r.labels?.slo_tier === "page-slow")!;
    expect("alert" in slow && slow.annotations?.description).toBe(
      "Both the 30m and 6h error ratios are above 5.6x the error budget rate.",
    );
    // Sloth (Go, shortest round-trip of the same IEEE product) writes exactly these bytes
    // for a 28d period; imported estates must keep them.
    expect(slow.expr).toContain("> (5.6000000000000005 * 0.005)");
    const descriptions = alerts.map((r) =>
      "alert" in r ? (r.annotations?.description ?? "") : "",
    );
    expect(descriptions.join("\n")).not.toMatch(/\d\.\d*0000000\d|9999999\d/);
  });

  test("generated test names print thresholds as people write them", () => {
    const names = toYaml(compileSloTests(service, "rules.yml") ?? {})
      .split("\n")
      .filter((l) => l.includes("- name:"))
      .join("\n");
    expect(names).not.toMatch(/\d\.\d*0000000\d|9999999\d/);
    // 0.99 × 2.8% and 1.01 × 0.4667%
    expect(names).toContain("just under page-slow''s threshold (2.772%)");
    expect(names).toContain("just over ticket-slow''s threshold (0.4713%)");
  });
});
