import { durationSeconds, formatDuration } from "../core/duration.ts";
import type { AlertLevel, Slo, Tier } from "../model/slo.ts";
import { burnFactor } from "./burn-rate.ts";
import { PYRRA_SEVERITY, pyrraTiers } from "./pyrra-tiers.ts";

export type AlertLevelName = "page" | "ticket";

/**
 * The SRE workbook's recommended tiers, as Sloth ships them
 * (alert-windows/google-30d.yaml and google-28d.yaml use the same windows and
 * budget shares; only the period changes). Factors are derived from the
 * budget share for whatever period the SLO has, never copied.
 */
export const DEFAULT_TIERS: Record<AlertLevelName, readonly [Tier, Tier]> = {
  page: [
    { budgetPercent: 2, shortWindow: "5m", longWindow: "1h" },
    { budgetPercent: 5, shortWindow: "30m", longWindow: "6h" },
  ],
  ticket: [
    { budgetPercent: 10, shortWindow: "2h", longWindow: "1d" },
    { budgetPercent: 10, shortWindow: "6h", longWindow: "3d" },
  ],
};

export interface ResolvedTier {
  level: AlertLevelName;
  /** 0 = quick, 1 = slow. */
  index: number;
  /** `page-quick`, `page-slow`, `ticket-quick`, `ticket-slow`. */
  id: string;
  longWindow: string;
  shortWindow: string;
  longWindowSeconds: number;
  shortWindowSeconds: number;
  factor: number;
  budgetPercent: number | undefined;
  /** The alert's severity label; the level (page, ticket) when not set. */
  severity: string;
  /** How long the condition must hold before the alert fires (Pyrra's tiers have one). */
  for?: string;
  forSeconds: number;
}

/**
 * The tiers of a level when the SLO sets none: the workbook's, or Pyrra's
 * (scaled from the SLO period) in `pyrra` mode.
 */
export function levelTiers(slo: Slo, level: AlertLevelName): readonly Tier[] {
  const own = slo.alerting[level].tiers;
  if (own !== undefined) return own;
  return slo.alerting.mode === "pyrra"
    ? pyrraTiers(durationSeconds(slo.period))[level]
    : DEFAULT_TIERS[level];
}

/** The tiers that will generate alerts, in page-quick, page-slow, ticket-quick, ticket-slow order. */
export function resolveTiers(slo: Slo): ResolvedTier[] {
  const periodSeconds = durationSeconds(slo.period);
  const out: ResolvedTier[] = [];
  for (const level of ["page", "ticket"] as const) {
    const config: AlertLevel = slo.alerting[level];
    if (config.disable) continue;
    const tiers = levelTiers(slo, level);
    const defaultSeverity = slo.alerting.mode === "pyrra" ? PYRRA_SEVERITY[level] : level;
    tiers.forEach((tier, index) => {
      if (config.disableTiers.includes(index)) return;
      const longWindowSeconds = durationSeconds(tier.longWindow);
      out.push({
        level,
        index,
        id: `${level}-${index === 0 ? "quick" : "slow"}`,
        longWindow: formatDuration(longWindowSeconds),
        shortWindow: formatDuration(durationSeconds(tier.shortWindow)),
        longWindowSeconds,
        shortWindowSeconds: durationSeconds(tier.shortWindow),
        factor: tier.factor ?? burnFactor(tier.budgetPercent!, periodSeconds, longWindowSeconds),
        budgetPercent: tier.budgetPercent,
        severity: config.severity ?? defaultSeverity,
        ...(tier.for !== undefined && { for: formatDuration(durationSeconds(tier.for)) }),
        forSeconds: tier.for === undefined ? 0 : durationSeconds(tier.for),
      });
    });
  }
  return out;
}

/**
 * Every window an SLI ratio is recorded for: all tier windows (including
 * disabled ones, as Sloth records them regardless), sorted by length and
 * spelled as Prometheus spells them (`24h` → `1d`), as Sloth names them.
 */
export function sliWindows(slo: Slo): string[] {
  const seconds = new Set<number>();
  for (const level of ["page", "ticket"] as const) {
    for (const tier of levelTiers(slo, level)) {
      seconds.add(durationSeconds(tier.shortWindow));
      seconds.add(durationSeconds(tier.longWindow));
    }
  }
  return [...seconds].sort((a, b) => a - b).map(formatDuration);
}

/** The period as Sloth names it (`30d`, `4w` for 28 days). */
export function periodWindow(slo: Slo): string {
  return formatDuration(durationSeconds(slo.period));
}
