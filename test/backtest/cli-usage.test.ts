import { describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";

/** Mistakes in the command line: one line on stderr, nothing on stdout, no engine started. */
describe("obsforge backtest usage errors", () => {
  test.for([
    [
      ["--format", "yaml"],
      2,
      'error: --format must be one of text, json, markdown, html, got "yaml"\n',
    ],
    [
      ["--engine", "thanos"],
      2,
      'error: --engine must be one of prometheus, victoria-metrics, got "thanos"\n',
    ],
    [
      ["--max-false-positives", "lots"],
      2,
      'error: --max-false-positives must be a share such as 5% or 0.05, got "lots"\n',
    ],
    [
      ["--incidents", "incidents.yml"],
      2,
      "error: --incidents labels a --history; generated scenarios label their own incidents\n",
    ],
    [
      ["--history", "h.om", "--prometheus", "http://127.0.0.1:9090"],
      2,
      "error: --history and --prometheus are two sources of history; give one\n",
    ],
    [
      ["--prometheus", "http://127.0.0.1:9090", "--range", "a month"],
      2,
      'error: --range must be a duration such as 30d, got "a month"\n',
    ],
    [
      ["--slo", "no-such-slo"],
      1,
      'error: no SLO named "no-such-slo" with alerts to backtest (use <slo> or <service>/<slo>)\n',
    ],
    [["--alert", "NoSuchAlert"], 1, 'error: no alert named "NoSuchAlert" to backtest\n'],
  ] as const)("%j exits %i", async ([args, code, stderr]) => {
    const run = await obsforgeInProcess(
      ["backtest", "--definitions", DEFINITIONS, ...args],
      PROJECT_ROOT,
    );
    expect(run.stderr).toBe(stderr);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(code);
  });
});
