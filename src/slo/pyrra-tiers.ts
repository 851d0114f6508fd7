import { formatDuration } from "../core/duration.ts";
import type { Tier } from "../model/slo.ts";

/**
 * Pyrra's multi-burn-rate windows (pyrra-dev/pyrra slo/rules.go `Windows`):
 * every duration is a fixed share of the SLO window, taken from the 28-day
 * table (1h/5m, 6h/30m, 1d/2h, 4d/6h, `for` 2m/15m/1h/3h) and rounded to the
 * minute as Go's `Duration.Round` does (half away from zero, so a 2w window's
 * 2m30s short window becomes 3m). The factors are Pyrra's constants, not
 * derived from budget shares (pyrra#775): 14, 7, 2, 1.
 */
const PYRRA_WINDOWS = [
  { long: 28 * 24, short: 28 * 24 * 12, for: 28 * 24 * 30, factor: 14 },
  { long: 28 * 4, short: 28 * 24 * 2, for: 28 * 24 * 4, factor: 7 },
  { long: 28, short: 28 * 12, for: 28 * 24, factor: 2 },
  { long: 7, short: 28 * 4, for: 28 * 8, factor: 1 },
] as const;

/** Pyrra's severities: the two fast tiers are `critical`, the two slow ones `warning`. */
export const PYRRA_SEVERITY = { page: "critical", ticket: "warning" } as const;

/** `sloWindow / divisor` rounded to whole minutes, half away from zero (Go's time.Duration.Round). */
function share(windowSeconds: number, divisor: number): string {
  return formatDuration(Math.round(windowSeconds / divisor / 60) * 60);
}

/** Pyrra's four tiers for an SLO window, as obsforge tiers: page = tiers 1–2, ticket = tiers 3–4. */
export function pyrraTiers(windowSeconds: number): { page: [Tier, Tier]; ticket: [Tier, Tier] } {
  const [t1, t2, t3, t4] = PYRRA_WINDOWS.map((w) => ({
    longWindow: share(windowSeconds, w.long),
    shortWindow: share(windowSeconds, w.short),
    for: share(windowSeconds, w.for),
    factor: w.factor,
  })) as [Tier, Tier, Tier, Tier];
  return { page: [t1, t2], ticket: [t3, t4] };
}

/** Pyrra's `exhaustion` label: the window divided by the factor, truncated to the second. */
export function pyrraExhaustion(windowSeconds: number, factor: number): string {
  return formatDuration(Math.trunc(windowSeconds / factor));
}
