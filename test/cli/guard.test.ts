/**
 * What `build` refuses to replace, empty or missing definitions, --version
 * and a closed stdout. The CLI runs in-process (`run(argv, io)`) except where
 * the process boundary is what is tested (a real pipe).
 */
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { spawn, spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BIN, DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { copyTree, snapshotTree, tempDir } from "../helpers/temp.ts";

const obsforge = obsforgeInProcess;

/** A repository: .git, definitions/ and a hand-written file, no out/ yet. */
async function repository(): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, ".git/refs"), { recursive: true });
  await writeFile(join(dir, ".git/HEAD"), "ref: refs/heads/main\n");
  await copyTree(DEFINITIONS, join(dir, "definitions"));
  await writeFile(join(dir, "README.md"), "# our rules\n");
  return dir;
}

describe("build replaces only a folder obsforge wrote", () => {
  test("--out on a folder holding .git and a hand-written file: exit 1, one line, both byte-equal", async () => {
    const dir = await repository();
    await mkdir(join(dir, "rules/.git"), { recursive: true });
    await writeFile(join(dir, "rules/.git/HEAD"), "ref: refs/heads/rules\n");
    await writeFile(join(dir, "rules/team.rules.yml"), "groups: []\n");
    const before = await snapshotTree(dir);
    const r = await obsforge(["build", "--out", "rules"], dir);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "obsforge build: refusing to replace rules/: it is a git repository (it holds .git); choose a folder of its own, such as out/\n",
    });
    expect(await snapshotTree(dir)).toEqual(before);
  });

  test("--out on a folder of hand-written files: exit 1, untouched", async () => {
    const dir = await repository();
    await mkdir(join(dir, "rules"));
    await writeFile(join(dir, "rules/team.rules.yml"), "groups: []\n");
    const before = await snapshotTree(dir);
    const r = await obsforge(["build", "--out", "rules"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "obsforge build: refusing to replace rules/: it holds files obsforge did not write (no manifest.json from an earlier build); empty it or choose another --out\n",
    );
    expect(await snapshotTree(dir)).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual([".git", "README.md", "definitions", "rules"]);
  });

  test.for([
    [".", "obsforge build: refusing to use ./ as the output folder: it is the working directory\n"],
    [
      "./",
      "obsforge build: refusing to use ./ as the output folder: it is the working directory\n",
    ],
    [
      "..",
      "obsforge build: refusing to use PARENT/ as the output folder: it contains the working directory\n",
    ],
    [
      "/",
      "obsforge build: refusing to use / as the output folder: it contains the working directory\n",
    ],
    ["", "obsforge build: --out is empty (an unset variable?); pass a folder, e.g. --out out\n"],
    [
      "definitions",
      "obsforge build: refusing to use definitions/ as the output folder: it is the definitions folder definitions/\n",
    ],
    [
      "definitions/x",
      "obsforge build: refusing to use definitions/x/ as the output folder: it is inside the definitions folder definitions/\n",
    ],
    ["README.md", "obsforge build: refusing to replace README.md/: it is a file, not a folder\n"],
    [
      "README.md/out",
      "obsforge build: cannot create README.md/out/: a part of the path is a file, not a folder (ENOTDIR)\n",
    ],
  ] as const)("--out %j: exit 1, one line, nothing touched", async ([out, message]) => {
    const dir = await repository();
    const before = await snapshotTree(dir);
    const r = await obsforge(["build", "--out", out], dir);
    expect(r).toEqual({ code: 1, stdout: "", stderr: message.replace("PARENT", join(dir, "..")) });
    expect(await snapshotTree(dir)).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual([".git", "README.md", "definitions"]);
  });

  test("a link to the repository is judged by what it names", async () => {
    const dir = await repository();
    const elsewhere = await tempDir();
    await symlink(dir, join(elsewhere, "repo-link"));
    const r = await obsforge(
      ["build", "--definitions", join(dir, "definitions"), "--out", join(elsewhere, "repo-link")],
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `obsforge build: refusing to use ${join(elsewhere, "repo-link")}/ as the output folder: it is the working directory\n`,
    );
  });

  test("out/ in a sub-folder of the repository, and a previous obsforge out/, are replaced fine", async () => {
    const dir = await repository();
    expect((await obsforge(["build"], dir)).code).toBe(0);
    expect((await obsforge(["build", "--out", "generated/rules"], dir)).code).toBe(0);
    const r = await obsforge(["build"], dir);
    expect(r).toEqual({
      code: 0,
      stdout: "Built 40 artifact(s) from 4 service(s) into out/\n",
      stderr: "",
    });
    expect(await snapshotTree(join(dir, "out"))).toEqual(
      await snapshotTree(join(PROJECT_ROOT, "out")),
    );
    expect((await readdir(dir)).sort()).toEqual([
      ".git",
      "README.md",
      "definitions",
      "generated",
      "out",
    ]);
  });

  test("check reports links and empty folders that build removes, and writes nothing", async () => {
    const dir = await repository();
    expect((await obsforge(["build"], dir)).code).toBe(0);
    await mkdir(join(dir, "out/grafana/old-folder"));
    await symlink(join(dir, "README.md"), join(dir, "out/prometheus/linked.rules.yml"));
    const before = await snapshotTree(dir);
    const r = await obsforge(["check"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "symlink: out/prometheus/linked.rules.yml (build removes it)\n" +
        "empty:   out/grafana/old-folder/ (build removes it)\n",
    );
    expect(await snapshotTree(dir)).toEqual(before);
    expect((await obsforge(["build"], dir)).code).toBe(0);
    expect(await obsforge(["check"], dir)).toMatchObject({ code: 0, stdout: "out/ is fresh\n" });
    // The link went, the file it named did not.
    expect(await readFile(join(dir, "README.md"), "utf8")).toBe("# our rules\n");
  });
});

