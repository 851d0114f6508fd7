import type { Episode } from "./alert-state.ts";
import type { TimeRange } from "./series.ts";

/** What counted as a real problem, from `--incidents` or a generated scenario. */
export interface Incident extends TimeRange {
  /** Only for this SLO (`<slo>` or `<service>/<slo>`); every alert's when unset. */
  slo?: string;
  /** Only for this alert name. */
  alert?: string;
  /** The scenario that made it, for generated incidents. */
  scenario?: string;
  /**
   * False for a real but small problem: fires during it are not false
   * positives, and missing it does not lower recall. Default true.
   */
  significant?: boolean;
}

/** The episodes of one alert (one rule: an SLO tier, or a plain alert). */
export interface ScoredAlert {
  alert: string;
  /** `<service>/<slo>` for SLO alerts, else null. */
  slo: string | null;
  severity: string | null;
  /** `page-quick`…: the SLO tier, when the alert is one. */
  tier: string | null;
  range: TimeRange;
  episodes: Episode[];
}

/** What one incident looked like to one alert. */
export interface IncidentOutcome {
  incident: Incident;
  detected: boolean;
  /** Incident start → first firing. */
  detectionSeconds: number | null;
  /** Incident end → the last overlapping episode resolved; null while it still fires. */
  resetSeconds: number | null;
  /** Share of the period's error budget spent from the incident's start until it fired. */
  budgetSpent: number | null;
}

export interface AlertScore {
  fires: number;
  firesPerWeek: number;
  detectionSeconds: number | null;
  resetSeconds: number | null;
  budgetSpent: number | null;
  precision: number | null;
  recall: number | null;
  /** Share of fires that overlap no incident; null without fires. */
  falsePositives: number | null;
  falsePositiveFires: number;
  incidents: IncidentOutcome[];
}

const WEEK = 7 * 86400;

/** Incidents that concern an alert: unscoped ones, and those naming its SLO or its name. */
export function concerns(incident: Incident, alert: Pick<ScoredAlert, "alert" | "slo">): boolean {
  if (incident.alert !== undefined && incident.alert !== alert.alert) return false;
  if (incident.slo === undefined) return true;
  if (alert.slo === null) return incident.alert !== undefined;
  return incident.slo === alert.slo || alert.slo.endsWith(`/${incident.slo}`);
}

function overlaps(e: Episode, range: TimeRange): boolean {
  // An alert firing at the incident's last evaluation saw it: the end is inclusive.
  return e.firedAt <= range.end && (e.resolvedAt ?? Number.POSITIVE_INFINITY) > range.start;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Score one alert's firing episodes against the incidents that concern it.
 * A fire (episode) overlapping an incident is a true positive, one that
 * overlaps none a false positive; an incident some episode overlaps is
 * detected. Detection, reset and budget are medians over detected incidents.
 */
export function scoreAlert(
  alert: ScoredAlert,
  incidents: readonly Incident[],
  budgetSpent?: (incident: Incident, firedAt: number) => number | null,
): AlertScore {
  const mine = incidents.filter((i) => concerns(i, alert));
  const fires = alert.episodes.length;
  const falsePositiveFires = alert.episodes.filter((e) => !mine.some((i) => overlaps(e, i))).length;
  const outcomes = mine.map((incident): IncidentOutcome => {
    const hits = alert.episodes.filter((e) => overlaps(e, incident));
    if (hits.length === 0)
      return {
        incident,
        detected: false,
        detectionSeconds: null,
        resetSeconds: null,
        budgetSpent: null,
      };
    const firedAt = Math.min(...hits.map((e) => e.firedAt));
    const resolved = hits.map((e) => e.resolvedAt);
    const lastResolved = resolved.includes(null) ? null : Math.max(...(resolved as number[]));
    return {
      incident,
      detected: true,
      detectionSeconds: firedAt - incident.start,
      resetSeconds: lastResolved === null ? null : lastResolved - incident.end,
      budgetSpent: budgetSpent?.(incident, firedAt) ?? null,
    };
  });
  const detected = outcomes.filter((o) => o.detected);
  const significant = outcomes.filter((o) => o.incident.significant !== false);
  const numbers = (pick: (o: IncidentOutcome) => number | null) =>
    detected.map(pick).filter((v): v is number => v !== null);
  const seconds = alert.range.end - alert.range.start;
  return {
    fires,
    firesPerWeek: seconds > 0 ? (fires * WEEK) / seconds : 0,
    detectionSeconds: median(numbers((o) => o.detectionSeconds)),
    resetSeconds: median(numbers((o) => o.resetSeconds)),
    budgetSpent: median(numbers((o) => o.budgetSpent)),
    precision: fires === 0 ? null : (fires - falsePositiveFires) / fires,
    recall:
      significant.length === 0
        ? null
        : significant.filter((o) => o.detected).length / significant.length,
    falsePositives: fires === 0 ? null : falsePositiveFires / fires,
    falsePositiveFires,
    incidents: outcomes,
  };
}
