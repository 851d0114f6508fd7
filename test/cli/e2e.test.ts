import { spawnSync } from "node:child_process";
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BIN, DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { copyTree, snapshotTree, tempDir } from "../helpers/temp.ts";

/** Spawn the real, built CLI as a user would. */
function obsforge(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// definitions/ copied and built once for the file (not tempDir: that is removed after each test).
let built: string;
beforeAll(async () => {
  built = await mkdtemp(join(tmpdir(), "obsforge-e2e-"));
  await copyTree(DEFINITIONS, join(built, "definitions"));
  const r = obsforge(["build"], built);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
});
afterAll(async () => {
  if (built !== undefined) await rm(built, { recursive: true, force: true });
});

/** A throwaway project: a copy of definitions/ and of the out/ the real CLI built from it. */
async function project(): Promise<string> {
  const dir = await tempDir();
  await copyTree(built, dir);
  return dir;
}

describe("obsforge build", () => {
  test("builds definitions/ into exactly the committed out/", async () => {
    const dir = await project();
    expect(await snapshotTree(join(dir, "out"))).toEqual(
      await snapshotTree(join(PROJECT_ROOT, "out")),
    );
  });

  test("is byte-identical across runs and whatever order the files were created in", async () => {
    const dir = await tempDir();
    const defs = join(dir, "definitions");
    await copyTree(DEFINITIONS, defs);
    // Recreate the files in reverse name order, so directory order differs from name order.
    const names = (await readdir(defs))
      .filter((n) => n.endsWith(".ts"))
      .sort()
      .reverse();
    const contents = await Promise.all(names.map((n) => readFile(join(defs, n), "utf8")));
    for (const n of names) await rm(join(defs, n));
    for (const [i, n] of names.entries()) await writeFile(join(defs, n), contents[i]!);

    expect(obsforge(["build", "--out", "a"], dir).code).toBe(0);
    expect(obsforge(["build", "--out", "b"], dir).code).toBe(0);
    const a = await snapshotTree(join(dir, "a"));
    expect(await snapshotTree(join(dir, "b"))).toEqual(a);
    expect(a).toEqual(await snapshotTree(join(PROJECT_ROOT, "out")));
  });

  test("bad definitions: one line per error, exit 1, no stack trace, out/ untouched", async () => {
    const dir = await project();
    const before = await snapshotTree(join(dir, "out"));
    const file = join(dir, "definitions/orders-db.ts");
    const source = await readFile(file, "utf8");
    await writeFile(file, source.replace('for: "1m"', 'for: "1 minute"'));

    const r = obsforge(["build"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      'definitions/orders-db.ts:142:17: groups[0].rules[6].for: expected a duration such as "30s", "5m" or "1h30m", got "1 minute"\n' +
        "obsforge build: 1 error(s); out/ left unchanged\n",
    );
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    expect(await snapshotTree(join(dir, "out"))).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(["definitions", "out"]);
  });

  test("a definition that does not load is one line naming the file", async () => {
    const dir = await project();
    await writeFile(
      join(dir, "definitions/broken.ts"),
      'import { nope } from "./missing.ts";\nexport default nope;\n',
    );
    const r = obsforge(["build"], dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^definitions\/broken\.ts:1:1: expected a module that loads, got .*missing\.ts/,
    );
  });

  test("a definitions folder outside the project still imports obsforge by name", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "defs"));
    await writeFile(
      join(dir, "defs/solo.ts"),
      'import { alert, defineService } from "obsforge";\n' +
        'export default defineService({ name: "solo", team: "t", groups: [{ name: "g", rules: [alert({ name: "Down", expr: "up == 0", severity: "page" })] }] });\n',
    );
    const r = obsforge(["build", "--definitions", "defs", "--out", "generated"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, "generated/prometheus/solo.rules.yml"), "utf8")).toContain(
      "alert: Down",
    );
  });
});

