/**
 * `npm run bench:lint-metrics`: obsforge lint-metrics against promtool check
 * metrics on the same generated expositions, in the same run. Prints wall
 * time, throughput and peak RSS (from /usr/bin/time -v) for 100k, 500k and
 * 1M lines. Goal: at least 2x promtool's throughput at 500k lines, and peak
 * memory that does not grow with the input.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeExposition } from "./exposition.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "bench/.work");
const CLI = join(ROOT, "dist/cli/bin.js");
const SIZES = [100_000, 500_000, 1_000_000];
const RUNS = 3;

interface Measurement {
  seconds: number;
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
  return {
    seconds,
    peakKiB: rss === null ? undefined : Number(rss[1]),
    exit: status === null ? (run.status ?? -1) : Number(status[1]),
  };
}

function best(runs: Measurement[]): Measurement {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

const fmtMiB = (kib: number | undefined) =>
  kib === undefined ? "n/a" : `${(kib / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  if (!existsSync(CLI))
    throw new Error("Run `npm run build` first (npm run bench:lint-metrics does)");
  mkdirSync(WORK, { recursive: true });
  const rows: string[] = [];
  let ratio500k: number | undefined;
  for (const lines of SIZES) {
    const file = join(WORK, `exposition-${lines}.prom`);
    if (!existsSync(file)) await writeExposition(lines, file);
    const bytes = statSync(file).size;
    const ours = best(
      Array.from({ length: RUNS }, () =>
        measure(process.execPath, [CLI, "lint-metrics", file, "--format", "json"]),
      ),
    );
    const theirs = best(
      Array.from({ length: RUNS }, () => measure("promtool", ["check", "metrics"], file)),
    );
    const ratio = theirs.seconds / ours.seconds;
    if (lines === 500_000) ratio500k = ratio;
    rows.push(
      [
        `${(lines / 1000).toFixed(0)}k lines`.padEnd(11),
        `${(bytes / 1e6).toFixed(1)} MB`.padStart(9),
        `obsforge ${ours.seconds.toFixed(2)} s (${(lines / ours.seconds / 1e6).toFixed(2)} M lines/s, exit ${ours.exit}, peak ${fmtMiB(ours.peakKiB)})`,
        `promtool ${theirs.seconds.toFixed(2)} s (${(lines / theirs.seconds / 1e6).toFixed(2)} M lines/s, exit ${theirs.exit}, peak ${fmtMiB(theirs.peakKiB)})`,
        `ratio ${ratio.toFixed(2)}x`,
      ].join(" | "),
    );
  }
  process.stdout.write(
    `lint-metrics vs promtool check metrics (best of ${RUNS}, same files, same run)\n`,
  );
  for (const row of rows) process.stdout.write(`${row}\n`);
  if (ratio500k !== undefined) {
    process.stdout.write(
      `throughput ratio at 500k lines: ${ratio500k.toFixed(2)}x (goal >= 2x) ${ratio500k >= 2 ? "OK" : "BELOW GOAL"}\n`,
    );
  }
}

await main();
