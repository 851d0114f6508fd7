/**
 * Real processes, real signals: builds of a 10-service estate killed with
 * SIGKILL before each phase of the commit, at random instants and at exact renames, interrupted with SIGTERM
 * and SIGINT, and run two at a time into one out/.
 */
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeEstate } from "../../bench/estate.ts";
import { compareOutput } from "../../src/emit/compare.ts";
import { recoverOutput } from "../../src/emit/write.ts";
import { buildProject } from "../../src/pipeline/project.ts";
import { BIN, PROJECT_ROOT } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

const DRIVER = join(PROJECT_ROOT, "test/emit/fixtures/paused-build.mjs");
// The heaviest tests here: a limit that only catches a hang, even on 2 busy cores.
const LONG = 300_000;

type Hashes = Record<string, string>;

/** path → sha256 of every file under `dir` (links and folders are not files). */
async function hashes(dir: string): Promise<Hashes> {
  const result: Hashes = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    result[path.slice(dir.length + 1)] = createHash("sha256")
      .update(await readFile(path))
      .digest("hex");
  }
  return result;
}

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], cwd: string): Run {
  const child = spawn(process.execPath, args, { cwd, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += d;
  });
  child.stdout!.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on("exit", (code, signal) => r({ code, signal })),
  );
  return { child, stderr: () => stderr, exit };
}

const cli = obsforgeInProcess;

/** Resolves once the driver reports it paused (no timer: it waits for the line). */
function paused(run: Run): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (run.stderr().includes("paused at ")) resolve();
    };
    run.child.stderr!.on("data", check);
    run.exit.then(() => reject(new Error(`exited before pausing: ${run.stderr()}`)));
    check();
  });
}

/** Resolves when an entry named `prefix…` appears in `dir` (inotify, no polling). */
function appeared(dir: string, prefix: string): Promise<void> & { cancel: () => void } {
  let watcher: FSWatcher | undefined;
  const p = new Promise<void>((resolve) => {
    watcher = watch(dir, (_event, name) => {
      if (name?.startsWith(prefix)) {
        watcher?.close();
        resolve();
      }
    });
  });
  return Object.assign(p, { cancel: () => watcher?.close() });
}

/** Deterministic PRNG (mulberry32), so the kill instants are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let root: string;
const trees: Record<"a" | "b", Hashes> = { a: {}, b: {} };

beforeAll(async () => {
  // Shared by every test of the file (tempDir is per test).
  root = await mkdtemp(join(tmpdir(), "obsforge-crash-"));
  // Two estates whose trees differ in every way: changed files (a rule less
  // per group), removed and added ones (two services fewer).
  await writeEstate(join(root, "estate-a"), {
    services: 10,
    groupsPerService: 2,
    rulesPerGroup: 6,
    slosPerService: 3,
  });
  await writeEstate(join(root, "estate-b"), {
    services: 8,
    groupsPerService: 2,
    rulesPerGroup: 5,
    slosPerService: 3,
  });
  for (const x of ["a", "b"] as const) {
    const built = await buildProject({
      definitions: `estate-${x}`,
      out: `tree-${x}`,
      cwd: root,
    });
    expect(built.ok).toBe(true);
    trees[x] = await hashes(join(root, `tree-${x}`));
  }
  expect(Object.keys(trees.a).length).toBeGreaterThan(40);
}, LONG);

afterAll(() => rm(root, { recursive: true, force: true }));

/** A fresh folder with out/ holding tree `x`. */
async function workWith(x: "a" | "b"): Promise<{ work: string; out: string }> {
  const work = await tempDir("obsforge-crash-work-");
  await cp(join(root, `tree-${x}`), join(work, "out"), { recursive: true });
  return { work, out: join(work, "out") };
}

function build(x: "a" | "b", out: string): string[] {
  return [BIN, "build", "--definitions", join(root, `estate-${x}`), "--out", out];
}

function driver(step: string, until: "stdin" | "signal", x: "a" | "b", out: string): string[] {
  return [DRIVER, step, until, ...build(x, out).slice(1)];
}

function stateOf(files: Hashes): "a" | "b" | "mixed" {
  if (isDeepStrictEqual(files, trees.a)) return "a";
  if (isDeepStrictEqual(files, trees.b)) return "b";
  return "mixed";
}

/** Right after a kill: out/ is there, each file is whole (old or new bytes), and a mix has a journal. */
async function assertRecoverable(out: string, work: string, label: string): Promise<string> {
  expect((await stat(out)).isDirectory(), label).toBe(true);
  const files = await hashes(out);
  for (const [path, sha] of Object.entries(files)) {
    expect([trees.a[path], trees.b[path]], `${label}: ${path}`).toContain(sha);
  }
  const state = stateOf(files);
  if (state === "mixed") {
    const s = await compareOutput(out, [], { cwd: work });
    expect(s.ok && s.value.unfinished, label).toBe(".out.obsforge-journal.json");
  }
  return state;
}