describe("LogQL warnings", () => {
  test("print on stderr, one line each, and do not fail build or check", async () => {
    const dir = await project();
    await writeFile(
      join(dir, "definitions/noisy.ts"),
      'import { defineService, logAlert } from "obsforge";\n' +
        'export default defineService({ name: "noisy", team: "t", logGroups: [{ name: "g", rules: [\n' +
        '  logAlert({ name: "Errors", expr: \'sum(count_over_time({app="noisy"} | json | level="error" [30s])) > 0\', severity: "ticket" }),\n' +
        "] }] });\n",
    );
    const build = obsforge(["build"], dir);
    expect(build.code).toBe(0);
    expect(build.stdout).toBe("Built 42 artifact(s) from 5 service(s) into out/\n");
    expect(build.stderr).toBe(
      'warning: definitions/noisy.ts:3:71: logGroups[0].rules[0].expr: expected a line filter such as |= "error" before | json (so Loki parses only matching lines), got | json on every line of the stream (logql/filter-before-parser)\n' +
        "warning: definitions/noisy.ts:3:94: logGroups[0].rules[0].expr: expected a range of at least the evaluation interval 1m, got [30s] (lines between evaluations are never counted) (logql/range-under-interval)\n",
    );
    expect(await readFile(join(dir, "out/loki/noisy.rules.yml"), "utf8")).toContain(
      "alert: Errors",
    );
    const check = obsforge(["check"], dir);
    expect(check.code).toBe(0);
    expect(check.stderr.split("\n").filter((l) => l !== "")).toHaveLength(2);
  });
});

describe("obsforge check", () => {
  test("passes on a fresh out/ and never writes", async () => {
    const dir = await project();
    const before = await snapshotTree(join(dir, "out"));
    const r = obsforge(["check"], dir);
    expect(r).toMatchObject({ code: 0, stdout: "out/ is fresh\n" });
    expect(await snapshotTree(join(dir, "out"))).toEqual(before);
  });

  test("names every stale, missing and extra file and exits 1", async () => {
    const dir = await project();
    await appendFile(join(dir, "out/prometheus/checkout-api.rules.yml"), "# hand edit\n");
    await rm(join(dir, "out/prometheus/orders-db.rules.yml"));
    await writeFile(join(dir, "out/prometheus/old-service.rules.yml"), "groups: []\n");
    const before = await snapshotTree(join(dir, "out"));

    const r = obsforge(["check"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "missing: out/prometheus/orders-db.rules.yml\n" +
        "stale:   out/prometheus/checkout-api.rules.yml\n" +
        "extra:   out/prometheus/old-service.rules.yml\n",
    );
    expect(r.stderr).toContain("out/ is out of date");
    expect(await snapshotTree(join(dir, "out"))).toEqual(before);
  });

  test("a changed definition makes out/ stale", async () => {
    const dir = await project();
    const file = join(dir, "definitions/payment-worker.ts");
    await writeFile(file, (await readFile(file, "utf8")).replace("> 1000", "> 2000"));
    const r = obsforge(["check"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "stale:   out/kubernetes/payment-worker.prometheusrule.yml\nstale:   out/manifest.json\nstale:   out/prometheus/payment-worker.rules.yml\n",
    );
  });

  test("invalid definitions fail check with the same one-line errors", async () => {
    const dir = await project();
    const file = join(dir, "definitions/checkout-api.ts");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace('severity: "page"', 'severity: "urgent"'),
    );
    const r = obsforge(["check"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'definitions/checkout-api.ts:123:22: groups[0].rules[4].severity: expected "page" | "ticket" | "info", got "urgent"\n',
    );
  });
});

describe("usage errors exit 2", () => {
  test.for([["frobnicate"], ["build", "--no-such-flag"], ["build", "--out"]])(
    "obsforge %s",
    async (args) => {
      const r = obsforge(args, PROJECT_ROOT);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
    },
  );

  test("--help exits 0 and lists the commands", () => {
    const r = obsforge(["--help"], PROJECT_ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/build .*\n.*check/s);
  });
});
