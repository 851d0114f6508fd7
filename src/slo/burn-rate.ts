/**
 * Multi-window, multi-burn-rate alerting math (Google SRE Workbook,
 * "Alerting on SLOs", and Sloth's internal/alert/window.go). Plain numbers
 * in, plain numbers out; durations are seconds.
 *
 *   error budget   eb     = 1 − objective
 *   burn rate      b      = errorRatio / eb        (1 = spending exactly the budget over the period)
 *   burn factor    F      = budgetShare × period / longWindow
 *   threshold      θ      = F × eb                 (both windows' error ratio must exceed it)
 *
 * Detection: from a clean state, a constant error ratio e fills a window of
 * length w linearly, so the window's ratio at time t < w is e·t/w. It
 * crosses θ at t = θ/e · w. Both windows must be above θ and the long one is
 * slower, so the tier fires after θ/e × long, and only if e > θ. The budget
 * spent by then is e·t/period = F × long / period of the budget: the tier's
 * budget share, whatever e is.
 */

/** Error budget as a ratio, computed as Sloth does ((100 − obj)/100), so the float matches its output. */
export function errorBudget(objectivePercent: number): number {
  return (100 - objectivePercent) / 100;
}

/** F = budget% × period / 100 / long, in Sloth's order of operations (30d: 14.4, 6, 3, 1; 28d: 13.44, 5.6, 2.8, 0.933…). */
export function burnFactor(
  budgetPercent: number,
  periodSeconds: number,
  longWindowSeconds: number,
): number {
  return (budgetPercent * (periodSeconds / 3600)) / 100 / (longWindowSeconds / 3600);
}

/** The error ratio both windows must exceed. */
export function errorRatioThreshold(factor: number, objectivePercent: number): number {
  return factor * errorBudget(objectivePercent);
}

/**
 * A tier can never fire when its threshold is 100% errors or more:
 * e.g. 14.4× at an objective ≤ 93.06% (14.4 × 0.0694 ≥ 1).
 */
export function isImpossible(factor: number, objectivePercent: number): boolean {
  return errorRatioThreshold(factor, objectivePercent) >= 1;
}

/** Seconds from the start of a constant error ratio until the tier fires; undefined when it never does. */
export function detectionSeconds(
  tier: { factor: number; longWindowSeconds: number },
  scenario: { errorRatio: number; objectivePercent: number },
): number | undefined {
  const threshold = errorRatioThreshold(tier.factor, scenario.objectivePercent);
  if (scenario.errorRatio <= threshold) return undefined;
  return (threshold / scenario.errorRatio) * tier.longWindowSeconds;
}

/** Share of the period's error budget spent when the tier fires on a constant error ratio. */
export function budgetSpentAtFire(
  factor: number,
  longWindowSeconds: number,
  periodSeconds: number,
): number {
  return (factor * longWindowSeconds) / periodSeconds;
}
