import { durationSeconds } from "../core/duration.ts";
import type { Service } from "../model/service.ts";
import type { Slo } from "../model/slo.ts";
import {
  budgetSpentAtFire,
  detectionSeconds,
  errorBudget,
  errorRatioThreshold,
} from "./burn-rate.ts";
import { defaultSloAlertName } from "./conventions.ts";
import { sliRecordedBy } from "./sli.ts";
import { resolveTiers } from "./tiers.ts";

/** Error-rate scenarios `explain` reports: a total outage and multiples of the budget rate. */
export const SCENARIOS = [
  { id: "outage", label: "outage", errorRatio: (_eb: number) => 1 },
  { id: "x100", label: "100x", errorRatio: (eb: number) => Math.min(1, 100 * eb) },
  { id: "x10", label: "10x", errorRatio: (eb: number) => Math.min(1, 10 * eb) },
  { id: "x2", label: "2x", errorRatio: (eb: number) => Math.min(1, 2 * eb) },
  // Exactly the budget rate: only tiers with a factor below 1 fire (28d's 3d ticket tier does).
  { id: "x1", label: "1x", errorRatio: (eb: number) => eb },
] as const;

export type ScenarioId = (typeof SCENARIOS)[number]["id"];

export interface ExplainedTier {
  id: string;
  level: "page" | "ticket";
  severity: string;
  shortWindow: string;
  longWindow: string;
  factor: number;
  /** Error ratio both windows must exceed. */
  threshold: number;
  /** Share of the period's budget spent when the tier fires on a constant error rate. */
  budgetSpent: number;
  /** Seconds to fire per scenario; null when it never fires. */
  detection: Record<ScenarioId, number | null>;
}

export interface ExplainedSlo {
  service: string;
  slo: string;
  alert: string;
  mode: "sloth" | "per-tier" | "pyrra";
  objective: number;
  period: string;
  errorBudget: number;
  /** Seconds of total outage the whole period's budget allows. */
  budgetSeconds: number;
  /** Where the SLI ratios are recorded: Prometheus, or Loki's ruler for log SLIs (alerts stay in Prometheus). */
  sliRecordedBy: "prometheus" | "loki";
  tiers: ExplainedTier[];
}

/**
 * What each burn-rate tier of an SLO does, from the same functions that
 * generate the rules (see burn-rate.ts for the formulas).
 */
export function explainSlo(service: Service, slo: Slo): ExplainedSlo {
  const eb = errorBudget(slo.objective);
  const periodSeconds = durationSeconds(slo.period);
  return {
    service: service.name,
    slo: slo.name,
    alert: slo.alerting.name ?? defaultSloAlertName(service, slo),
    mode: slo.alerting.mode,
    objective: slo.objective,
    period: slo.period,
    errorBudget: eb,
    budgetSeconds: eb * periodSeconds,
    sliRecordedBy: sliRecordedBy(slo.sli),
    tiers: resolveTiers(slo).map((tier) => {
      const detection = {} as Record<ScenarioId, number | null>;
      for (const s of SCENARIOS)
        detection[s.id] = tierDetection(tier, {
          errorRatio: s.errorRatio(eb),
          objectivePercent: slo.objective,
        });
      return {
        id: tier.id,
        level: tier.level,
        severity: tier.severity,
        shortWindow: tier.shortWindow,
        longWindow: tier.longWindow,
        factor: tier.factor,
        threshold: errorRatioThreshold(tier.factor, slo.objective),
        budgetSpent: budgetSpentAtFire(tier.factor, tier.longWindowSeconds, periodSeconds),
        detection,
      };
    }),
  };
}

/**
 * Seconds a tier takes to fire at a constant error ratio, from a clean
 * state; null when it never fires. `diff` asks it at the error ratios of
 * the base's scenarios, so both versions of an SLO meet the same incident.
 */
export function tierDetection(
  tier: { factor: number; longWindowSeconds: number; forSeconds: number },
  scenario: { errorRatio: number; objectivePercent: number },
): number | null {
  const crossed = detectionSeconds(tier, scenario);
  // A tier with a `for` (Pyrra's) fires that long after both windows cross.
  return crossed === undefined ? null : crossed + tier.forSeconds;
}

/** `52s`, `8m38s`, `1d12h`: human durations, rounded to the second. */
export function humanDuration(seconds: number): string {
  let rest = Math.round(seconds);
  if (rest === 0) return "0s";
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join("");
}
