import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { isIgnoredChange, projectWatch, rerunScheduler } from "../../src/cli/watch.ts";
import { BIN, DEFINITIONS } from "../helpers/paths.ts";
import { copyTree, tempDir } from "../helpers/temp.ts";

describe("what is no input", () => {
  test.for([
    ["checkout-api.ts", false],
    ["lib/shared.ts", false],
    ["tests/checkout.test.yml", false],
    ["estate.json", false],
    [".git/index", true],
    ["lib/.cache/x", true],
    [".checkout-api.ts.swp", true],
    ["checkout-api.ts.swp", true],
    [".#checkout-api.ts", true],
    ["#checkout-api.ts#", true],
    ["checkout-api.ts~", true],
    ["4913", true],
    ["checkout-api.ts___jb_tmp___", true],
    ["node_modules/obsforge/index.js", true],
    ["lib/node_modules/x.ts", true],
  ] as const)("%s: ignored %s", ([path, ignored]) => {
    expect(isIgnoredChange(path)).toBe(ignored);
  });

  test("the project watch: the definitions and the config file, not the output folder", () => {
    const w = projectWatch(
      "build",
      { definitions: "defs", out: "defs/out" },
      { cwd: "/p", quiet: false },
    );
    expect(w.paths).toEqual(["/p/defs", "/p/obsforge.config.json"]);
    expect(w.shown).toBe("defs/");
    const ignored = w.ignored ?? (() => false);
    expect(ignored("/p/defs/a.ts")).toBe(false);
    expect(ignored("/p/defs/out/prometheus/a.rules.yml")).toBe(true);
    expect(ignored("/p/defs/out")).toBe(true);
    expect(ignored("/p/defs/.a.ts.swp")).toBe(true);
    expect(ignored("/p/obsforge.config.json")).toBe(false);
    // A folder beside the definitions whose name starts like it is not inside.
    expect(ignored("/p/defs-old/.x")).toBe(false);
  });
});

describe("one run at a time, after things settle", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A run that stays in progress until the test ends it. */
  function gatedRuns() {
    const ends: (() => void)[] = [];
    let started = 0;
    return {
      started: () => started,
      endRun: () => ends.shift()?.(),
      run: () =>
        new Promise<void>((done) => {
          started++;
          ends.push(done);
        }),
    };
  }

  test("a burst of changes is one run, SETTLE after the last", async () => {
    vi.useFakeTimers();
    const runs = gatedRuns();
    const s = rerunScheduler(runs.run, { settleMs: 150 });
    s.changed();
    await vi.advanceTimersByTimeAsync(100);
    s.changed();
    await vi.advanceTimersByTimeAsync(100);
    s.changed();
    await vi.advanceTimersByTimeAsync(149);
    expect(runs.started()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.started()).toBe(1);
    runs.endRun();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs.started()).toBe(1);
    await s.stop();
  });

  test("changes during a run schedule exactly one more run, after it", async () => {
    vi.useFakeTimers();
    const runs = gatedRuns();
    const s = rerunScheduler(runs.run, { settleMs: 150 });
    s.runNow();
    expect(runs.started()).toBe(1);
    for (let i = 0; i < 5; i++) s.changed();
    await vi.advanceTimersByTimeAsync(1000);
    // Never two at once.
    expect(runs.started()).toBe(1);
    runs.endRun();
    await vi.advanceTimersByTimeAsync(150);
    expect(runs.started()).toBe(2);
    runs.endRun();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs.started()).toBe(2);
    await s.stop();
  });

  test("stop waits for the run in progress and starts none after it", async () => {
    vi.useFakeTimers();
    const runs = gatedRuns();
    const s = rerunScheduler(runs.run, { settleMs: 150 });
    s.runNow();
    s.changed();
    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(false);
    runs.endRun();
    await stopping;
    s.changed();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs.started()).toBe(1);
  });
});

/** A running obsforge whose output is collected as it comes. */
class Running {
  stdout = "";
  stderr = "";
  private readonly waits: (() => void)[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding("utf8").on("data", (t: string) => this.seen("stdout", t));
    child.stderr?.setEncoding("utf8").on("data", (t: string) => this.seen("stderr", t));
    this.exited = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
  }

