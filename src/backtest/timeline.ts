import type { Slo } from "../model/slo.ts";
import { errorBudget } from "../slo/burn-rate.ts";
import { resolveTiers } from "../slo/tiers.ts";
import type { Episode } from "./alert-state.ts";
import type { BacktestTimeline, TimelineLane } from "./report.ts";
import type { Incident } from "./score.ts";
import type { TimeRange } from "./series.ts";

/** How reports name the group of alerts that belong to no SLO. */
export const OUTSIDE_SLOS = "alerts outside SLOs";

/** The error ratio each tier of an SLO fires above (tiers that can fire at all). */
export function sloThresholds(slo: Slo): BacktestTimeline["thresholds"] {
  const eb = errorBudget(slo.objective);
  return resolveTiers(slo)
    .map((t) => ({ tier: t.id, ratio: t.factor * eb }))
    .filter((t) => t.ratio < 1);
}

/** One SLO's timeline from what the replay returned: episodes per alert, incidents as labelled. */
export function sloTimeline(input: {
  slo: string;
  range: TimeRange;
  errorRatio?: Array<[number, number]>;
  thresholds?: BacktestTimeline["thresholds"];
  incidents: readonly Incident[];
  alerts: ReadonlyArray<{ alert: string; tier: string | null; episodes: readonly Episode[] }>;
}): BacktestTimeline {
  const lanes: TimelineLane[] = input.alerts.map((a) => ({
    alert: a.alert,
    tier: a.tier,
    episodes: a.episodes.map((e) => ({ firedAt: e.firedAt, resolvedAt: e.resolvedAt })),
  }));
  return {
    slo: input.slo,
    range: input.range,
    errorRatio: input.errorRatio ?? [],
    thresholds: input.thresholds ?? [],
    incidents: input.incidents.map((i) => ({
      start: i.start,
      end: i.end,
      label: i.scenario ?? i.alert ?? i.slo ?? "incident",
      significant: i.significant !== false,
    })),
    lanes,
  };
}
