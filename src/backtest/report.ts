import type { TimeRange } from "./series.ts";
import type { AlertScore } from "./score.ts";

/** What one scenario did to one alert (generated runs only). */
export interface ScenarioOutcome {
  scenario: string;
  incident: boolean;
  /** An incident recall counts (it spends at least the smallest budget share a tier fires at). */
  significant: boolean;
  /** Episodes that started during the scenario or the quiet time after it. */
  fires: number;
  detectionSeconds: number | null;
  resetSeconds: number | null;
  budgetSpent: number | null;
}

/** One alert's line of the report; `--format json` prints an array of these. */
export interface AlertReport {
  alert: string;
  slo: string | null;
  severity: string | null;
  tier: string | null;
  fires: number;
  firesPerWeek: number;
  detectionSeconds: number | null;
  resetSeconds: number | null;
  budgetSpent: number | null;
  precision: number | null;
  recall: number | null;
  falsePositives: number | null;
  falsePositiveFires: number;
  maxFiresPerWeek: number | null;
  scenarios?: ScenarioOutcome[];
}

/** One alert's row of the timeline: when it fired and resolved (null: still firing at the end). */
export interface TimelineLane {
  alert: string;
  tier: string | null;
  episodes: Array<{ firedAt: number; resolvedAt: number | null }>;
}

/** What `backtest --format html` draws per SLO (or for the alerts outside SLOs). */
export interface BacktestTimeline {
  /** `<service>/<slo>`, or `alerts outside SLOs`. */
  slo: string;
  range: TimeRange;
  /** The generated error ratio as [time, ratio] where it changes; empty for a history. */
  errorRatio: Array<[number, number]>;
  /** The error ratio each SLO tier fires above. */
  thresholds: Array<{ tier: string; ratio: number }>;
  incidents: Array<TimeRange & { label: string; significant: boolean }>;
  lanes: TimelineLane[];
}

export interface BacktestReport {
  source: "scenarios" | "history";
  alerts: AlertReport[];
  /** The data, thresholds, incidents and firing episodes behind `alerts`, for the timeline page. */
  timelines: BacktestTimeline[];
  /** SLOs generated scenarios cannot drive, and why. */
  skipped: Array<{ slo: string; reason: string }>;
}

export function alertReport(
  who: Pick<AlertReport, "alert" | "slo" | "severity" | "tier">,
  score: AlertScore,
  extra: { maxFiresPerWeek?: number; scenarios?: ScenarioOutcome[] } = {},
): AlertReport {
  return {
    ...who,
    fires: score.fires,
    firesPerWeek: score.firesPerWeek,
    detectionSeconds: score.detectionSeconds,
    resetSeconds: score.resetSeconds,
    budgetSpent: score.budgetSpent,
    precision: score.precision,
    recall: score.recall,
    falsePositives: score.falsePositives,
    falsePositiveFires: score.falsePositiveFires,
    maxFiresPerWeek: extra.maxFiresPerWeek ?? null,
    ...(extra.scenarios !== undefined && { scenarios: extra.scenarios }),
  };
}

/** Alerts over the gate: a false-positive share above `maxFalsePositives`, or more fires a week than allowed. */
export function gateFailures(
  report: BacktestReport,
  maxFalsePositives: number | undefined,
): string[] {
  const out: string[] = [];
  for (const a of report.alerts) {
    const name = `${a.alert}${a.tier === null ? "" : ` (${a.tier})`}`;
    if (
      maxFalsePositives !== undefined &&
      a.falsePositives !== null &&
      a.falsePositives > maxFalsePositives
    )
      out.push(
        `${name}: ${percent(a.falsePositives)} of ${a.fires} fires are false positives, more than --max-false-positives ${percent(maxFalsePositives)}`,
      );
    if (a.maxFiresPerWeek !== null && a.firesPerWeek > a.maxFiresPerWeek)
      out.push(
        `${name}: fires ${round(a.firesPerWeek)} times a week, more than its maxFiresPerWeek ${a.maxFiresPerWeek}`,
      );
  }
  return out;
}

export function percent(share: number): string {
  return `${round(share * 100)}%`;
}

export function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
