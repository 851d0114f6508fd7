import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { durationSeconds } from "../core/duration.ts";
import { compareStrings } from "../core/order.ts";
import type {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
} from "../targets/prometheus/rule-file.ts";
import { createBlocks } from "./engine/promtool.ts";
import type { EngineName } from "./engines.ts";
import { withPrometheus } from "./engine/prometheus.ts";
import { queryRange } from "./engine/query.ts";
import {
  type AlertOutcome,
  alertOutcome,
  alignedRange,
  DEFAULT_INTERVAL,
  type EngineRun,
  type Placed,
  type ReplayGroup,
} from "./outcome.ts";
import { replayInVictoriaMetrics } from "./replay-victoria-metrics.ts";
import { neededRecordings, recordingPasses } from "./rule-passes.ts";
import { openMetricsLines, type Series } from "./series.ts";

export { type AlertOutcome, evaluationTimes, type ReplayGroup } from "./outcome.ts";

export type { EngineName } from "./engines.ts";

export interface ReplayOptions {
  /** An OpenMetrics file with timestamps (as promtool backfills), or the series to write into one. */
  history: string | readonly Series[];
  groups: readonly ReplayGroup[];
  /** Prometheus 2.42 (default) or VictoriaMetrics with vmalert -replay. */
  engine?: EngineName;
  /** Aborted (SIGINT/SIGTERM): stop the engines, remove the temporary folder, reject. */
  signal?: AbortSignal;
  /** Where the temporary folder goes (default: the OS's). */
  tempParent?: string;
}

/**
 * Replay rule groups over history in a real engine: recording rules are
 * evaluated pass by pass (each pass written back for the next to read, so
 * SLO alerts see their SLI series), then every alert condition is evaluated
 * at its group's interval and run through the rule manager's
 * pending/firing states. The engine runs on 127.0.0.1 over a temporary
 * folder, removed afterwards; it is stopped after every run, also when a
 * query fails.
 */
