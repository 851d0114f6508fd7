/**
 * `npm run bench` (not part of `npm test`): one table of what obsforge does
 * at estate scale, each row side by side with a peer doing comparable work
 * on the same files in the same run: `promtool check rules` on obsforge's
 * own rule files for builds, `promtool check metrics` for lint-metrics, and
 * `node -e 0` (the floor: a Node process that does nothing) for start-up.
 *
 * Runs are interleaved (obsforge, peer, floor, obsforge, …) so a machine
 * shared with other work disturbs both sides alike; each figure is the
 * median of BENCH_RUNS runs (default 5). The ratios are peer / obsforge on CPU
 * time (user + system), which load disturbs least (above 1: obsforge does
 * its work in less CPU than the peer), and in brackets on wall time, which a
 * build spread over worker threads lowers and CPU does not show. Under the
 * table, issue 13's targets are judged from the same medians (bench/targets.ts).
 * BENCH_ONLY=REGEX runs the rows
 * whose name matches; BENCH_BIN=PATH times another build of the CLI.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type EstateShape, serviceName, writeEstate, writeService } from "./estate.ts";
import { writeExposition } from "./exposition.ts";
import { generateRuleFile } from "./lint-files.ts";
import { type Command, type Measurement, measure, medians, table } from "./measure.ts";
import { verdicts } from "./targets.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WORK = join(ROOT, "bench/.work");
const BIN = resolve(process.env.BENCH_BIN ?? join(ROOT, "dist/cli/bin.js"));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = new RegExp(process.env.BENCH_ONLY ?? "");
// The transpile cache refuses a folder others could write to (a group-writable
// checkout, say), which would make every "warm" run cold: caches go in a
// private temp folder.
const CACHES = mkdtempSync(join(tmpdir(), "obsforge-bench-"));

interface Row {
  work: string;
  /** Run once before the row's runs (generate the estate, prime the caches). */
  setup?: () => Promise<void>;
  /** Run before each obsforge run (clear a cache, edit a file); not timed. */
  prepare?: (run: number) => Promise<void>;
  ours: () => Command;
  /** What the peer is, as printed; and the command. Default: the floor. */
  peer?: { name: string; command: () => Command };
}

const FLOOR: Command = { command: process.execPath, args: ["-e", "0"] };
const obsforge = (args: string[], options: Omit<Command, "command" | "args"> = {}): Command => ({
  command: process.execPath,
  args: [BIN, ...args],
  ...options,
});

function promtoolCheckRules(dir: string, files?: string[]): Row["peer"] {
  return {
    name: "promtool check rules",
    command: () => ({
      command: "promtool",
      args: ["check", "rules", ...(files ?? ruleFiles(dir))],
      cwd: dir,
    }),
  };
}

function ruleFiles(dir: string): string[] {
  return readdirSync(join(dir, "out/prometheus"))
    .filter((f) => f.endsWith(".yml"))
    .sort()
    .map((f) => join("out/prometheus", f));
}

/**
 * Cold: no transpile (or other) cache, a fresh XDG_CACHE_HOME each run, as
 * on a CI runner without a cache. Warm: the same cache folder throughout,
 * filled by a first build; definitions unchanged (CI's rebuild, a second
 * `build` on a laptop), so the incremental cache serves it. "Warm transform
 * cache, no incremental cache" (OBSFORGE_INCREMENTAL=off on the warm
 * folder) runs, validates and compiles every module from its transpiled
 * code: the "warm" issue 13's "60k rules cold within 1.5× of warm" meant,
 * written before the incremental cache existed (ADR 0008). out/ is there in
 * all three, as a checkout has it.
 */
