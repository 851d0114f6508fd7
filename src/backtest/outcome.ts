import { durationSeconds } from "../core/duration.ts";
import type {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
  PrometheusRuleGroup,
} from "../targets/prometheus/rule-file.ts";
import { alertEpisodes, type Episode } from "./alert-state.ts";
import { labelKey, type Series, type TimeRange } from "./series.ts";

/** Prometheus's default evaluation_interval, for groups without an `interval`. */
export const DEFAULT_INTERVAL = 60;

/** A rule group and the time range to evaluate it over. */
export interface ReplayGroup {
  group: PrometheusRuleGroup;
  range: TimeRange;
  /** Whatever the caller needs to tell its groups apart (an SLO, a file). */
  tag?: string;
}

/** A rule, the group it came from and that group's interval in seconds. */
export interface Placed<R> {
  rule: R;
  group: ReplayGroup;
  interval: number;
}

export interface AlertOutcome {
  rule: PrometheusAlertingRule;
  group: string;
  tag: string | undefined;
  range: TimeRange;
  /** Evaluation interval in seconds. */
  interval: number;
  episodes: Episode[];
}

/** The evaluation times of a group: multiples of its interval inside the range. */
export function evaluationTimes(range: TimeRange, interval: number): number[] {
  const times: number[] = [];
  for (let t = Math.ceil(range.start / interval) * interval; t < range.end; t += interval)
    times.push(t);
  return times;
}

/** The range from its first evaluation time. */
export function alignedRange(range: TimeRange, interval: number): TimeRange {
  return { start: Math.ceil(range.start / interval) * interval, end: range.end };
}

/**
 * What an alert did, from the series its condition returned at each
 * evaluation (`labelsOf` gives the alert's labels for one of them), run
 * through the rule manager's pending/firing states.
 */
export function alertOutcome(
  placed: Placed<PrometheusAlertingRule>,
  answer: readonly Series[],
  labelsOf: (series: Series) => Record<string, string>,
): AlertOutcome {
  const { rule, group, interval } = placed;
  const range = alignedRange(group.range, interval);
  const byTime = new Map<number, Map<string, Record<string, string>>>();
  for (const s of answer) {
    const labels = labelsOf(s);
    const key = labelKey(labels);
    for (const [t] of s.samples) {
      const at = byTime.get(t) ?? new Map();
      at.set(key, labels);
      byTime.set(t, at);
    }
  }
  const none = new Map<string, Record<string, string>>();
  const episodes = alertEpisodes(evaluationTimes(range, interval), (t) => byTime.get(t) ?? none, {
    forSeconds: rule.for ? durationSeconds(rule.for) : 0,
    keepFiringForSeconds: rule.keep_firing_for ? durationSeconds(rule.keep_firing_for) : 0,
  });
  return { rule, group: group.group.name, tag: group.tag, range, interval, episodes };
}

/** What an engine replays: the history file, the recording passes in order, the alerts. */
export interface EngineRun {
  /** A temporary folder of the replay's own. */
  dir: string;
  history: string;
  passes: Placed<PrometheusRecordingRule>[][];
  alerting: Placed<PrometheusAlertingRule>[];
  signal: AbortSignal | undefined;
}