describe("the definitions folder must hold definitions", () => {
  test.for([
    [
      "an empty folder",
      "empty",
      "obsforge build: no service definitions found in empty/ (expected .ts or .yaml modules directly in it; sub-folders and _-prefixed files are shared code)\n",
    ],
    [
      "a mistyped folder",
      "defintions",
      "obsforge build: cannot read the definitions folder defintions/: it does not exist\n",
    ],
    [
      "a file",
      "README.md",
      "obsforge build: cannot read the definitions folder README.md/: it is a file\n",
    ],
  ] as const)("%s: exit 1, one line, out/ untouched", async ([, folder, message]) => {
    const dir = await repository();
    await mkdir(join(dir, "empty/lib"), { recursive: true });
    await writeFile(join(dir, "empty/_shared.ts"), "export const x = 1;\n");
    expect((await obsforge(["build"], dir)).code).toBe(0);
    const before = await snapshotTree(join(dir, "out"));
    const r = await obsforge(["build", "--definitions", folder], dir);
    expect(r).toEqual({ code: 1, stdout: "", stderr: message });
    expect(await snapshotTree(join(dir, "out"))).toEqual(before);
    const c = await obsforge(["check", "--definitions", folder], dir);
    expect(c).toEqual({
      code: 1,
      stdout: "",
      stderr: message.replace("obsforge build", "obsforge check"),
    });
  });

  test("YAML files without a single document are no definitions either", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "defs"));
    await writeFile(join(dir, "defs/empty.yaml"), "# nothing yet\n");
    const r = await obsforge(["build", "--definitions", "defs"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^obsforge build: no service definitions found in defs\/ /);
    expect(await readdir(dir)).toEqual(["defs"]);
  });
});

describe("the process", () => {
  test("--version prints the package version", async () => {
    const { version } = JSON.parse(await readFile(join(PROJECT_ROOT, "package.json"), "utf8"));
    expect(await obsforge(["--version"], PROJECT_ROOT)).toEqual({
      code: 0,
      stdout: `${version}\n`,
      stderr: "",
    });
  });

  test("a reader that closed its end of the pipe: no EPIPE trace, the command's own exit code", async () => {
    const child = spawn(process.execPath, [BIN, "explain"], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Closed before the child writes a byte: every write of it fails with EPIPE.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const code = await new Promise((r) => child.on("exit", r));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  });

  test("`obsforge explain | head -1` in a shell prints one line and nothing on stderr", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" explain | head -1`], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")).toHaveLength(2);
    expect(r.status).toBe(0);
  });
});