/** What a mutating call of a build into `work/<out>` touches, from the driver's `list` line. */
function stepKind(line: string, work: string, out: string): string {
  const [, , call, path] = line.split(" ") as [string, string, string, string];
  const last = line.split(" ").at(-1)!; // a rename or link names its destination last
  const role = (p: string) => {
    const name = p.slice(work.length + 1);
    if (p === work) return "parent";
    if (name.startsWith(`${out}/`)) return "out";
    const m = /^\.[^/]+\.obsforge-(lock|staging|backup|journal-tmp|journal\.json)/.exec(name);
    return m === null ? `other ${name}` : m[1]!.replace(".json", "");
  };
  return `${call} ${role(call === "rename" || call === "link" ? last : path)}`;
}

describe("SIGKILL before each phase of the commit and at random instants", () => {
  test("out/ is never missing nor torn, a mix always has its journal, and recovery leaves the old or the new tree", {
    timeout: LONG,
  }, async () => {
    const { work, out } = await workWith("a");
    // One unkilled build of tree b over tree a lists its mutating steps, and sets the range
    // of the random kill delays: the whole build, and the part after its staging folder
    // appears. Speed decides only where random kills land, never whether the test passes.
    await cp(join(root, "tree-a"), join(work, "scratch"), { recursive: true });
    const began = performance.now();
    const staged = appeared(work, ".scratch.obsforge-staging-");
    const listing = start(
      [DRIVER, "list", "stdin", ...build("b", join(work, "scratch")).slice(1)],
      work,
    );
    const stagedAt = await Promise.race([
      staged.then(() => performance.now()),
      listing.exit.then(() => 0),
    ]);
    expect((await listing.exit).code, listing.stderr()).toBe(0);
    const ended = performance.now();
    const span = (ended - began) * 1.2;
    const writeSpan = stagedAt === 0 ? span : (ended - stagedAt) * 1.2;

    // A kill before the first step of each phase of the journal (lock, staging, backup
    // links, journal written then renamed, renames into out/, pruning, journal removed,
    // staging removed, lock released), including the short ones random instants rarely hit.
    // The first, second and last renames have their own tests below; here the middle one.
    const steps = listing
      .stderr()
      .split("\n")
      .filter((l) => l.startsWith("op "))
      .map((l) => stepKind(l, work, "scratch"));
    const phases = [
      "writeFile lock",
      "writeFile staging",
      "link backup",
      "writeFile journal-tmp",
      "rename journal",
      "rm out",
      "unlink journal",
      "rm staging",
      "rm lock",
    ];
    for (const kind of phases) expect(steps, kind).toContain(kind);
    const renames = steps.flatMap((k, i) => (k === "rename out" ? [i + 1] : []));
    expect(renames.length).toBeGreaterThan(10);
    const exact = [
      ...phases.map((kind) => steps.indexOf(kind) + 1),
      renames[Math.floor(renames.length / 2)]!,
    ].sort((x, y) => x - y);

    // Then kills at random instants: every other one after the staging folder appears.
    const rng = random(20_251_201);
    const schedule = [
      ...exact.map((op) => ({ op })),
      ...Array.from({ length: 5 }, (_, i) => ({ writing: i % 2 === 0 })),
    ];
    let current: "a" | "b" = "a";
    const killedIn = new Set<string>();
    for (const [i, kill] of schedule.entries()) {
      let label: string;
      let target: "a" | "b";
      if ("op" in kill) {
        // Exact steps are numbered for a build of b over a: start from tree a.
        if (current !== "a") {
          await rm(out, { recursive: true });
          await cp(join(root, "tree-a"), out, { recursive: true });
          current = "a";
        }
        target = "b";
        const run = start(driver(`op:${kill.op}`, "stdin", "b", out), work);
        await paused(run);
        run.child.kill("SIGKILL");
        await run.exit;
        label = `kill ${i} before step ${kill.op} (${steps[kill.op - 1]})`;
      } else {
        target = current === "a" ? "b" : "a";
        const writing = kill.writing ? appeared(work, ".out.obsforge-staging-") : undefined;
        const run = start(build(target, out), work);
        if (writing !== undefined) await Promise.race([writing, run.exit]);
        await new Promise((r) => setTimeout(r, rng() * (writing === undefined ? span : writeSpan)));
        run.child.kill("SIGKILL");
        const exit = await run.exit;
        writing?.cancel();
        label = `kill ${i} at a random instant (${exit.signal ?? `exit ${exit.code}`})`;
      }
      killedIn.add(await assertRecoverable(out, work, label));
      if (i % 5 === 4) {
        // The next build itself finishes or discards what the killed one left.
        const next = start(build(target, out), work);
        expect((await next.exit).code, next.stderr()).toBe(0);
        expect(stateOf(await hashes(out)), label).toBe(target);
        current = target;
      } else {
        const recovered = await recoverOutput(out, { cwd: work });
        expect(recovered.ok, label).toBe(true);
        const after = stateOf(await hashes(out));
        expect(after, label).not.toBe("mixed");
        current = after as "a" | "b";
      }
      expect((await readdir(work)).sort(), label).toEqual(["out", "scratch"]);
    }
    // Not vacuous: kills left the old tree, the new one, and mixes for the journal to finish.
    expect([...killedIn].sort()).toEqual(["a", "b", "mixed"]);
  });
});

