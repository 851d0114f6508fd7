/**
 * Incremental builds: a 1,000-service estate with SLOs, rebuilt after one
 * service changes, against a full build of the same estate. Run with
 * `npm run bench:incremental` (not part of `npm test`); `PEER_BIN=<path to
 * another obsforge's dist/cli/bin.js>` adds that build, run interleaved, as
 * the "before" column. Every run edits svc-0500.ts (a new annotation text,
 * so out/ changes too) before it builds; medians of BENCH_RUNS (default 5)
 * interleaved runs, wall and CPU (user+sys) time.
 *
 * - `incremental`: `obsforge build` with the module cache (the default);
 *   the first build fills the cache and is not counted.
 * - `check`: `obsforge check` right after that build (served by the
 *   estate record and the stat index of out/).
 * - `full warm build`: this obsforge with `OBSFORGE_INCREMENTAL=off` (no
 *   module cache, warm transpile cache), as every build was before; and
 *   the peer, if given.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeEstate } from "./estate.ts";
import { table } from "./measure.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WORK = join(ROOT, "bench/.work/incremental");
const BIN = join(ROOT, "dist/cli/bin.js");
const PEER = process.env.PEER_BIN;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EDITED = join(WORK, "definitions/svc-0500.ts");

interface Run {
  wall: number;
  cpu: number;
  rssMiB: number;
}

function build(bin: string, env: Record<string, string> = {}, command = "build"): Run {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, bin, command], {
    cwd: WORK,
    env: { ...process.env, XDG_CACHE_HOME: join(WORK, ".cache"), ...env },
    encoding: "utf8",
  });
  if (r.status !== 0)
    throw new Error(`build failed (exit ${r.status}):\n${r.stderr.slice(0, 2000)}`);
  const [wall, user, sys, kib] = r.stderr.trimEnd().split("\n").pop()!.split(" ").map(Number);
  return { wall: wall!, cpu: user! + sys!, rssMiB: kib! / 1024 };
}

let edits = 0;
/** A real change: an annotation of the service's first alert gets a new text. */
function editOneService(): void {
  edits++;
  const text = readFileSync(EDITED, "utf8").replace(
    /summary: "Bench alert ([^"]*?)( edit \d+)?\."/,
    `summary: "Bench alert $1 edit ${edits}."`,
  );
  writeFileSync(EDITED, text);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
await writeEstate(join(WORK, "definitions"), {
  services: 1000,
  groupsPerService: 1,
  rulesPerGroup: 2,
  slosPerService: 1,
});
// Fill the transpile and module caches; out/ exists from here on.
build(BIN);
if (PEER !== undefined) build(PEER);

function edited(bin: string, env: Record<string, string> = {}): Run {
  editOneService();
  return build(bin, env);
}

const kinds: [string, () => Run][] = [
  ["incremental: edit one service of 1,000", () => edited(BIN)],
  ["incremental: nothing changed", () => build(BIN)],
  ["check, nothing changed (after the build above)", () => build(BIN, {}, "check")],
  [
    "full warm build, one service edited (OBSFORGE_INCREMENTAL=off)",
    () => edited(BIN, { OBSFORGE_INCREMENTAL: "off" }),
  ],
];
if (PEER !== undefined) kinds.push(["peer (PEER_BIN): edit one service", () => edited(PEER)]);
const runs = new Map<string, Run[]>(kinds.map(([name]) => [name, []]));
for (let i = 0; i < RUNS; i++) for (const [name, run] of kinds) runs.get(name)!.push(run());

const rows = [["work", "wall s", "CPU s", "peak RSS MiB"]];
for (const [name, list] of runs) {
  rows.push([
    name,
    median(list.map((r) => r.wall)).toFixed(2),
    median(list.map((r) => r.cpu)).toFixed(2),
    median(list.map((r) => r.rssMiB)).toFixed(0),
  ]);
}
console.log(
  `1,000 services, 1 SLO each (medians of ${RUNS} interleaved runs, ${process.platform}, node ${process.version})`,
);
console.log(table(rows));
