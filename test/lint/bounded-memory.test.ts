import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { BIN } from "../helpers/paths.ts";

/**
 * 2 million metric families, each seen once, read from stdin by a
 * lint-metrics whose V8 heap is capped at 64 MiB. Before memory was bounded
 * every family (and every finding) was kept to the end, and this aborted
 * with "JavaScript heap out of memory" (SIGABRT, exit 134) after a few
 * hundred thousand families.
 */
const FAMILIES = 2_000_000;

/** Generated lazily, in 64 KiB chunks: the test never holds the input. */
function* uniqueFamilies(): Generator<string> {
  let buffer = "";
  for (let i = 0; i < FAMILIES; i++) {
    // Every 1000th family has HELP and TYPE counter (and misses _total); the
    // rest are untyped samples without HELP. Each family has its own label.
    if (i % 1000 === 0)
      buffer += `# HELP job_${i}_runs Runs of job ${i}.\n# TYPE job_${i}_runs counter\njob_${i}_runs{k${i}="v"} ${i}\n`;
    else buffer += `app_${i}_seconds_count{k${i}="v"} ${i}\n`;
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = "";
    }
  }
  yield buffer;
}

function lintMetricsUnderCap(args: string[]): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--max-old-space-size=64", BIN, "lint-metrics", "-", ...args],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => {
      stdout += t;
    });
    child.stderr.setEncoding("utf8").on("data", (t: string) => {
      stderr += t;
    });
    // A child that dies early closes the pipe: that is a result, not a test error.
    child.stdin.on("error", () => {});
    Readable.from(uniqueFamilies()).pipe(child.stdin);
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe("lint-metrics keeps memory bounded whatever the input", () => {
  test("2 million unique families under a 64 MiB heap: exit 1 and a capped report", async () => {
    const out = await lintMetricsUnderCap(["--profile", "promlint"]);
    expect(out.signal).toBe(null);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(1);
    const lines = out.stdout.split("\n");
    // 100 findings per rule, each with its excerpt and caret, then one line per capped rule.
    expect(lines[0]).toBe(
      '-:1:8: error metric/counter-total: counter metrics should have "_total" suffix [job_0_runs]',
    );
    expect(out.stdout).toContain(
      '-:4:1: error metric/no-help: no help text [app_1_seconds_count]\n    4 | app_1_seconds_count{k1="v"} 1\n      | ^^^^^^^^^^^^^^^^^^^\n',
    );
    expect(
      out.stdout.endsWith(
        [
          "-: error metric/counter-total: … and 1900 more not shown (at most 100 per rule; see --max-findings)",
          "-: error metric/no-help: … and 1997900 more not shown (at most 100 per rule; see --max-findings)",
          "2000000 problem(s): 2000000 error(s), 0 warning(s); 200 shown",
          "",
        ].join("\n"),
      ),
    ).toBe(true);
  }, 300_000);
});
