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
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "bench/.work");
const CLI = join(ROOT, "dist/cli/bin.js");
const SIZES = [100_000, 500_000, 1_000_000];
const RUNS = 5;
const JSON_OUTPUT = process.argv.includes("--json");

/**
 * A realistic exposition: counters, gauges and histograms with 2–4 labels,
 * HELP and TYPE for each family, 200 series per family, and a few naming
 * problems (about one family in fifty) so both tools have something to say.
 */
async function generate(lines: number, path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  let n = 0;
  let buffer = "";
  for (let f = 0; n < lines; f++) {
    const kind = f % 3 === 0 ? "histogram" : f % 3 === 1 ? "counter" : "gauge";
    const odd = f % 50 === 7;
    const name =
      kind === "histogram"
        ? `app_rpc_${f}_duration_${odd ? "milliseconds" : "seconds"}`
        : kind === "counter"
          ? `app_requests_${f}${odd ? "" : "_total"}`
          : `app_queue_${f}_items`;
    buffer += `# HELP ${name} Generated family ${f}.\n# TYPE ${name} ${kind}\n`;
    n += 2;
    for (let s = 0; s < 200 && n < lines; s++) {
      const labels = `method="${s % 2 === 0 ? "GET" : "POST"}",route="/api/v1/items/${s % 40}",instance="10.0.${f % 250}.${s % 250}:9090"`;
      if (kind === "histogram") {
        for (const le of ["0.005", "0.05", "0.5", "5", "+Inf"]) {
          buffer += `${name}_bucket{${labels},le="${le}"} ${s * 3}\n`;
        }
        buffer += `${name}_sum{${labels}} ${s * 0.75}\n${name}_count{${labels}} ${s * 3}\n`;
        n += 7;
      } else {
        buffer += `${name}{${labels}} ${s * 1.5} 1700000000000\n`;
        n += 1;
      }
      if (buffer.length > 1 << 20) {
        await write(buffer);
        buffer = "";
      }
    }
  }
  await write(buffer);
  await new Promise<void>((r) => out.end(() => r()));
}

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
    if (!existsSync(file)) await generate(lines, file);
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
