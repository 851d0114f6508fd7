import { errorRatioThreshold } from "../slo/burn-rate.ts";
import { resolveTiers } from "../slo/tiers.ts";
import type { Metric } from "./metric.ts";
import type { Slo } from "./slo.ts";

export type Report = (message: string, path: (string | number)[]) => void;

/**
 * Checks that need more than one field of an SLO (or the service's
 * catalogue). Paths are relative to the SLO.
 */
export function checkSlo(slo: Slo, catalogue: readonly Metric[], report: Report): void {
  checkLatencyAgainstCatalogue(slo, catalogue, report);
  checkTiersCanFire(slo, report);
  if (
    slo.alerting.minEventRate !== undefined &&
    (slo.sli.kind === "raw" || slo.sli.kind === "availability" || slo.sli.kind === "logs")
  ) {
    report(
      `expected no minEventRate on a ${slo.sli.kind} SLI (it has no event-rate query to guard with), got ${slo.alerting.minEventRate}`,
      ["alerting", "minEventRate"],
    );
  }
}

/**
 * A latency SLI counts requests above a bucket bound, so the histogram must
 * be in the catalogue and the threshold must be one of its `le` values: a
 * threshold between buckets would silently measure the next bucket up.
 */
function checkLatencyAgainstCatalogue(
  slo: Slo,
  catalogue: readonly Metric[],
  report: Report,
): void {
  if (slo.sli.kind !== "latency") return;
  const { metric: name, threshold } = slo.sli;
  const entry = catalogue.find((m) => m.name === name);
  if (entry === undefined) {
    report(
      `expected a histogram from this service's metric catalogue, got "${name}" (not in metrics[])`,
      ["sli", "metric"],
    );
  } else if (entry.type !== "histogram") {
    report(`expected a histogram, got "${name}" of type ${entry.type}`, ["sli", "metric"]);
  } else if (entry.buckets === undefined) {
    report(`expected "${name}" to declare its buckets in the catalogue, got none`, [
      "sli",
      "metric",
    ]);
  } else if (!entry.buckets.includes(threshold)) {
    report(
      `expected one of the bucket bounds of "${name}" (${entry.buckets.join(", ")}), got ${threshold}`,
      ["sli", "threshold"],
    );
  }
}

/**
 * A tier whose threshold is ≥ 100% errors can never fire (14.4× at any
 * objective ≤ 93.06%). No peer warns about it; teams find out in an outage.
 */
function checkTiersCanFire(slo: Slo, report: Report): void {
  for (const tier of resolveTiers(slo)) {
    const threshold = errorRatioThreshold(tier.factor, slo.objective);
    if (threshold < 1) continue;
    report(
      `expected a ${tier.id} tier that can fire, got one needing an error ratio above ${(threshold * 100).toFixed(1)}% (${round(tier.factor)}x a ${round(100 - slo.objective)}% budget); disable it with disableTiers: [${tier.index}] or give it a lower factor`,
      ["alerting", tier.level],
    );
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
