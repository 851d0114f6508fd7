import { spawn, spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { SAMPLE_SERVICE_TS } from "../../src/init/sample-service.ts";
import { cpuTimes, idleCores } from "../../src/pipeline/free-cores.ts";
import { isPlainData, workerCount } from "../../src/pipeline/parallel-compile.ts";
import type { WorkerStats } from "../../src/pipeline/parallel-compile.ts";
import { writeEstate } from "../../bench/estate.ts";
import { BIN, DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { copyTree, snapshotTree, tempDir } from "../helpers/temp.ts";

// Workers run the built modules (a worker thread cannot run obsforge's
// TypeScript sources on Node 20), so these tests drive the built library
// and CLI, as users run them.
type Api = typeof import("../../src/api.ts");
const built = (): Promise<Api> => import(resolve(PROJECT_ROOT, "dist/api.js")) as Promise<Api>;

/** The example estate (custom dashboards, YAML specs, routing) plus `extra` modules. */
async function estate(extra: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir();
  await copyTree(DEFINITIONS, join(dir, "definitions"));
  for (const [name, text] of Object.entries(extra))
    await writeFile(join(dir, "definitions", name), text);
  return dir;
}

/** `count` copies of the sample service, each under its own name. */
function samples(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = `sample-${String(i).padStart(3, "0")}`;
    files[`${name}.ts`] = SAMPLE_SERVICE_TS.replaceAll("example-api", name);
  }
  return files;
}

describe("compiling on worker threads", () => {
  test("a cold build on two workers writes the bytes of a serial one", async () => {
    const { buildProject } = await built();
    const serial = await estate(samples(3));
    const parallel = await estate(samples(3));
    const stats: WorkerStats[] = [];
    const a = await buildProject({ cwd: serial, cache: { dir: await tempDir() }, workers: 0 });
    const b = await buildProject({
      cwd: parallel,
      cache: { dir: await tempDir() },
      workers: 2,
      onWorkers: (s) => stats.push(s),
    });
    expect(a.ok && b.ok).toBe(true);
    expect(await snapshotTree(join(parallel, "out"))).toEqual(
      await snapshotTree(join(serial, "out")),
    );
    // Every service's rule files (custom dashboards or not) and the plain services'
    // dashboards are jobs; the build compiles those no worker has started yet itself.
    expect(stats).toHaveLength(1);
    expect(stats[0]!.workers).toBe(2);
    expect(stats[0]!.served).toBeGreaterThan(0);
    expect(stats[0]!.served + stats[0]!.compiledHere).toBeGreaterThan(
      b.ok ? b.value.services : Infinity,
    );
  });

  test("`check` on workers with a cold cache finds the serial build's out/ fresh", async () => {
    const { buildProject, checkProject } = await built();
    const dir = await estate();
    expect((await buildProject({ cwd: dir, cache: { dir: await tempDir() }, workers: 0 })).ok).toBe(
      true,
    );
    const stats: WorkerStats[] = [];
    const checked = await checkProject({
      cwd: dir,
      cache: { dir: await tempDir() },
      workers: 1,
      onWorkers: (s) => stats.push(s),
    });
    expect(checked.ok && checked.value.stale).toEqual([]);
    expect(stats[0]!.served).toBeGreaterThan(0);
  });

  test("a warm build of TypeScript modules compiles nothing, so it starts no workers", async () => {
    const { buildProject } = await built();
    // YAML specs, and services holding dashboard builders (the sample's custom
    // dashboard), are compiled on every build: plain TypeScript modules only here.
    const dir = await tempDir();
    await writeEstate(join(dir, "definitions"), {
      services: 3,
      groupsPerService: 1,
      rulesPerGroup: 2,
      slosPerService: 2,
    });
    const cache = { dir: await tempDir() };
    expect((await buildProject({ cwd: dir, cache, workers: 0 })).ok).toBe(true);
    const stats: WorkerStats[] = [];
    expect(
      (await buildProject({ cwd: dir, cache, workers: 2, onWorkers: (s) => stats.push(s) })).ok,
    ).toBe(true);
    expect(stats).toEqual([]);
  });
});

describe("the CLI with OBSFORGE_WORKERS", () => {
  const run = (cwd: string, workers: string) =>
    spawnSync(process.execPath, [BIN, "build"], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, OBSFORGE_WORKERS: workers, XDG_CACHE_HOME: join(cwd, ".cache") },
    });

  test("a bad definition among 70 services: the serial build's one line and exit 1, out/ untouched", async () => {
    const bad = SAMPLE_SERVICE_TS.replaceAll("example-api", "bad-api").replace(
      "objective: 99.9",
      "objective: 150",
    );
    expect(bad).toContain("objective: 150");
    const dir = await estate({ ...samples(70), "bad-api.ts": bad });
    await mkdir(join(dir, ".cache"), { mode: 0o700 });
    const serial = run(dir, "0");
    const before = await snapshotTree(dir);
    const parallel = run(dir, "2");
    expect(parallel.stderr).toBe(serial.stderr);
    expect(parallel.stderr).toMatch(
      /^definitions\/bad-api\.ts:\d+:\d+: slos\[0\]\.objective: [^\n]+\nobsforge build: 1 error\(s\); out\/ left unchanged\n$/,
    );
    expect([serial.status, parallel.status]).toEqual([1, 1]);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  test("SIGINT while workers compile: one line, exit 130, out/ as it was", async () => {
    // A dashboard builder (compiled on the main thread: it cannot cross) that
    // interrupts its own process when the build emits it, after the
    // validation and planning that call it too; the other services' rule
    // files and dashboards are on the workers then.
    const interrupting = `import { defineService } from "obsforge";
class Interrupting {
  build() {
    if (new Error().stack?.includes("dashboardFile")) process.kill(process.pid, "SIGINT");
    return { uid: "interrupting", title: "Interrupting" };
  }
}
export default defineService({ name: "interrupting", team: "aaa", dashboards: { grafana: [new Interrupting()] } });
`;
    const dir = await estate(samples(8));
    await mkdir(join(dir, ".cache"), { mode: 0o700 });
    expect(run(dir, "0").status).toBe(0);
    await writeFile(join(dir, "definitions/interrupting.ts"), interrupting);
    const before = await snapshotTree(dir);
    const child = spawn(process.execPath, [BIN, "build"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, OBSFORGE_WORKERS: "2", XDG_CACHE_HOME: join(dir, ".cache") },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((done) => child.on("close", done));
    expect(stderr).toBe("obsforge build: interrupted by SIGINT; out/ left unchanged\n");
    expect(code).toBe(130);
    const after = await snapshotTree(dir);
    // The cache may hold entries of the interrupted build; out/ and definitions/ are as they were.
    const outside = (tree: Record<string, string>) =>
      Object.fromEntries(Object.entries(tree).filter(([path]) => !path.startsWith(".cache/")));
    expect(outside(after)).toEqual(outside(before));
  });
});

describe("when workers are used", () => {
  test("OBSFORGE_WORKERS forces a count, 0 turns them off", () => {
    const idle = { cores: 2, load: 0.1 };
    expect(workerCount(1000, { ...idle, env: { OBSFORGE_WORKERS: "0" } })).toBe(0);
    expect(workerCount(3, { ...idle, env: { OBSFORGE_WORKERS: "3" } })).toBe(3);
    expect(workerCount(3, { cores: 1, load: 9, env: { OBSFORGE_WORKERS: "2" } })).toBe(2);
    expect(workerCount(1000, { ...idle, workers: 1, env: { OBSFORGE_WORKERS: "0" } })).toBe(1);
  });

  test("by default: large builds only, one worker per core besides the build's, none on a busy machine", () => {
    const env = {};
    expect(workerCount(64, { env, cores: 2, load: 0.3 })).toBe(1);
    expect(workerCount(63, { env, cores: 2, load: 0.3 })).toBe(0);
    expect(workerCount(500, { env, cores: 1, load: 0 })).toBe(0);
    expect(workerCount(500, { env, cores: 8, load: 2 })).toBe(7);
    expect(workerCount(500, { env, cores: 2, load: 1.5 })).toBe(0);
    expect(workerCount(500, { env: { OBSFORGE_WORKERS: "auto" }, cores: 4, load: 1 })).toBe(3);
  });

  test("by default, cores idle while the build loaded decide, before the load average", () => {
    const env = {};
    // Just after other work (load average 1.6) on two cores one of which sat idle: a worker.
    expect(workerCount(500, { env, cores: 2, load: 1.6, idle: 0.9 })).toBe(1);
    // Another process holds the second core (load average still low): none.
    expect(workerCount(500, { env, cores: 2, load: 0.2, idle: 0.1 })).toBe(0);
    expect(workerCount(500, { env, cores: 2, load: 0.2, idle: 0.6 })).toBe(0);
    expect(workerCount(500, { env, cores: 2, load: 0.2, idle: 0.75 })).toBe(1);
    expect(workerCount(500, { env, cores: 8, load: 0, idle: 4.8 })).toBe(5);
    expect(workerCount(500, { env, cores: 16, load: 0, idle: 15 })).toBe(7);
    // Still no workers for a small build or on one core, and OBSFORGE_WORKERS wins.
    expect(workerCount(63, { env, cores: 2, idle: 1 })).toBe(0);
    expect(workerCount(500, { env, cores: 1, idle: 1 })).toBe(0);
    expect(workerCount(500, { env: { OBSFORGE_WORKERS: "0" }, cores: 2, idle: 1 })).toBe(0);
  });

  test("idle cores are read off two CPU-time readings; a short window tells nothing", () => {
    const at = (idle: number, total: number) => ({ idle, total, cores: 2 });
    // 2 s on two cores (4,000 ms of CPU time), 1,800 ms of it idle: 0.9 cores.
    expect(idleCores(at(10_000, 50_000), at(11_800, 54_000))).toBeCloseTo(0.9);
    expect(idleCores(at(10_000, 50_000), at(10_000, 54_000))).toBe(0);
    expect(idleCores(at(10_000, 50_000), at(10_050, 50_100))).toBeUndefined();
    expect(idleCores(at(0, 0), { idle: 5000, total: 9000, cores: 4 })).toBeUndefined();
    // The real reading: the machine's own counters, idle never above the cores.
    const before = cpuTimes();
    expect(before.cores).toBeGreaterThan(0);
    const idle = idleCores({ ...before, idle: 0, total: 0 }, before);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(before.cores);
  });

  test("only plain data crosses: no builders, functions or symbols", () => {
    expect(isPlainData({ a: [1, "x", null, undefined, { b: true }] })).toBe(true);
    expect(isPlainData({ a: [{ build: () => ({}) }] })).toBe(false);
    expect(isPlainData({ a: new (class Panel {})() })).toBe(false);
    expect(isPlainData({ a: Symbol("s") })).toBe(false);
    expect(isPlainData(Object.create(null))).toBe(true);
  });
});
