import type { IssueSink } from "../model/issues.ts";
import type { Service } from "../model/service.ts";
import { errorRatioThreshold } from "./burn-rate.ts";
import { sloGroupNames } from "./conventions.ts";
import { resolveTiers } from "./tiers.ts";
import { sliQueries } from "./sli.ts";
import { simpleSumRateSelector } from "../promql/rate-selector.ts";
import type { Metric } from "../model/metric.ts";
import { formatNumber, formatPercent } from "../core/numbers.ts";
import type { Slo } from "../model/slo.ts";
import { SAMPLE_WINDOW, WINDOW } from "../core/window.ts";

export type Report = (message: string, path: (string | number)[]) => void;

/**
 * The cross-field checks of a service that need the SLO engine (tiers, burn
 * rates, SLI queries, Sloth's group names). They run after parsing, in the
 * estate step (src/estate/build.ts), not as schema refinements: the model
 * stays below the SLO engine, which reads it.
 */
export function checkServiceSlos(service: Service, sink: IssueSink): void {
  service.slos.forEach((slo, index) => {
    checkSlo(slo, service.metrics, (message, path) =>
      sink.addIssue({ code: "custom", path: ["slos", index, ...path], message, input: undefined }),
    );
  });
  checkGroupNamesFree(service, sink);
}

/**
 * Checks that need more than one field of an SLO (or the service's
 * catalogue). Paths are relative to the SLO.
 */
export function checkSlo(slo: Slo, catalogue: readonly Metric[], report: Report): void {
  // An out-of-range objective is reported by the schema; tier maths on it would only add noise.
  if (!(slo.objective > 0 && slo.objective < 100)) return;
  checkLatencyAgainstCatalogue(slo, catalogue, report);
  checkTiersCanFire(slo, report);
  checkTierFor(slo, report);
  checkGuard(slo, report);
}

/** Sloth mode ORs two tiers into one alert, which has one `for`: a tier's own cannot apply. */
function checkTierFor(slo: Slo, report: Report): void {
  if (slo.alerting.mode !== "sloth") return;
  for (const level of ["page", "ticket"] as const) {
    (slo.alerting[level].tiers ?? []).forEach((tier, index) => {
      if (tier.for === undefined) return;
      report(
        `expected no tier "for" in sloth mode (both tiers share one alert), got ${JSON.stringify(tier.for)}; use mode "per-tier" or "pyrra"`,
        ["alerting", level, "tiers", index, "for"],
      );
    });
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
      `expected a ${tier.id} tier that can fire, got one needing an error ratio above ${formatPercent(threshold)} (${formatNumber(tier.factor, { digits: 6 })}x a ${formatNumber(100 - slo.objective)}% budget); disable it with disableTiers: [${tier.index}] or give it a lower factor`,
      // A tier the SLO writes is named (an imported spec's condition is found by it); a default one is the level's.
      slo.alerting[tier.level].tiers === undefined
        ? ["alerting", tier.level]
        : ["alerting", tier.level, "tiers", tier.index, "factor"],
    );
  }
}

/**
 * The low-traffic guard compares the SLI's total event rate with a floor, so
 * it needs a total that is a rate of events: `sum(rate(metric{…}[w]))` with
 * matchers a series can satisfy (the generated tests drive it with one).
 */
function checkGuard(slo: Slo, report: Report): void {
  const guard = slo.alerting.minEventRate;
  if (guard === undefined) return;
  const total = sliQueries(slo.sli).total;
  if (slo.sli.kind === "raw" || slo.sli.kind === "availability" || total === undefined) {
    report(
      `expected no minEventRate on a ${slo.sli.kind} SLI (it has no event-rate query to guard with), got ${guard}`,
      ["alerting", "minEventRate"],
    );
  } else if (simpleSumRateSelector(total(SAMPLE_WINDOW)) === undefined) {
    report(
      `expected a totalQuery of the form sum(rate(metric{…}[${WINDOW}])) with = or oneOf matchers for minEventRate, got ${JSON.stringify(total(WINDOW).trim())}`,
      ["alerting", "minEventRate"],
    );
  }
}

/** SLO groups are named sloth-slo-*-<service>-<slo>; a hand-written group of the same name would collide in the rule file (Prometheus's, or Loki's for log SLOs). */
function checkGroupNamesFree(
  service: {
    name: string;
    groups: { name: string }[];
    logGroups: { name: string }[];
    slos: { name: string }[];
  },
  ctx: IssueSink,
): void {
  const generated = new Set(
    service.slos.flatMap((slo) => Object.values(sloGroupNames(service, slo))),
  );
  for (const field of ["groups", "logGroups"] as const) {
    service[field].forEach((group, index) => {
      if (generated.has(group.name)) {
        ctx.addIssue({
          code: "custom",
          path: [field, index, "name"],
          message: `expected a group name not generated for an SLO, got "${group.name}"`,
          input: undefined,
        });
      }
    });
  }
}
