import { durationSeconds } from "../core/duration.ts";
import type { Service } from "../model/service.ts";
import type { Slo } from "../model/slo.ts";
import { burnFactor, errorBudget } from "../slo/burn-rate.ts";
import { sliQueries } from "../slo/sli.ts";
import type {
  PrometheusAlertingRule,
  PrometheusRuleGroup,
} from "../targets/prometheus/rule-file.ts";
import { sloAlerts } from "../targets/prometheus/slo-rules.ts";

/** The label that names a strategy on its alert (and the report's tier column). */
export const STRATEGY_LABEL = "obsforge_strategy";

interface Strategy {
  id: string;
  alert: string;
  expr: (slo: Slo, service: Service) => string;
  for?: string;
}

/** `ratio over window > threshold` with the SLI's own error-ratio query. */
function above(slo: Slo, window: string, threshold: number): string {
  return `(${sliQueries(slo.sli).errorRatio(window).trim()}) > ${threshold}`;
}

/** A burn-rate threshold for spending `budgetPercent` of the period's budget within `window`. */
function burn(slo: Slo, budgetPercent: number, window: string): number {
  const factor = burnFactor(budgetPercent, durationSeconds(slo.period), durationSeconds(window));
  return factor * errorBudget(slo.objective);
}

/**
 * The alerting strategies of the SRE workbook's chapter 5 ("Alerting on
 * SLOs"), each as one alert over the SLI's own queries, thresholds derived
 * from the SLO's objective and period as the chapter derives them: (1) the
 * error ratio over 10m above the budget rate; (2) the same over 36h; (3) over
 * 1m, held for 1h; (4) one burn rate, 5% of the budget in 1h; (5) several
 * burn rates, 2% in 1h, 5% in 6h, 10% in 3d; (6) multiwindow, multi-burn-rate:
 * the SLO's own generated alerts, any tier. Each is wrapped in max() so a
 * strategy is one series: one fire per episode, whatever its parts.
 */
export const STRATEGIES: readonly Strategy[] = [
  {
    id: "1-target-error-rate",
    alert: "WorkbookTargetErrorRate",
    expr: (slo) => above(slo, "10m", errorBudget(slo.objective)),
  },
  {
    id: "2-longer-window",
    alert: "WorkbookLongerWindow",
    expr: (slo) => above(slo, "36h", errorBudget(slo.objective)),
  },
  {
    id: "3-alert-duration",
    alert: "WorkbookAlertDuration",
    expr: (slo) => above(slo, "1m", errorBudget(slo.objective)),
    for: "1h",
  },
  {
    id: "4-burn-rate",
    alert: "WorkbookBurnRate",
    expr: (slo) => above(slo, "1h", burn(slo, 5, "1h")),
  },
  {
    id: "5-multiple-burn-rates",
    alert: "WorkbookMultipleBurnRates",
    expr: (slo) =>
      [
        above(slo, "1h", burn(slo, 2, "1h")),
        above(slo, "6h", burn(slo, 5, "6h")),
        above(slo, "3d", burn(slo, 10, "3d")),
      ]
        .map((e) => `(${e})`)
        .join(" or "),
  },
  {
    id: "6-multiwindow-multi-burn-rate",
    alert: "WorkbookMultiwindowMultiBurnRate",
    expr: (slo, service) =>
      sloAlerts(service, slo)
        .filter((a) => a.kind === "burn-rate")
        .map((a) => `(${a.rule.expr.trim()})`)
        .join(" or "),
  },
];

/** One group of the strategies' alerts for an SLO (the SLI recordings stay in its own groups). */
export function strategyGroup(service: Service, slo: Slo): PrometheusRuleGroup {
  return {
    name: `obsforge-workbook-strategies-${service.name}-${slo.name}`,
    rules: STRATEGIES.map(
      (s): PrometheusAlertingRule => ({
        alert: s.alert,
        expr: `max(${s.expr(slo, service)})`,
        ...(s.for !== undefined && { for: s.for }),
        labels: { [STRATEGY_LABEL]: s.id },
      }),
    ),
  };
}
