import { formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import { defineService, eventRatioSli, logRatioSli } from "../../src/authoring.ts";
import { buildEstate } from "../../src/estate/build.ts";
import { lokiRecordedSeries } from "../../src/model/log-rule.ts";
import { serviceSchema } from "../../src/model/service.ts";
import { errorBudget } from "../../src/slo/burn-rate.ts";
import { resolveTiers } from "../../src/slo/tiers.ts";
import { compileLokiRules } from "../../src/targets/loki/compile.ts";
import { compilePrometheusRules } from "../../src/targets/prometheus/compile.ts";
import { sliWindowRules } from "../../src/targets/prometheus/slo-rules.ts";

const logSli = logRatioSli({
  errorQuery:
    'sum(count_over_time({app="shop"} |= "checkout" | json outcome | outcome="failed" [{{.window}}]))',
  totalQuery: 'sum(count_over_time({app="shop"} |= "checkout" [{{.window}}]))',
});
const promSli = eventRatioSli({
  errorQuery: 'sum(rate(checkouts_total{outcome="failed"}[{{.window}}]))',
  totalQuery: "sum(rate(checkouts_total[{{.window}}]))",
});

/** The same SLO (name, objective, period, alerting) over a log SLI and over a Prometheus SLI. */
function shop(sli: typeof logSli) {
  return serviceSchema.parse(
    defineService({
      name: "shop",
      team: "web",
      slos: [
        { name: "checkout", objective: 99.7, period: "28d", sli, alerting: { mode: "per-tier" } },
      ],
    }),
  );
}

describe("a log-based SLO", () => {
  const logs = shop(logSli);
  const prom = shop(promSli);
  const groupNamed = (file: { groups: { name: string; rules: unknown[] }[] }, name: string) =>
    file.groups.find((g) => g.name === name);

  test("records its SLI in Loki (one LogQL rule per alert window) and nothing else there", () => {
    const loki = compileLokiRules(logs);
    expect(loki.groups.map((g) => g.name)).toEqual(["sloth-slo-sli-recordings-shop-checkout"]);
    const rules = loki.groups[0]!.rules as {
      record: string;
      expr: string;
      labels: Record<string, string>;
    }[];
    expect(rules.map((r) => r.record)).toEqual(
      ["5m", "30m", "1h", "2h", "6h", "1d", "3d"].map((w) => `slo:sli_error:ratio_rate${w}`),
    );
    expect(rules[0]!.expr).toBe(
      '(sum(count_over_time({app="shop"} |= "checkout" | json outcome | outcome="failed" [5m])) or vector(0))\n/\n(sum(count_over_time({app="shop"} |= "checkout" [5m])))\n',
    );
  });

  test("the Loki SLI rules come from the Prometheus target's own builder: same names and labels", () => {
    const loki = compileLokiRules(logs).groups[0]!.rules;
    expect(loki).toEqual(sliWindowRules(logs, logs.slos[0]!));
    const promSliGroup = groupNamed(
      compilePrometheusRules(prom),
      "sloth-slo-sli-recordings-shop-checkout",
    )!;
    const strip = (rules: unknown[]) =>
      (rules as { record: string; labels: unknown }[]).map(({ record, labels }) => ({
        record,
        labels,
      }));
    // The Prometheus SLO records the same windows plus the period rule.
    expect(strip(loki)).toEqual(strip(promSliGroup.rules).slice(0, loki.length));
  });

  test("budget, burn-rate and alert rules are Prometheus's, byte for byte the same as the Prometheus SLO's", () => {
    const fromLogs = compilePrometheusRules(logs);
    const fromProm = compilePrometheusRules(prom);
    for (const name of [
      "sloth-slo-meta-recordings-shop-checkout",
      "sloth-slo-alerts-shop-checkout",
    ]) {
      expect(groupNamed(fromLogs, name)).toEqual(groupNamed(fromProm, name));
    }
    // The period rule reads the recorded 5m series, wherever it was recorded.
    const periodOf = (f: typeof fromLogs) =>
      groupNamed(f, "sloth-slo-sli-recordings-shop-checkout")!.rules.at(-1);
    expect(groupNamed(fromLogs, "sloth-slo-sli-recordings-shop-checkout")!.rules).toHaveLength(1);
    expect(periodOf(fromLogs)).toEqual(periodOf(fromProm));
  });

  test("its thresholds are the shared burn-rate math (resolveTiers × errorBudget)", () => {
    const slo = logs.slos[0]!;
    const alerts = groupNamed(compilePrometheusRules(logs), "sloth-slo-alerts-shop-checkout")!
      .rules as { alert: string; expr: string; labels: Record<string, string> }[];
    const tiers = resolveTiers(slo);
    // 28d: the workbook's budget shares over 28 days (PEERS.md §2.1), with Sloth's float noise.
    expect(tiers.map((t) => Math.round(t.factor * 1000) / 1000)).toEqual([13.44, 5.6, 2.8, 0.933]);
    for (const tier of tiers) {
      const rule = alerts.find((a) => a.labels.slo_tier === tier.id)!;
      expect(rule.expr).toContain(`> (${tier.factor} * ${errorBudget(slo.objective)})`);
    }
  });

  test("rejects minEventRate: the low-traffic guard is PromQL and cannot read the LogQL total", () => {
    const result = buildEstate([
      {
        file: "definitions/shop.ts",
        source: "shop.ts",
        exported: defineService({
          name: "shop",
          team: "web",
          slos: [{ name: "checkout", objective: 99, sli: logSli, alerting: { minEventRate: 2 } }],
        }),
      },
    ]);
    expect(result.ok ? [] : result.diagnostics.map(formatProblem)).toEqual([
      "definitions/shop.ts: slos[0].alerting.minEventRate: expected no minEventRate on a logs SLI (it has no event-rate query to guard with), got 2",
    ]);
  });

  test("a Prometheus SLO may read series a Loki recording rule writes (remote-written under the record name)", () => {
    const result = buildEstate([
      {
        file: "definitions/shop.ts",
        source: "shop.ts",
        exported: defineService({
          name: "shop",
          team: "web",
          logGroups: [
            {
              name: "g",
              rules: [
                {
                  kind: "logRecord",
                  name: "service:shop_checkouts:count1m",
                  expr: 'sum(count_over_time({app="shop"} |= "checkout" [1m]))',
                },
              ],
            },
          ],
          slos: [
            {
              name: "recorded",
              objective: 99,
              sli: eventRatioSli({
                errorQuery:
                  "sum(sum_over_time(service:shop_checkout_failures:count1m[{{.window}}]))",
                totalQuery: "sum(sum_over_time(service:shop_checkouts:count1m[{{.window}}]))",
              }),
            },
          ],
        }),
      },
    ]);
    expect(result.ok ? [] : result.diagnostics.map(formatProblem)).toEqual([]);
    // Catalogue checks can treat these names as known series.
    if (result.ok) {
      expect(lokiRecordedSeries(result.value.services[0]!.value)).toEqual([
        "service:shop_checkouts:count1m",
      ]);
    }
  });
});
