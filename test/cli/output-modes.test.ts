import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeEstate } from "../../bench/estate.ts";
import { GOLDEN } from "../lint/golden-cases.ts";
import { BIN, DEFINITIONS } from "../helpers/paths.ts";
import { copyTree, tempDir } from "../helpers/temp.ts";

/** The lint golden's estate: 16 errors and 10 warnings, text output checked by eye. */
const LINTED = join(GOLDEN, "definitions", "input");
const LINTED_TEXT = join(GOLDEN, "definitions", "expected", "text.txt");
const ESC = "\x1b";

/** obsforge on pipes, with exactly the colour variables given (none inherited). */
function piped(args: string[], cwd: string, env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...base, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** obsforge with a terminal for stdin, stdout and stderr (util-linux `script`, Debian's bsdutils). */
function onTerminal(args: string[], cwd: string, env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  const line = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(" ");
  const r = spawnSync("script", ["-qefc", line, "/dev/null"], {
    cwd,
    encoding: "utf8",
    env: { ...base, TERM: "xterm", COLUMNS: "100", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.error !== undefined) throw r.error;
  // The terminal turns every \n into \r\n.
  return { status: r.status, output: r.stdout.replace(/\r\n/g, "\n") };
}

describe("on a pipe: no colour, no progress, no timing", () => {
  test("lint prints the golden text byte for byte, and nothing on stderr", async () => {
    const r = piped(["lint"], LINTED);
    expect(r.stdout).toBe(await readFile(LINTED_TEXT, "utf8"));
    expect([r.status, r.stderr]).toEqual([1, ""]);
  });

  test("FORCE_COLOR colours a pipe (same text under the escapes); NO_COLOR wins over it", async () => {
    const golden = await readFile(LINTED_TEXT, "utf8");
    const forced = piped(["lint"], LINTED, { FORCE_COLOR: "1" });
    expect(forced.stdout).toContain(`${ESC}[1m${ESC}[31merror${ESC}[39m${ESC}[22m`);
    expect(forced.stdout.replace(/\x1b\[\d+m/g, "")).toBe(golden);
    const both = piped(["lint"], LINTED, { FORCE_COLOR: "1", NO_COLOR: "1" });
    expect(both.stdout).toBe(golden);
  });
});

describe("--quiet", () => {
  test("lint prints the error findings only, without the count line; the exit code is the same", async () => {
    const golden = await readFile(LINTED_TEXT, "utf8");
    const r = piped(["lint", "--quiet"], LINTED);
    const headline = /^\S+: (error|warning|info) \S+: /gm;
    expect(
      [...golden.matchAll(headline)].map((m) => m[1]).filter((s) => s === "error"),
    ).toHaveLength(16);
    expect([...r.stdout.matchAll(headline)].map((m) => m[1])).toEqual(Array(16).fill("error"));
    expect(r.stdout).not.toContain("problem(s)");
    // Each error block is the golden's, carets included.
    for (const block of r.stdout.split(/\n(?=\S)/)) expect(golden).toContain(block.trimEnd());
    expect([r.status, r.stderr]).toEqual([1, ""]);
    // Before or after the command, as a program option.
    expect(piped(["-q", "lint"], LINTED).stdout).toBe(r.stdout);
  });

  test("a build and a fresh check print nothing; a failing build still prints its errors", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    const env = { XDG_CACHE_HOME: join(dir, "cache") };
    expect(piped(["-q", "build"], dir, env)).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(piped(["check", "--quiet"], dir, env)).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(piped(["check"], dir, env).stdout).toBe("out/ is fresh\n");
    const broken = piped(["-q", "build", "--definitions", "missing"], dir, env);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain("cannot read the definitions folder missing/");
  });
});

describe("a long run (LONG_STEP definitions or more)", () => {
  let dir: string;
  // One estate for the three tests (tempDir's folders go after each test).
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "obsforge-long-"));
    await writeEstate(join(dir, "definitions"), {
      services: 220,
      groupsPerService: 1,
      rulesPerGroup: 1,
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("on a pipe, the build prints its one line and nothing on stderr", () => {
    const r = piped(["build", "--no-cache"], dir, { XDG_CACHE_HOME: join(dir, "cache") });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Built \d+ artifact\(s\) from 220 service\(s\) into out\/\n$/);
    expect(r.status).toBe(0);
  });

  test("on a terminal, it draws a progress line in place and ends with a coloured summary", () => {
    const r = onTerminal(["build", "--no-cache"], dir, { XDG_CACHE_HOME: join(dir, "cache") });
    expect(r.status).toBe(0);
    expect(r.output).toContain("\rloading definitions  ");
    expect(r.output).toContain("220/220 [####################] 100%\x1b[K");
    // The line is erased before the result is printed.
    expect(r.output).toMatch(/\r\x1b\[K\x1b\[32mBuilt \d+ artifact\(s\) from 220 service\(s\)/);
    expect(r.output).toMatch(
      /\n\x1b\[32mobsforge build: 220 definitions loaded, \d+ artifacts written in [\d.]+ (s|min)/,
    );
  });

  test("on a terminal with --quiet, nothing is drawn and nothing printed", () => {
    const r = onTerminal(["-q", "build", "--no-cache"], dir, {
      XDG_CACHE_HOME: join(dir, "cache"),
    });
    expect([r.status, r.output]).toEqual([0, ""]);
  });
});
