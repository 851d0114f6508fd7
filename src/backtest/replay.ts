import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { durationSeconds } from "../core/duration.ts";
import type {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
  PrometheusRuleGroup,
} from "../targets/prometheus/rule-file.ts";
import { alertEpisodes, type Episode } from "./alert-state.ts";
import { createBlocks } from "./engine/promtool.ts";
import { withPrometheus } from "./engine/prometheus.ts";
import { queryRange } from "./engine/query.ts";
import { neededRecordings, recordingPasses } from "./rule-passes.ts";
import { compareStrings } from "../core/order.ts";
import { labelKey, openMetricsLines, type Series, type TimeRange } from "./series.ts";

/** Prometheus's default evaluation_interval, for groups without an `interval`. */
const DEFAULT_INTERVAL = 60;

/** A rule group and the time range to evaluate it over. */
export interface ReplayGroup {
  group: PrometheusRuleGroup;
  range: TimeRange;
  /** Whatever the caller needs to tell its groups apart (an SLO, a file). */
  tag?: string;
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

export interface ReplayOptions {
  /** An OpenMetrics file with timestamps (as promtool backfills), or the series to write into one. */
  history: string | readonly Series[];
  groups: readonly ReplayGroup[];
  /** Aborted (SIGINT/SIGTERM): stop the engines, remove the temporary folder, reject. */
  signal?: AbortSignal;
  /** Where the temporary folder goes (default: the OS's). */
  tempParent?: string;
}

interface Placed<R> {
  rule: R;
  group: ReplayGroup;
  interval: number;
}

/**
 * Replay rule groups over history in a real Prometheus: the history is
 * backfilled with promtool, recording rules are evaluated pass by pass
 * (each pass written back as blocks for the next to read, so SLO alerts see
 * their SLI series), then every alert condition is evaluated at its group's
 * interval and run through the rule manager's pending/firing states. The
 * engine runs on 127.0.0.1 over a temporary folder, removed afterwards; it is
 * stopped after every pass, also when a query fails.
 */
export async function replay(options: ReplayOptions): Promise<AlertOutcome[]> {
  const { signal } = options;
  const dir = await mkdtemp(join(options.tempParent ?? tmpdir(), "obsforge-backtest-"));
  // Listening keeps the CLI from exiting at the first signal: it waits for this cleanup.
  const listening = () => {};
  signal?.addEventListener("abort", listening);
  try {
    const data = join(dir, "data");
    const history = typeof options.history === "string" ? options.history : join(dir, "history.om");
    if (typeof options.history !== "string") await writeOpenMetrics(history, options.history);
    await createBlocks(history, data, signal);
    const recording: Placed<PrometheusRecordingRule>[] = [];
    const alerting: Placed<PrometheusAlertingRule>[] = [];
    for (const g of options.groups) {
      const interval = g.group.interval ? durationSeconds(g.group.interval) : DEFAULT_INTERVAL;
      for (const rule of g.group.rules) {
        if ("record" in rule) recording.push({ rule, group: g, interval });
        else alerting.push({ rule, group: g, interval });
      }
    }
    const needed = neededRecordings(
      recording,
      alerting.map((a) => a.rule.expr),
    );
    for (const [n, pass] of recordingPasses(needed).entries()) {
      const file = join(dir, `pass-${n}.om`);
      const samples = await withPrometheus(
        dir,
        (engine) => evaluateRecords(engine.url, pass, file),
        signal,
      );
      if (samples > 0) await createBlocks(file, data, signal);
    }
    return await withPrometheus(
      dir,
      async (engine) => {
        const outcomes: AlertOutcome[] = [];
        for (const placed of alerting) outcomes.push(await evaluateAlert(engine.url, placed));
        return outcomes;
      },
      signal,
    );
  } finally {
    signal?.removeEventListener("abort", listening);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The evaluation times of a group: multiples of its interval inside the range. */
export function evaluationTimes(range: TimeRange, interval: number): number[] {
  const times: number[] = [];
  for (let t = Math.ceil(range.start / interval) * interval; t < range.end; t += interval)
    times.push(t);
  return times;
}

function alignedRange(range: TimeRange, interval: number): TimeRange {
  return { start: Math.ceil(range.start / interval) * interval, end: range.end };
}

/**
 * Evaluate a pass's recording rules and write their series (the query's
 * labels, the rule's labels, the record name) to `file`, one rule at a time
 * so memory holds one rule's answer. Rules are taken in record-name order:
 * OpenMetrics wants a family's series together. Returns the samples written.
 */
async function evaluateRecords(
  url: string,
  pass: Placed<PrometheusRecordingRule>[],
  file: string,
): Promise<number> {
  const ordered = [...pass].sort((a, b) => compareStrings(a.rule.record, b.rule.record));
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.once("finish", resolve);
    out.once("error", reject);
  });
  let samples = 0;
  try {
    for (const { rule, group, interval } of ordered) {
      const answer = await queryRange(url, rule.expr, {
        ...alignedRange(group.range, interval),
        step: interval,
      });
      const series = answer.map((s) => ({
        labels: { ...s.labels, ...group.group.labels, ...rule.labels, __name__: rule.record },
        samples: s.samples,
      }));
      for (const chunk of openMetricsLines(series, { eof: false })) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      }
      for (const s of series) samples += s.samples.length;
    }
    out.end("# EOF\n");
  } catch (error) {
    out.destroy();
    throw error;
  }
  await done;
  return samples;
}

async function evaluateAlert(
  url: string,
  placed: Placed<PrometheusAlertingRule>,
): Promise<AlertOutcome> {
  const { rule, group, interval } = placed;
  const range = alignedRange(group.range, interval);
  const answer = await queryRange(url, rule.expr, { ...range, step: interval });
  // The rule manager drops the metric name and adds the rule's labels.
  const byTime = new Map<number, Map<string, Record<string, string>>>();
  for (const s of answer) {
    const { __name__: _, ...rest } = s.labels;
    const labels = { ...rest, ...group.group.labels, ...rule.labels, alertname: rule.alert };
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

async function writeOpenMetrics(path: string, series: readonly Series[]): Promise<void> {
  await pipeline(Readable.from(openMetricsLines(series)), createWriteStream(path));
}