export async function replay(options: ReplayOptions): Promise<AlertOutcome[]> {
  const { signal } = options;
  const dir = await mkdtemp(join(options.tempParent ?? tmpdir(), "obsforge-backtest-"));
  // Listening keeps the CLI from exiting at the first signal: it waits for this cleanup.
  const listening = () => {};
  signal?.addEventListener("abort", listening);
  try {
    const history = typeof options.history === "string" ? options.history : join(dir, "history.om");
    if (typeof options.history !== "string") await writeOpenMetrics(history, options.history);
    const recording: Placed<PrometheusRecordingRule>[] = [];
    const alerting: Placed<PrometheusAlertingRule>[] = [];
    for (const g of options.groups) {
      const interval = g.group.interval ? durationSeconds(g.group.interval) : DEFAULT_INTERVAL;
      for (const rule of g.group.rules) {
        if ("record" in rule) recording.push({ rule, group: g, interval });
        else alerting.push({ rule, group: g, interval });
      }
    }
    const passes = recordingPasses(
      neededRecordings(
        recording,
        alerting.map((a) => a.rule.expr),
      ),
    );
    const run = { dir, history, passes, alerting, signal };
    return options.engine === "victoria-metrics"
      ? await replayInVictoriaMetrics(run)
      : await replayInPrometheus(run);
  } finally {
    signal?.removeEventListener("abort", listening);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Prometheus: the history is backfilled with promtool; each pass is one
 * server run whose answers are backfilled for the next; the alerts are
 * evaluated by `query_range` in the last run.
 */
async function replayInPrometheus(run: EngineRun): Promise<AlertOutcome[]> {
  const { dir, signal } = run;
  const data = join(dir, "data");
  await createBlocks(run.history, data, signal);
  for (const [n, pass] of run.passes.entries()) {
    const files = await withPrometheus(
      dir,
      (engine) => evaluateRecords(engine.url, pass, join(dir, `pass-${n}`)),
      signal,
    );
    for (const file of files) {
      await createBlocks(file, data, signal);
      // Backfilled: the next pass reads the blocks, not the file.
      await rm(file);
    }
  }
  return await withPrometheus(
    dir,
    async (engine) => {
      const outcomes: AlertOutcome[] = [];
      for (const placed of run.alerting) outcomes.push(await evaluateAlert(engine.url, placed));
      return outcomes;
    },
    signal,
  );
}

/**
 * A file of recorded series is cut after this many bytes: promtool maps its
 * whole input into memory and holds a block's samples, so one file of a
 * month of 100 SLOs' recordings (4.5 GB) took 4.3 GB; files of this size
 * keep it near the history's own backfill.
 */
const RECORDS_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Evaluate a pass's recording rules and write their series (the query's
 * labels, the rule's labels, the record name) to OpenMetrics files named
 * `<base>-<n>.om`, one rule at a time so memory holds one rule's answer.
 * Rules are taken in record-name order: OpenMetrics wants a family's series
 * together (a family may go on in the next file). Returns the files written.
 */
async function evaluateRecords(
  url: string,
  pass: Placed<PrometheusRecordingRule>[],
  base: string,
): Promise<string[]> {
  const ordered = [...pass].sort((a, b) => compareStrings(a.rule.record, b.rule.record));
  const files: string[] = [];
  let out: RecordsFile | undefined;
  try {
    for (const { rule, group, interval } of ordered) {
      const answer = await queryRange(url, rule.expr, {
        ...alignedRange(group.range, interval),
        step: interval,
      });
      for (const s of answer) {
        if (s.samples.length === 0) continue;
        if (out === undefined) {
          out = new RecordsFile(`${base}-${files.length}.om`);
          files.push(out.path);
        }
        const labels = {
          ...s.labels,
          ...group.group.labels,
          ...rule.labels,
          __name__: rule.record,
        };
        for (const chunk of openMetricsLines([{ labels, samples: s.samples }], { eof: false }))
          await out.write(chunk);
        if (out.bytes >= RECORDS_FILE_BYTES) {
          await out.close();
          out = undefined;
        }
      }
    }
    await out?.close();
  } catch (error) {
    out?.destroy();
    throw error;
  }
  return files;
}

/** One OpenMetrics file being written, with backpressure, ended by `# EOF`. */
class RecordsFile {
  readonly path: string;
  bytes = 0;
  readonly #out: ReturnType<typeof createWriteStream>;
  readonly #done: Promise<void>;
  constructor(path: string) {
    this.path = path;
    this.#out = createWriteStream(path);
    this.#done = new Promise<void>((resolve, reject) => {
      this.#out.once("finish", resolve);
      this.#out.once("error", reject);
    });
    this.#done.catch(() => {});
  }
  async write(chunk: string): Promise<void> {
    this.bytes += chunk.length;
    if (!this.#out.write(chunk)) await new Promise<void>((r) => this.#out.once("drain", () => r()));
  }
  async close(): Promise<void> {
    this.#out.end("# EOF\n");
    await this.#done;
  }
  destroy(): void {
    this.#out.destroy();
  }
}

async function evaluateAlert(
  url: string,
  placed: Placed<PrometheusAlertingRule>,
): Promise<AlertOutcome> {
  const { rule, group, interval } = placed;
  const answer = await queryRange(url, rule.expr, {
    ...alignedRange(group.range, interval),
    step: interval,
  });
  // The rule manager drops the metric name and adds the rule's labels.
  return alertOutcome(placed, answer, ({ labels: { __name__: _, ...rest } }) => ({
    ...rest,
    ...group.group.labels,
    ...rule.labels,
    alertname: rule.alert,
  }));
}

async function writeOpenMetrics(path: string, series: readonly Series[]): Promise<void> {
  await pipeline(Readable.from(openMetricsLines(series)), createWriteStream(path));
}
