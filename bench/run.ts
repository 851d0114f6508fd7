/**
 * obsforge benchmark: build synthetic estates of growing size and, on the
 * same generated files in the same run, time `promtool check rules` as the
 * reference. Run with `npm run bench` (not part of `npm test`). Prints build
 * time, peak RSS, rules/second and the obsforge/promtool time ratio.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { bestOf, measure, table } from "./measure.ts";
import { type EstateShape, ruleCount, sloCount, writeEstate } from "./estate.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WORK = join(ROOT, "bench/.work");
const BIN = join(ROOT, "dist/cli/bin.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const SHAPES: EstateShape[] = [
  { services: 10, groupsPerService: 5, rulesPerGroup: 20 }, // 1,000 rules
  { services: 100, groupsPerService: 5, rulesPerGroup: 20 }, // 10,000
  { services: 600, groupsPerService: 5, rulesPerGroup: 20 }, // 60,000
];

// Definition modules are TypeScript transpiled by jiti and cached on disk:
// "cold" forces the transform (a first build, or changed files), "warm" is a
// rebuild with unchanged definitions (CI's `check` after `build`).
const COLD = { JITI_REBUILD_FS_CACHE: "true" };

const rows: string[][] = [
  [
    "rules",
    "cold build s",
    "peak RSS MiB",
    "warm build s",
    "rules/s warm",
    "check s",
    "promtool s",
    "warm/promtool",
  ],
];
for (const shape of SHAPES) {
  const n = ruleCount(shape);
  const dir = join(WORK, `rules-${n}`);
  await writeEstate(join(dir, "definitions"), shape);
  const cold = bestOf(RUNS, () =>
    measure(process.execPath, [BIN, "build"], { cwd: dir, env: COLD }),
  );
  const build = bestOf(RUNS, () => measure(process.execPath, [BIN, "build"], { cwd: dir }));
  const check = bestOf(RUNS, () => measure(process.execPath, [BIN, "check"], { cwd: dir }));
  const files = readdirSync(join(dir, "out/prometheus")).map((f) => join("out/prometheus", f));
  const prom = bestOf(RUNS, () => measure("promtool", ["check", "rules", ...files], { cwd: dir }));
  rows.push([
    n.toLocaleString("en-US"),
    cold.seconds.toFixed(2),
    Math.max(cold.peakRssMiB, build.peakRssMiB).toFixed(0),
    build.seconds.toFixed(2),
    Math.round(n / build.seconds).toLocaleString("en-US"),
    check.seconds.toFixed(2),
    prom.seconds.toFixed(2),
    (build.seconds / prom.seconds).toFixed(2),
  ]);
  console.error(`done: ${n} rules`);
}
console.log(
  `obsforge build vs promtool check rules (best of ${RUNS}, ${process.platform}, node ${process.version})`,
);
console.log(table(rows));