  private seen(stream: "stdout" | "stderr", text: string) {
    this[stream] += text;
    for (const w of this.waits.splice(0)) w();
  }

  /** Resolves once `stream` holds `count` matches of `pattern` (the test's timeout catches a hang). */
  async until(stream: "stdout" | "stderr", pattern: RegExp, count = 1): Promise<void> {
    const flags = pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`;
    const matches = () => [...this[stream].matchAll(new RegExp(pattern.source, flags))].length;
    while (matches() < count) await new Promise<void>((wake) => this.waits.push(wake));
  }
}

const running: Running[] = [];
afterEach(() => {
  for (const r of running.splice(0)) if (r.child.exitCode === null) r.child.kill("SIGKILL");
});

function start(args: string[], cwd: string): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: join(cwd, "cache") };
  delete env.FORCE_COLOR;
  const r = new Running(spawn(process.execPath, [BIN, ...args], { cwd, env }));
  running.push(r);
  return r;
}

/** Write `text` as many editors save: into a new file, renamed over the old one. */
async function saveByRename(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp~`, text);
  await rename(`${path}.tmp~`, path);
}

const WATCHING = /obsforge build: watching definitions\/ for changes \(Ctrl-C to stop\)\n/;
const BUILT = /^Built \d+ artifact\(s\) from 4 service\(s\) into out\/$/m;

describe("obsforge build --watch", () => {
  test("an edit that breaks a definition shows its error, a fix builds clean, SIGINT exits 130", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    const file = join(dir, "definitions", "checkout-api.ts");
    const good = await readFile(file, "utf8");
    expect(good).toContain("objective: 99.9,");
    const w = start(["build", "--watch"], dir);
    await w.until("stderr", WATCHING);
    expect(w.stdout).toMatch(BUILT);

    // Broken, saved by renaming over the file (the save Node 20's recursive fs.watch misses).
    await saveByRename(file, good.replace("objective: 99.9,", "objective: 199.9,"));
    await w.until("stderr", /obsforge build: 1 error\(s\); out\/ left unchanged\n/);
    expect(w.stderr).toMatch(
      /^definitions\/checkout-api\.ts:\d+:\d+: slos\[0\]\.objective: expected an objective percentage .* got 199\.9$/m,
    );
    await w.until("stderr", WATCHING, 2);
    // The failed build left out/ as the first build wrote it.
    expect(await readFile(join(dir, "out", "manifest.json"), "utf8")).toContain("checkout-api");

    // Fixed, written in place, with an editor's backup beside it (no definition, no input).
    await writeFile(`${file}~`, "not a definition");
    await writeFile(file, good);
    await w.until("stdout", BUILT, 2);
    await w.until("stderr", WATCHING, 3);

    w.child.kill("SIGINT");
    expect(await w.exited).toEqual({ code: 130, signal: null });
    expect(w.stderr).not.toContain("internal error");
    // Every run printed its outcome and nothing else: builds on stdout, the one error on stderr.
    expect(w.stdout.replace(new RegExp(`${BUILT.source}\\n`, "gm"), "")).toBe("");
  });

  test("lint --watch lints again when the config file changes, and refuses FILE arguments", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    const w = start(["lint", "--watch"], dir);
    await w.until("stderr", /obsforge lint: watching definitions\/ for changes/);
    expect(w.stdout).toBe("No problems found.\n");
    // A config that raises a check the estate trips would be a finding; an unknown id is an error.
    await writeFile(
      join(dir, "obsforge.config.json"),
      JSON.stringify({ lint: { rules: { "no/such-check": "error" } } }),
    );
    await w.until("stderr", /no\/such-check/);
    await w.until("stderr", /obsforge lint: watching definitions\//, 2);
    w.child.kill("SIGINT");
    expect((await w.exited).code).toBe(130);

    const files = start(["lint", "--watch", "definitions"], dir);
    expect((await files.exited).code).toBe(2);
    expect(files.stderr).toBe(
      "obsforge lint: --watch lints the definitions; it takes no FILE|DIR\n",
    );
  });
});
