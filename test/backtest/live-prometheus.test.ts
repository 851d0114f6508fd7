import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createBlocks } from "../../src/backtest/engine/promtool.ts";
import { withPrometheus } from "../../src/backtest/engine/prometheus.ts";
import { INCIDENTS, openMetrics } from "../helpers/backtest-history.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { DEFINITIONS } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * `--prometheus URL --range`: a local Prometheus, started by the test over
 * blocks backfilled from the shared 12-hour history, stands in for the live
 * server; the backtest reads the raw series the rules need through its HTTP
 * API and replays them in its own engine.
 */
describe("backtest --prometheus", () => {
  test("reads the history from a live Prometheus and scores it as the same history from a file", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "data"));
    await writeFile(join(dir, "history.om"), openMetrics());
    await createBlocks(join(dir, "history.om"), join(dir, "data"));
    await writeFile(join(dir, "incidents.yml"), INCIDENTS);
    const run = await withPrometheus(dir, (live) =>
      obsforgeInProcess(
        [
          "backtest",
          "--definitions",
          DEFINITIONS,
          "--slo",
          "checkout-api/availability",
          "--prometheus",
          live.url,
          "--range",
          "12h",
          "--end",
          "2026-01-05T12:00:00Z",
          "--incidents",
          "incidents.yml",
          "--format",
          "json",
        ],
        dir,
      ),
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const page = (JSON.parse(run.stdout) as Array<Record<string, unknown>>).find(
      (r) => r.tier === "page-quick",
    )!;
    expect(page).toMatchObject({ fires: 3, recall: 1, detectionSeconds: 540 });
    expect(page.precision as number).toBeCloseTo(2 / 3, 10);
  }, 60_000);

  test("a Prometheus that does not answer is one line, exit 1", async () => {
    const run = await obsforgeInProcess(
      [
        "backtest",
        "--definitions",
        DEFINITIONS,
        "--slo",
        "checkout-api/availability",
        "--prometheus",
        "http://127.0.0.1:9",
      ],
      await tempDir(),
    );
    expect(run.stderr).toMatch(
      /^error: --prometheus http:\/\/127\.0\.0\.1:9: cannot query: fetch failed\n$/,
    );
    expect(run.code).toBe(1);
  });
});