describe("SIGKILL at exact steps of the commit", () => {
  test.for(["first", "second", "last"] as const)(
    "killed before the %s rename into out/: check reports the unfinished build and changes nothing; the next build finishes it",
    { timeout: LONG },
    async (which) => {
      // Renames into out/: one per file of tree b that is new or changed, the manifest last.
      const moves = Object.keys(trees.b).filter((p) => trees.a[p] !== trees.b[p]).length;
      const step = `commit:${{ first: 1, second: 2, last: moves }[which]}`;
      const { work, out } = await workWith("a");
      const run = start(driver(step, "stdin", "b", out), work);
      await paused(run);
      run.child.kill("SIGKILL");
      await run.exit;
      const state = await assertRecoverable(out, work, step);
      if (which !== "first") expect(state).toBe("mixed");
      const before = await hashes(out);

      // The process boundary is not what is tested from here: the CLI runs in-process.
      const check = await cli(
        ["check", "--definitions", join(root, "estate-b"), "--out", out],
        work,
      );
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(
        /^unfinished: \.out\.obsforge-journal\.json \(a build was interrupted while replacing .*\/out\/; the next build finishes it\)\n/,
      );
      expect(await hashes(out)).toEqual(before);

      const next = await cli(build("b", out).slice(1), work);
      expect(next.code).toBe(0);
      expect(next.stderr).toBe(
        "warning: obsforge build: finished the interrupted build recorded in .out.obsforge-journal.json before this one\n",
      );
      expect(stateOf(await hashes(out))).toBe("b");
      expect(await readdir(work)).toEqual(["out"]);
    },
  );
});

describe("SIGINT and SIGTERM", () => {
  test.for([
    ["SIGTERM", "stage:5", 143],
    ["SIGINT", "stage:5", 130],
    ["SIGTERM", "commit:3", 143],
    ["SIGINT", "commit:3", 130],
  ] as const)(
    "%s at %s: staging removed, out/ as it was, exit %d",
    { timeout: LONG },
    async ([signal, step, code]) => {
      const { work, out } = await workWith("a");
      const run = start(driver(step, "signal", "b", out), work);
      await paused(run);
      run.child.kill(signal);
      const exit = await run.exit;
      expect(exit.code).toBe(code);
      expect(run.stderr()).toBe(
        `paused at ${step}\nobsforge build: interrupted by ${signal}; out/ left unchanged\n`,
      );
      expect(stateOf(await hashes(out))).toBe("a");
      expect(await readdir(work)).toEqual(["out"]);
    },
  );
});

describe("two builds into one out/", () => {
  test("while one holds the lock, the other fails in one line naming it and touches nothing", {
    timeout: LONG,
  }, async () => {
    const { work, out } = await workWith("a");
    const holder = start(driver("commit:1", "stdin", "b", out), work);
    await paused(holder);
    const before = await hashes(out);
    const second = start(build("a", out), work);
    const exit = await second.exit;
    expect(exit.code).toBe(1);
    expect(second.stderr()).toBe(
      `obsforge build: out/ is being written by another obsforge build (pid ${holder.child.pid} holds .out.obsforge-lock); wait for it, or delete that file if no build is running\n`,
    );
    expect(await hashes(out)).toEqual(before);
    holder.child.stdin!.write("go\n");
    expect((await holder.exit).code).toBe(0);
    expect(stateOf(await hashes(out))).toBe("b");
    expect(await readdir(work)).toEqual(["out"]);
  });

  test("started together, three times: each succeeds or fails on the lock, and out/ is the tree of one that succeeded", {
    timeout: LONG,
  }, async () => {
    const { work, out } = await workWith("a");
    for (let round = 0; round < 3; round++) {
      const runs = (["a", "b"] as const).map((x) => ({ x, run: start(build(x, out), work) }));
      const exits = await Promise.all(runs.map((r) => r.run.exit));
      const won = runs.filter((_, i) => exits[i]!.code === 0).map((r) => r.x);
      for (const [i, r] of runs.entries()) {
        if (exits[i]!.code !== 0) {
          expect(exits[i]!.code).toBe(1);
          expect(r.run.stderr()).toMatch(
            /^obsforge build: .* is being written by another obsforge build \(pid \d+ holds .*\.out\.obsforge-lock\); wait for it, or delete that file if no build is running\n$/,
          );
        }
      }
      expect(won.length).toBeGreaterThan(0);
      expect(won).toContain(stateOf(await hashes(out)));
      expect(await readdir(work)).toEqual(["out"]);
    }
  });
});