function buildRows(name: string, shape: EstateShape): Row[] {
  const dir = join(WORK, name);
  const warm = { XDG_CACHE_HOME: join(CACHES, name) };
  const cold = { XDG_CACHE_HOME: join(CACHES, `${name}-cold`) };
  const [what, count] = name.split("-") as [string, string];
  const label = `${Number(count).toLocaleString("en-US")} ${what}`;
  return [
    {
      work: `${label}, cold build`,
      setup: async () => {
        await writeEstate(join(dir, "definitions"), shape);
        rmSync(warm.XDG_CACHE_HOME, { recursive: true, force: true });
        measure(obsforge(["build"], { cwd: dir, env: warm }));
      },
      prepare: async () => {
        rmSync(cold.XDG_CACHE_HOME, { recursive: true, force: true });
        mkdirSync(cold.XDG_CACHE_HOME);
      },
      ours: () => obsforge(["build"], { cwd: dir, env: cold }),
      peer: promtoolCheckRules(dir),
    },
    {
      work: `${label}, warm build`,
      setup: async () => {
        if (!existsSync(join(dir, "definitions")))
          await writeEstate(join(dir, "definitions"), shape);
        measure(obsforge(["build"], { cwd: dir, env: warm }));
      },
      ours: () => obsforge(["build"], { cwd: dir, env: warm }),
      peer: promtoolCheckRules(dir),
    },
    {
      work: `${label}, warm transform cache, no incremental cache`,
      setup: async () => {
        if (!existsSync(join(dir, "definitions")))
          await writeEstate(join(dir, "definitions"), shape);
        measure(obsforge(["build"], { cwd: dir, env: warm }));
      },
      ours: () => obsforge(["build"], { cwd: dir, env: { ...warm, OBSFORGE_INCREMENTAL: "off" } }),
      peer: promtoolCheckRules(dir),
    },
  ];
}

function incrementalRows(): Row[] {
  const dir = join(WORK, "incremental-1000");
  const definitions = join(dir, "definitions");
  const shape: EstateShape = {
    services: 1000,
    groupsPerService: 1,
    rulesPerGroup: 4,
    slosPerService: 1,
  };
  const edited = 500;
  const env = { XDG_CACHE_HOME: join(CACHES, "incremental") };
  const edit: Row = {
    work: "incremental: edit one service of 1,000, build",
    setup: async () => {
      await writeEstate(definitions, shape);
      measure(obsforge(["build"], { cwd: dir, env }));
    },
    // A real edit (a summary changes), so the build must pick it up and write it.
    prepare: async (run) => {
      await writeService(definitions, shape, { index: edited, revision: run + 1 });
    },
    ours: () => obsforge(["build"], { cwd: dir, env }),
    peer: promtoolCheckRules(dir, [`out/prometheus/${serviceName(edited)}.rules.yml`]),
  };
  // The same estate once built: what CI's `check` and a second `build` cost.
  const settled = async () => {
    measure(obsforge(["build"], { cwd: dir, env }));
  };
  return [
    edit,
    {
      work: "incremental: nothing changed, build (1,000)",
      setup: settled,
      ours: () => obsforge(["build"], { cwd: dir, env }),
      peer: promtoolCheckRules(dir, [`out/prometheus/${serviceName(edited)}.rules.yml`]),
    },
    {
      work: "check, 1,000 services, nothing changed",
      setup: settled,
      ours: () => obsforge(["check"], { cwd: dir, env }),
      peer: promtoolCheckRules(dir, [`out/prometheus/${serviceName(edited)}.rules.yml`]),
    },
  ];
}

function exampleRows(): Row[] {
  const env = { XDG_CACHE_HOME: join(CACHES, "example") };
  return [
    {
      work: "check, example estate (definitions/)",
      setup: async () => {
        measure(obsforge(["check"], { cwd: ROOT, env }));
      },
      ours: () => obsforge(["check"], { cwd: ROOT, env }),
      peer: promtoolCheckRules(ROOT),
    },
    { work: "--version", ours: () => obsforge(["--version"], { cwd: ROOT }) },
    { work: "--help", ours: () => obsforge(["--help"], { cwd: ROOT }) },
  ];
}

function lintMetricsRow(lines: number): Row {
  const file = join(WORK, `exposition-${lines}.prom`);
  return {
    work: `lint-metrics, ${(lines / 1e6).toFixed(0)}M lines`,
    setup: async () => {
      if (!existsSync(file)) await writeExposition(lines, file);
    },
    // Exit 1: the exposition has naming problems on purpose; promtool exits 3 for them.
    ours: () => obsforge(["lint-metrics", file, "--format", "json"], { okStatus: [0, 1] }),
    peer: {
      name: "promtool check metrics",
      command: () => ({
        command: "promtool",
        args: ["check", "metrics"],
        stdin: file,
        okStatus: [0, 3],
      }),
    },
  };
}

