/**
 * `npm run bench:lint-logs`: obsforge lint-logs against `jq -c .` on the
 * same generated JSON log files (100 MB and 1 GB), interleaved (the machine
 * is shared). jq is the peer: the usual way to read a log file line by line
 * as JSON, and it does less (parse and print, no checks). Prints the median
 * wall and CPU time and the largest peak RSS (GNU time) of each; lint-logs'
 * peak RSS should not grow with the file (it holds one line at a time).
 * Needs jq (`apt-get install -y jq`; not a test dependency).
 *
 * `--json` prints one object per size: {bytes, lines, obsforge: {wall, cpu,
 * peakRssMiB}, jq: {…}}. `--sizes 100,1000` sets the sizes in MB.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeJsonLogs } from "./log-lines.ts";
import { type Measurement, measure, medians, table } from "./measure.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "bench/.work");
const CLI = join(ROOT, "dist/cli/bin.js");
const RUNS = 3;
const JSON_OUTPUT = process.argv.includes("--json");
const sizesArg = process.argv[process.argv.indexOf("--sizes") + 1];
const SIZES_MB = process.argv.includes("--sizes") ? sizesArg!.split(",").map(Number) : [100, 1000];

function summary(runs: readonly Measurement[]) {
  return { ...medians(runs), peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)) };
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error("Run `npm run build` first (npm run bench:lint-logs does)");
  if (spawnSync("jq", ["--version"]).status !== 0)
    throw new Error("jq is not installed: apt-get install -y jq");
  mkdirSync(WORK, { recursive: true });
  const rows: string[][] = [
    ["size", "lines", "tool", "wall s", "cpu s", "MB/cpu-s", "peak RSS MiB"],
  ];
  for (const mb of SIZES_MB) {
    const file = join(WORK, `logs-${mb}MB.ndjson`);
    if (!existsSync(file)) await writeJsonLogs(mb * 1e6, file);
    const bytes = statSync(file).size;
    const lines = Number(spawnSync("wc", ["-l", file], { encoding: "utf8" }).stdout.split(" ")[0]);
    const ours: Measurement[] = [];
    const theirs: Measurement[] = [];
    for (let run = 0; run < RUNS; run++) {
      ours.push(
        measure({
          command: process.execPath,
          args: [CLI, "lint-logs", file, "--format", "json"],
          okStatus: [0, 1],
        }),
      );
      theirs.push(measure({ command: "jq", args: ["-c", "."], stdin: file }));
    }
    const o = summary(ours);
    const j = summary(theirs);
    if (JSON_OUTPUT) {
      process.stdout.write(`${JSON.stringify({ bytes, lines, obsforge: o, jq: j })}\n`);
      continue;
    }
    for (const [tool, m] of [
      ["obsforge lint-logs", o],
      ["jq -c .", j],
    ] as const)
      rows.push([
        `${mb} MB`,
        String(lines),
        tool,
        m.wall.toFixed(2),
        m.cpu.toFixed(2),
        (bytes / 1e6 / m.cpu).toFixed(0),
        m.peakRssMiB.toFixed(0),
      ]);
  }
  if (JSON_OUTPUT) return;
  process.stdout.write(
    `lint-logs vs jq -c . on the same JSON log files (medians of ${RUNS} interleaved runs; peak RSS: the largest; ${availableParallelism()} cores)\n`,
  );
  process.stdout.write(`${table(rows)}\n`);
}

await main();
