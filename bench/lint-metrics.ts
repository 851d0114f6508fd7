/**
 * `npm run bench:lint-metrics`: obsforge lint-metrics against promtool check
 * metrics on the same generated expositions, in the same run, interleaved
 * (A B A B …: the machine is shared). Prints the median CPU time (user +
 * sys, less disturbed by load than wall time), the median wall time,
 * throughput and peak RSS (from /usr/bin/time -v) for 100k, 500k and 1M
 * lines. Goal (issue 13): at least 5x promtool's CPU throughput at 1M lines,
 * and peak memory that does not grow with the input.
 *
 * `--json` prints one JSON object per size instead, one per line, for
 * bench/run.ts: {lines, bytes, obsforge: {seconds (wall), cpu, peakKiB, exit},
 * promtool: {…}, cpuRatio, wallRatio}.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeExposition } from "./exposition.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "bench/.work");
const CLI = join(ROOT, "dist/cli/bin.js");
const SIZES = [100_000, 500_000, 1_000_000];
const RUNS = 5;
const JSON_OUTPUT = process.argv.includes("--json");

interface Measurement {
  seconds: number;
  /** User + sys CPU seconds, when /usr/bin/time reports them. */
  cpu: number | undefined;
  peakKiB: number | undefined;
  exit: number;
}

const HAS_TIME = existsSync("/usr/bin/time");

function measure(command: string, args: string[], stdinFile?: string): Measurement {
  const shell = `${HAS_TIME ? "/usr/bin/time -v " : ""}${[command, ...args].map((a) => `'${a}'`).join(" ")}${stdinFile === undefined ? "" : ` < '${stdinFile}'`} > /dev/null`;
  const start = process.hrtime.bigint();
  const run = spawnSync("sh", ["-c", shell], { encoding: "utf8", maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  const status = /Exit status: (\d+)/.exec(run.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(run.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(run.stderr);
  return {
    seconds,
    cpu: user === null || sys === null ? undefined : Number(user[1]) + Number(sys[1]),
    peakKiB: rss === null ? undefined : Number(rss[1]),
    exit: status === null ? (run.status ?? -1) : Number(status[1]),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Medians of each figure over the runs (peak RSS: the largest). */
function summary(runs: Measurement[]): Measurement {
  const cpus = runs.map((r) => r.cpu).filter((c): c is number => c !== undefined);
  const peaks = runs.map((r) => r.peakKiB).filter((p): p is number => p !== undefined);
  return {
    seconds: median(runs.map((r) => r.seconds)),
    cpu: cpus.length === 0 ? undefined : median(cpus),
    peakKiB: peaks.length === 0 ? undefined : Math.max(...peaks),
    exit: runs[0]!.exit,
  };
}

const fmtMiB = (kib: number | undefined) =>
  kib === undefined ? "n/a" : `${(kib / 1024).toFixed(0)} MiB`;

const fmtCpu = (m: Measurement, lines: number) =>
  m.cpu === undefined
    ? "cpu n/a"
    : `cpu ${m.cpu.toFixed(2)} s (${(lines / m.cpu / 1e6).toFixed(2)} M lines/cpu-s)`;

async function main(): Promise<void> {
  if (!existsSync(CLI))
    throw new Error("Run `npm run build` first (npm run bench:lint-metrics does)");
  mkdirSync(WORK, { recursive: true });
  const rows: string[] = [];
  let ratio1M: number | undefined;
  for (const lines of SIZES) {
    const file = join(WORK, `exposition-${lines}.prom`);
    if (!existsSync(file)) await writeExposition(lines, file);
    const bytes = statSync(file).size;
    const oursRuns: Measurement[] = [];
    const theirsRuns: Measurement[] = [];
    for (let run = 0; run < RUNS; run++) {
      oursRuns.push(measure(process.execPath, [CLI, "lint-metrics", file, "--format", "json"]));
      theirsRuns.push(measure("promtool", ["check", "metrics"], file));
    }
    const ours = summary(oursRuns);
    const theirs = summary(theirsRuns);
    const wallRatio = theirs.seconds / ours.seconds;
    const cpuRatio =
      ours.cpu === undefined || theirs.cpu === undefined ? undefined : theirs.cpu / ours.cpu;
    if (lines === 1_000_000) ratio1M = cpuRatio ?? wallRatio;
    if (JSON_OUTPUT) {
      rows.push(
        JSON.stringify({ lines, bytes, obsforge: ours, promtool: theirs, cpuRatio, wallRatio }),
      );
      continue;
    }
    rows.push(
      [
        `${(lines / 1000).toFixed(0)}k lines`.padEnd(11),
        `${(bytes / 1e6).toFixed(1)} MB`.padStart(9),
        `obsforge ${fmtCpu(ours, lines)}, wall ${ours.seconds.toFixed(2)} s, exit ${ours.exit}, peak ${fmtMiB(ours.peakKiB)}`,
        `promtool ${fmtCpu(theirs, lines)}, wall ${theirs.seconds.toFixed(2)} s, exit ${theirs.exit}, peak ${fmtMiB(theirs.peakKiB)}`,
        `ratio cpu ${cpuRatio === undefined ? "n/a" : `${cpuRatio.toFixed(2)}x`}, wall ${wallRatio.toFixed(2)}x`,
      ].join(" | "),
    );
  }
  if (JSON_OUTPUT) {
    for (const row of rows) process.stdout.write(`${row}\n`);
    return;
  }
  process.stdout.write(
    `lint-metrics vs promtool check metrics (medians of ${RUNS} interleaved runs, same files; ${availableParallelism()} cores)\n`,
  );
  for (const row of rows) process.stdout.write(`${row}\n`);
  if (ratio1M !== undefined) {
    process.stdout.write(
      `throughput ratio at 1M lines (CPU): ${ratio1M.toFixed(2)}x (goal >= 5x) ${ratio1M >= 5 ? "OK" : "BELOW GOAL"}\n`,
    );
  }
}

await main();
