import { durationSeconds } from "../core/duration.ts";
import { tidyNumber } from "../core/numbers.ts";
import type { Slo } from "../model/slo.ts";
import { detectionSeconds, errorBudget } from "./burn-rate.ts";
import { SCENARIOS } from "./explain.ts";
import { resolveTiers } from "./tiers.ts";

/**
 * The data of `explain --format html`'s two charts per SLO, in uPlot's
 * column layout (one x array, one y array per series, null where a series
 * has no value):
 *
 * - detection: the SRE workbook's "detection time against error rate"
 *   chart (chapter 5, "Alerting on SLOs"): per tier, the time to fire at a
 *   constant error ratio, from just above its threshold (where it takes the
 *   whole long window) up to a total outage;
 * - burn: budget spent against time for each of explain's scenarios, and
 *   where on those lines each tier fires.
 *
 * Both come from the same functions that generate the rules.
 */
export interface ExplainCharts {
  detection: { ratios: number[]; tiers: Array<Array<number | null>> };
  burn: {
    seconds: number[];
    scenarios: Array<{ label: string; spent: Array<number | null> }>;
    tiers: Array<Array<number | null>>;
  };
}

/** Points per chart curve: smooth on a log axis, small in the page. */
const POINTS = 96;

function logSpace(from: number, to: number, count: number): number[] {
  const a = Math.log10(from);
  const b = Math.log10(to);
  return Array.from({ length: count }, (_, i) => 10 ** (a + ((b - a) * i) / (count - 1)));
}

/** Chart numbers need 6 digits, not 17: smaller pages, same picture. */
function round(n: number): number {
  return tidyNumber(n, 6);
}

function sortedUnique(values: number[]): number[] {
  return [...new Set(values.map(round))].sort((a, b) => a - b);
}

export function explainCharts(slo: Slo): ExplainCharts {
  const eb = errorBudget(slo.objective);
  const period = durationSeconds(slo.period);
  const tiers = resolveTiers(slo);
  const detect = (tier: (typeof tiers)[number], errorRatio: number) => {
    const crossed = detectionSeconds(tier, { errorRatio, objectivePercent: slo.objective });
    return crossed === undefined ? null : round(crossed + tier.forSeconds);
  };
  const thresholds = tiers.map((t) => t.factor * eb).filter((t) => t < 1);
  const lowest = Math.min(eb, ...thresholds);
  // Each threshold itself (never fires) and a hair above it (fires after the whole long window).
  const ratios = sortedUnique([
    ...logSpace(lowest / 2, 1, POINTS),
    ...thresholds.flatMap((t) => [t, Math.min(1, t * 1.001)]),
  ]);
  const scenarios = SCENARIOS.map((s) => ({ label: s.label, ratio: s.errorRatio(eb) }));
  const fired = scenarios.flatMap((s) => tiers.map((t) => detect(t, s.ratio)));
  const seconds = sortedUnique([
    ...logSpace(60, period, POINTS),
    ...fired.filter((x): x is number => x !== null && x > 0),
  ]);
  const spent = (ratio: number, t: number) => round(Math.min(1, (ratio * t) / (eb * period)));
  return {
    detection: {
      ratios,
      // The chart's x values are rounded: at (rounded) threshold itself the tier never fires.
      tiers: tiers.map((t) => ratios.map((r) => (r <= round(t.factor * eb) ? null : detect(t, r)))),
    },
    burn: {
      seconds,
      scenarios: scenarios.map((s) => ({
        label: s.label,
        spent: seconds.map((t) => spent(s.ratio, t)),
      })),
      // A tier's point sits on each scenario's line where it fires there.
      tiers: tiers.map((tier) =>
        seconds.map((t) => {
          const at = scenarios.find((s) => detect(tier, s.ratio) === t);
          return at === undefined ? null : spent(at.ratio, t);
        }),
      ),
    },
  };
}
