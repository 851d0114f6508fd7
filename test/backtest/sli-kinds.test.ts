import { beforeAll, describe, expect, test } from "vitest";
import type { AlertReport, BacktestReport } from "../../src/backtest/report.ts";
import { backtestEstate } from "../../src/backtest/run.ts";
import type { Service } from "../../src/model/service.ts";
import { validateProject } from "../../src/pipeline/project.ts";
import { detectionSeconds, errorBudget } from "../../src/slo/burn-rate.ts";
import { resolveTiers } from "../../src/slo/tiers.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * Generated scenarios for the SLI kinds beyond plain events: availability
 * from a 0/1 gauge, raw error ratios of the events shape (bad over total,
 * and one minus good over total), latency with regex matchers. Each through
 * the real engine: steady traffic at 0.5x the budget rate fires nothing,
 * 14.4x pages within the time explain's formula predicts, plus one
 * interval. A log SLI (recorded by Loki) stays skipped.
 */
const INTERVAL = 60;
const SLOS = ["probe", "raw-bad", "raw-good", "latency-re"] as const;
let report: BacktestReport;
let service: Service;

const DEFINITION = `import { availabilitySli, defineService, latencySli, logRatioSli, metric, rawSli, re, slo, WINDOW } from "obsforge";
const page = { ticket: { disable: true } };
export default defineService({
  name: "kinds",
  team: "web",
  metrics: [
    metric({
      name: "http_request_duration_seconds",
      type: "histogram",
      unit: "s",
      help: "Duration of HTTP requests.",
      labels: ["job", "route"],
      buckets: [0.1, 0.5, 1],
    }),
  ],
  slos: [
    slo({
      name: "probe",
      objective: 99.9,
      period: "30d",
      sli: availabilitySli({ metric: "probe_success", matchers: { job: "blackbox", instance: re("shop-1|shop-2") } }),
      alerting: page,
    }),
    slo({
      name: "raw-bad",
      objective: 99.9,
      period: "30d",
      sli: rawSli({
        errorRatioQuery: \`sum(rate(http_requests_total{job="shop", code=~"5.."}[\${WINDOW}])) / sum(rate(http_requests_total{job="shop"}[\${WINDOW}]))\`,
      }),
      alerting: page,
    }),
    slo({
      name: "raw-good",
      objective: 99.5,
      period: "28d",
      sli: rawSli({
        errorRatioQuery: \`1 - (sum(increase(jobs_succeeded_total{queue="mail"}[\${WINDOW}])) / sum(increase(jobs_total{queue="mail"}[\${WINDOW}])))\`,
      }),
      alerting: page,
    }),
    slo({
      name: "latency-re",
      objective: 99,
      period: "30d",
      sli: latencySli({ metric: "http_request_duration_seconds", threshold: 0.5, matchers: { job: "shop", route: re("/api/.+") } }),
      alerting: page,
    }),
    slo({
      name: "logs",
      objective: 99.9,
      period: "30d",
      sli: logRatioSli({
        errorQuery: \`sum(count_over_time({app="shop"} |= "error" [\${WINDOW}]))\`,
        totalQuery: \`sum(count_over_time({app="shop"}[\${WINDOW}]))\`,
      }),
      alerting: page,
    }),
  ],
});
`;

beforeAll(async () => {
  const dir = await tempTree({ "definitions/kinds.ts": DEFINITION });
  const validated = await validateProject({ definitions: "definitions", cwd: dir });
  if (!validated.ok) throw new Error(JSON.stringify(validated.diagnostics));
  service = validated.value.estate.services[0]!.value;
  report = await backtestEstate(validated.value.estate, { scenarios: ["14.4x-6h"] });
}, 300_000);

function alertsOf(slo: string): AlertReport[] {
  return report.alerts.filter((a) => a.slo === `kinds/${slo}`);
}

describe("generated scenarios for every SLI kind obsforge can synthesize", () => {
  test("each SLO but the log one is backtested; the log one is skipped with its reason", () => {
    for (const slo of SLOS) expect([slo, alertsOf(slo).length > 0]).toEqual([slo, true]);
    expect(report.skipped).toEqual([
      { slo: "kinds/logs", reason: expect.stringContaining("no scenarios for its logs SLI") },
    ]);
  });

  test.each(SLOS)("%s: steady traffic at 0.5x the budget rate fires nothing", (slo) => {
    for (const a of alertsOf(slo)) {
      const steady = a.scenarios!.find((s) => s.scenario === "steady")!;
      expect([a.tier, steady.fires]).toEqual([a.tier, 0]);
    }
  });

  test.each(SLOS)("%s: 14.4x pages within explain's detection time, plus one interval", (slo) => {
    const definition = service.slos.find((s) => s.name === slo)!;
    const predicted = resolveTiers(definition)
      .filter((t) => t.level === "page")
      .map((t) =>
        detectionSeconds(t, {
          errorRatio: 14.4 * errorBudget(definition.objective),
          objectivePercent: definition.objective,
        }),
      )
      .filter((s): s is number => s !== undefined);
    expect(predicted.length).toBeGreaterThan(0);
    const detected = alertsOf(slo)
      .filter((a) => a.severity === "page")
      .map((a) => a.scenarios!.find((s) => s.scenario === "14.4x-6h")!.detectionSeconds)
      .filter((s): s is number => s !== null);
    expect(detected.length).toBeGreaterThan(0);
    expect(Math.min(...detected)).toBeGreaterThan(0);
    expect(Math.min(...detected)).toBeLessThanOrEqual(Math.min(...predicted) + INTERVAL);
  });
});
