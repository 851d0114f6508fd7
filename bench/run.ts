/**
 * obsforge benchmark: build synthetic estates of growing size and, on the
 * same generated files in the same run, time `promtool check rules` as the
 * reference. Run with `npm run bench` (not part of `npm test`). Prints build
 * time, peak RSS, rules/second and the obsforge/promtool time ratio.
 */
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
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

// Definition modules are TypeScript transpiled once and cached on disk in
// obsforge's own cache ($XDG_CACHE_HOME/obsforge/transpile; jiti's
// JITI_REBUILD_FS_CACHE does not reach it): "cold" runs with an empty cache
// folder (a first build, or changed files), "warm" is a rebuild with
// unchanged definitions (CI's `check` after `build`).
const COLD = () => ({ XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "obsforge-bench-cold-")) });

const rows: string[][] = [
  [
    "rules",
    "cold build s",
    "RSS MiB cold",
    "warm build s",
    "RSS MiB warm",
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
    measure(process.execPath, [BIN, "build"], { cwd: dir, env: COLD() }),
  );
  const build = bestOf(RUNS, () => measure(process.execPath, [BIN, "build"], { cwd: dir }));
  const check = bestOf(RUNS, () => measure(process.execPath, [BIN, "check"], { cwd: dir }));
  const files = readdirSync(join(dir, "out/prometheus")).map((f) => join("out/prometheus", f));
  const prom = bestOf(RUNS, () => measure("promtool", ["check", "rules", ...files], { cwd: dir }));
  rows.push([
    n.toLocaleString("en-US"),
    cold.seconds.toFixed(2),
    cold.peakRssMiB.toFixed(0),
    build.seconds.toFixed(2),
    build.peakRssMiB.toFixed(0),
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

// SLOs: every SLO becomes ~17 rules, a generated promtool test file and SLO
// dashboards, so this measures the whole build, not only rule files.
const SLO_SHAPES: EstateShape[] = [
  { services: 50, groupsPerService: 1, rulesPerGroup: 2, slosPerService: 20 }, // 1,000 SLOs
  { services: 500, groupsPerService: 1, rulesPerGroup: 2, slosPerService: 20 }, // 10,000 SLOs
];
const sloRows: string[][] = [
  [
    "SLOs",
    "rules",
    "output MiB",
    "cold build s",
    "warm build s",
    "RSS MiB warm",
    "SLOs/s warm",
    "promtool s",
    "warm/promtool",
  ],
];
for (const shape of SLO_SHAPES) {
  const n = sloCount(shape);
  const dir = join(WORK, `slos-${n}`);
  await writeEstate(join(dir, "definitions"), shape);
  const cold = bestOf(1, () =>
    measure(process.execPath, [BIN, "build"], { cwd: dir, env: COLD() }),
  );
  const warm = bestOf(RUNS, () => measure(process.execPath, [BIN, "build"], { cwd: dir }));
  const files = readdirSync(join(dir, "out/prometheus")).map((f) => join("out/prometheus", f));
  const prom = bestOf(1, () => measure("promtool", ["check", "rules", ...files], { cwd: dir }));
  const rules = [...prom.output.matchAll(/SUCCESS: (\d+) rules/g)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
  const bytes = readdirSync(join(dir, "out"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
  sloRows.push([
    n.toLocaleString("en-US"),
    rules.toLocaleString("en-US"),
    (bytes / 1024 / 1024).toFixed(0),
    cold.seconds.toFixed(2),
    warm.seconds.toFixed(2),
    warm.peakRssMiB.toFixed(0),
    Math.round(n / warm.seconds).toLocaleString("en-US"),
    prom.seconds.toFixed(2),
    (warm.seconds / prom.seconds).toFixed(2),
  ]);
  console.error(`done: ${n} SLOs`);
}
console.log(
  "\nSLO estates: the whole build (rule files, generated tests, dashboards) vs promtool check rules on its rule files",
);
console.log(table(sloRows));
