import { describe, expect, test } from "vitest";
import { type PipedRun, pipedCli } from "../helpers/piped-cli.ts";

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

/**
 * Families as a real exporter writes them (HELP, TYPE, two series with
 * labels), `count` of them, all different; lazily, like uniqueFamilies.
 */
function* exporterFamilies(count: number): Generator<string> {
  let buffer = "";
  for (let i = 0; i < count; i++) {
    const name = `app_${i}_requests_total`;
    buffer += `# HELP ${name} Requests of app ${i}.\n# TYPE ${name} counter\n${name}{method="GET",k${i % 100}="v"} ${i}\n${name}{method="POST",k${i % 100}="v"} ${i}\n`;
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = "";
    }
  }
  yield buffer;
}

type Run = PipedRun;

function lintMetricsUnderCap(args: string[]): Promise<Run> {
  return lintMetrics(["--max-old-space-size=64"], args, uniqueFamilies());
}

/** The child prints its peak RSS (getrusage's ru_maxrss, KiB) to stderr as it exits. */
const PRINT_PEAK_RSS =
  "--import=data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kib '+process.resourceUsage().maxRSS+'\\n'))";

async function peakRssKiB(families: number): Promise<number> {
  const out = await lintMetrics([PRINT_PEAK_RSS], ["--format", "json"], exporterFamilies(families));
  expect(out.signal).toBe(null);
  expect(out.code).toBe(0);
  const peak = /^peak-rss-kib (\d+)$/m.exec(out.stderr);
  expect(peak).not.toBe(null);
  return Number(peak![1]);
}

function lintMetrics(nodeFlags: string[], args: string[], input: Iterable<string>): Promise<Run> {
  return pipedCli(nodeFlags, ["lint-metrics", "-", ...args], input);
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
          "2000001 problem(s): 2000000 error(s), 1 warning(s); 201 shown",
          "",
        ].join("\n"),
      ),
    ).toBe(true);
    // Families are remembered up to a limit, and the report says where it was reached.
    expect(out.stdout).toContain(
      "-:10021:1: warning exposition/syntax: more than 10000 metric families (or 4194304 characters of them) to remember: from here on, a family that comes back after others is linted as a new family\n",
    );
  }, 300_000);

  // Peak RSS (unaffected by machine load, unlike time) with ten times the
  // families must stay within a generous factor: each family is linted as
  // it ends, and only a bounded summary of it is remembered. Holding every
  // family (about 1 KiB each here) would take the 1M-family run to about a GiB.
  test("peak RSS does not grow with the number of families: 100k and 1M families", async () => {
    const small = await peakRssKiB(100_000);
    const large = await peakRssKiB(1_000_000);
    expect(large).toBeLessThan(small * 1.5);
  }, 300_000);
});