/** `obsforge lint FILE` on a foreign rule file (syntax, types and every rule check) vs promtool reading it. */
function lintFilesRow(rules: number, distinct = false): Row {
  const file = join(WORK, `rules-${rules}${distinct ? "-distinct" : ""}.yml`);
  return {
    work: `lint FILE, ${rules.toLocaleString("en-US")}-rule file${distinct ? ", queries distinct" : ""}`,
    setup: async () => {
      mkdirSync(WORK, { recursive: true });
      if (!existsSync(file)) writeFileSync(file, generateRuleFile(rules, { distinct }));
    },
    ours: () => obsforge(["lint", "--format", "json", file], { okStatus: [0, 1] }),
    peer: {
      name: "promtool check rules",
      command: () => ({ command: "promtool", args: ["check", "rules", file] }),
    },
  };
}

const ROWS: Row[] = [
  ...buildRows("slos-1000", {
    services: 50,
    groupsPerService: 1,
    rulesPerGroup: 2,
    slosPerService: 20,
  }),
  ...buildRows("slos-10000", {
    services: 500,
    groupsPerService: 1,
    rulesPerGroup: 2,
    slosPerService: 20,
  }),
  ...buildRows("rules-60000", { services: 600, groupsPerService: 5, rulesPerGroup: 20 }),
  ...incrementalRows(),
  ...exampleRows(),
  lintMetricsRow(1_000_000),
  lintFilesRow(60_000),
  lintFilesRow(60_000, true),
];

interface Result {
  row: Row;
  ours: ReturnType<typeof medians>;
  peer: ReturnType<typeof medians>;
  floor: ReturnType<typeof medians>;
}

async function run(row: Row): Promise<Result> {
  await row.setup?.();
  const ours: Measurement[] = [];
  const peer: Measurement[] = [];
  const floor: Measurement[] = [];
  for (let i = 0; i < RUNS; i++) {
    await row.prepare?.(i);
    ours.push(measure(row.ours()));
    peer.push(measure(row.peer?.command() ?? FLOOR));
    floor.push(measure(FLOOR));
  }
  return { row, ours: medians(ours), peer: medians(peer), floor: medians(floor) };
}

const seconds = (m: { wall: number; cpu: number }) => `${m.wall.toFixed(2)} (${m.cpu.toFixed(2)})`;

mkdirSync(WORK, { recursive: true });
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
const startLoad = loadavg()[0]!;
const results: Result[] = [];
for (const row of ROWS.filter((r) => ONLY.test(r.work))) {
  results.push(await run(row));
  console.error(`done: ${row.work}`);
}
const header = [
  "work",
  "obsforge s (cpu)",
  "peer",
  "peer s (cpu)",
  "ratio cpu (wall)",
  "peak RSS MiB (peer)",
  "floor s",
];
const rows = results.map(({ row, ours, peer, floor }) => [
  row.work,
  seconds(ours),
  row.peer?.name ?? "node -e 0",
  seconds(peer),
  `${(peer.cpu / ours.cpu).toFixed(2)}x (${(peer.wall / ours.wall).toFixed(2)}x)`,
  `${ours.peakRssMiB.toFixed(0)} (${peer.peakRssMiB.toFixed(0)})`,
  floor.wall.toFixed(2),
]);
console.log(
  `obsforge bench: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), node ${process.version}, ${process.platform}`,
);
console.log(
  `median of ${RUNS} interleaved runs; seconds are wall (CPU user+sys); ratio = peer / obsforge, CPU (wall) (> 1: obsforge uses less); load average ${startLoad.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`,
);
console.log(table([header, ...rows]));
const judged = verdicts(new Map(results.map((r) => [r.row.work, r])));
if (judged.length > 0) {
  console.log("\nissue 13's targets, from the medians above:");
  console.log(
    table([
      ["target", "measured", "verdict"],
      ...judged.map((v) => [v.target, v.measured, v.met ? "met" : "NOT MET"]),
    ]),
  );
}
rmSync(CACHES, { recursive: true, force: true });
