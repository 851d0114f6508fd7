import { createReadStream } from "node:fs";
import { type FileHandle, open, readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { relative, resolve } from "node:path";
import {
  InputError,
  openMetricsRange,
  parseIncidents,
  parseQueryRangeJson,
} from "../backtest/inputs.ts";
import type { EngineName } from "../backtest/replay.ts";
import type { BacktestReport } from "../backtest/report.ts";
import { type BacktestOptions, backtestEstate } from "../backtest/run.ts";
import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import type { OnProgress } from "../core/progress.ts";
import { validateProject } from "./project.ts";

export interface BacktestProjectOptions {
  definitions?: string;
  cwd?: string;
  slo?: string;
  alert?: string;
  /** OpenMetrics text with timestamps, or a Prometheus query_range JSON answer. */
  history?: string;
  /** YAML `incidents: [{start, end, slo?, alert?}]`. */
  incidents?: string;
  scenarios?: readonly string[];
  strategies?: boolean;
  /** The engine the rules run in (default prometheus). */
  engine?: EngineName;
  signal?: AbortSignal;
  /** A live Prometheus to read the raw series from, over `range` seconds up to `end`. */
  prometheus?: { url: string; range: number; end: number };
  /** Told as the definitions load (the CLI's progress line). */
  onProgress?: OnProgress;
}

/** What went wrong before any alert was replayed: invalid definitions, or a bad input file (one line). */
export type BacktestFailure =
  | { kind: "stopped"; signal: string }
  | { kind: "definitions"; diagnostics: Problem[] }
  | { kind: "input"; message: string };

/**
 * `obsforge backtest`: validate the definitions, read the history and
 * incidents, and replay the compiled alerts in a real engine.
 */
export async function backtestProject(
  options: BacktestProjectOptions,
): Promise<{ ok: true; value: BacktestReport } | { ok: false; failure: BacktestFailure }> {
  const cwd = options.cwd ?? process.cwd();
  const validated = await validateProject({
    definitions: options.definitions ?? "definitions",
    cwd,
    logqlWarnings: false,
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });
  if (!validated.ok)
    return { ok: false, failure: { kind: "definitions", diagnostics: validated.diagnostics } };
  const read = await readInputs(options, cwd);
  if (!read.ok)
    return { ok: false, failure: { kind: "input", message: read.diagnostics[0]!.message } };
  try {
    return { ok: true, value: await backtestEstate(validated.value.estate, read.value) };
  } catch (error) {
    if (error instanceof InputError)
      return { ok: false, failure: { kind: "input", message: error.message } };
    if (options.signal?.aborted)
      return { ok: false, failure: { kind: "stopped", signal: String(options.signal.reason) } };
    throw error;
  }
}

async function readInputs(
  options: BacktestProjectOptions,
  cwd: string,
): Promise<Result<BacktestOptions>> {
  const out: BacktestOptions = {
    ...(options.slo !== undefined && { slo: options.slo }),
    ...(options.alert !== undefined && { alert: options.alert }),
    ...(options.scenarios !== undefined && { scenarios: options.scenarios }),
    ...(options.strategies === true && { strategies: true }),
    ...(options.engine !== undefined && { engine: options.engine }),
    ...(options.signal !== undefined && { signal: options.signal }),
  };
  try {
    if (options.history !== undefined) {
      const path = resolve(cwd, options.history);
      const name = relative(cwd, path) || options.history;
      if ((await firstChar(path, name)) === "{") {
        const text = await readText(path, name);
        const series = parseQueryRangeJson(name, text);
        let start = Number.POSITIVE_INFINITY;
        let end = Number.NEGATIVE_INFINITY;
        for (const s of series)
          for (const [t] of s.samples) {
            start = Math.min(start, t);
            end = Math.max(end, t);
          }
        if (start > end) throw new InputError(`${name}: data.result: expected samples, got none`);
        out.history = { series, range: { start, end: end + 1 } };
      } else out.history = { file: path, range: await openMetricsRange(name, fileLines(path)) };
    }
    if (options.prometheus !== undefined) {
      const { url, range, end } = options.prometheus;
      out.history = { prometheus: url, range: { start: end - range, end } };
    }
    if (options.incidents !== undefined) {
      const path = resolve(cwd, options.incidents);
      const name = relative(cwd, path) || options.incidents;
      out.incidents = parseIncidents(name, await readText(path, name));
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return {
      ok: false,
      diagnostics: [
        { code: "backtest/input", severity: "error", message: error.message, path: [] },
      ],
    };
  }
  return { ok: true, value: out };
}

async function readText(path: string, name: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new InputError(
      `${name}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/** The first non-blank character of a file: `{` for query_range JSON. */
async function firstChar(path: string, name: string): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new InputError(
      `${name}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return buffer.subarray(0, bytesRead).toString("utf8").trimStart().charAt(0);
  } finally {
    await handle.close();
  }
}

function fileLines(path: string): AsyncIterable<string> {
  return createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
}
