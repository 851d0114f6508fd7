import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { tempDir } from "../helpers/temp.ts";

const SOURCE =
  'import { defineService } from "obsforge";\nexport default defineService({ name: "x", team: "t" });\n';

/** Code that, if obsforge ever ran it, would leave `sentinel` behind. */
function payload(sentinel: string): string {
  return `require("node:fs").writeFileSync(${JSON.stringify(sentinel)}, "pwned"); exports.default = { kind: "service", name: "x", team: "t" };\n`;
}

const saved = {
  TMPDIR: process.env.TMPDIR,
  XDG_CACHE_HOME: process.env.XDG_CACHE_HOME,
  OBSFORGE_INCREMENTAL: process.env.OBSFORGE_INCREMENTAL,
};
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** An estate with one definition; the temp folder and the cache folder are inside it. */
async function estate(): Promise<{ dir: string; cache: string; sentinel: string }> {
  const dir = await tempDir();
  await mkdir(join(dir, "definitions"));
  await writeFile(join(dir, "definitions/x.ts"), SOURCE);
  await mkdir(join(dir, "tmp"));
  process.env.TMPDIR = join(dir, "tmp");
  process.env.XDG_CACHE_HOME = join(dir, "home-cache");
  // The module cache would serve the second build without transpiling: these tests are about the transpile cache.
  process.env.OBSFORGE_INCREMENTAL = "off";
  return { dir, cache: join(dir, "home-cache/obsforge/transpile"), sentinel: join(dir, "pwned") };
}

async function build(dir: string): Promise<void> {
  const r = await obsforgeInProcess(["build"], dir);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("Built 2 artifact(s) from 1 service(s) into out/\n");
}

/** Replace the code of every cache entry, keeping its header line (as a local attacker would). */
async function poisonEntries(cache: string, sentinel: string): Promise<string[]> {
  const names = (await readdir(cache)).filter((n) => n.endsWith(".js"));
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    const text = await readFile(join(cache, name), "utf8");
    await writeFile(join(cache, name), text.slice(0, text.indexOf("\n") + 1) + payload(sentinel));
  }
  return names;
}

describe("the transpile cache cannot be poisoned", () => {
  test("an entry planted in jiti's default cache folder ({TMP_DIR}/jiti) is not executed", async () => {
    const { dir, sentinel } = await estate();
    // jiti 2.7's entry name and validity trailer for this file (getCache in jiti's dist).
    const md5 = (s: string) => createHash("md5").update(s).digest("hex");
    const filename = join(dir, "definitions/x.ts");
    await mkdir(join(dir, "tmp/jiti"));
    await writeFile(
      join(dir, `tmp/jiti/definitions-x.${md5(filename).slice(0, 8)}.mjs`),
      `${payload(sentinel)} /* v9-${md5(SOURCE).slice(0, 16)} */\n`,
    );
    await build(dir);
    expect(existsSync(sentinel)).toBe(false);
  });

  test("entries are private files in a 0700 folder of the user, and are reused from there", async () => {
    const { dir, cache, sentinel } = await estate();
    await build(dir);
    expect((await stat(cache)).mode & 0o777).toBe(0o700);
    const names = await poisonEntries(cache, sentinel);
    for (const name of names) expect((await stat(join(cache, name))).mode & 0o777).toBe(0o600);
    // The user's own private cache is trusted (that is what makes it a cache);
    // the tests below show what stops anyone else's entry.
    await build(dir);
    expect(existsSync(sentinel)).toBe(true);
  });

  test.for([
    ["the cache folder is writable by others", (cache: string) => chmod(cache, 0o777)],
    ["the cache folder is readable by others", (cache: string) => chmod(cache, 0o755)],
    [
      "a parent of the cache folder is writable by others (and not sticky)",
      (cache: string) => chmod(join(cache, "../.."), 0o777),
    ],
  ] as const)("no entry is executed when %s", async ([, loosen]) => {
    const { dir, cache, sentinel } = await estate();
    await build(dir);
    await poisonEntries(cache, sentinel);
    await loosen(cache);
    await build(dir);
    expect(existsSync(sentinel)).toBe(false);
  });

  test("an entry writable by others, or a symlink, is not executed", async () => {
    const { dir, cache, sentinel } = await estate();
    await build(dir);
    const [name] = await poisonEntries(cache, sentinel);
    await chmod(join(cache, name!), 0o666);
    await build(dir);
    expect(existsSync(sentinel)).toBe(false);

    const elsewhere = join(dir, "planted.js");
    await writeFile(elsewhere, await readFile(join(cache, name!)), { mode: 0o600 });
    await rm(join(cache, name!));
    await symlink(elsewhere, join(cache, name!));
    await build(dir);
    expect(existsSync(sentinel)).toBe(false);
  });
});

describe("symlinked definition modules", () => {
  test("load when the target is inside the definitions folder (and through a linked folder)", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "definitions/lib"), { recursive: true });
    await writeFile(join(dir, "definitions/lib/shared-service.ts"), SOURCE);
    await symlink("lib/shared-service.ts", join(dir, "definitions/x.ts"));
    await symlink("definitions", join(dir, "linked"));
    for (const definitions of ["definitions", "linked"]) {
      const r = await obsforgeInProcess(["build", "--definitions", definitions], dir);
      expect(r).toEqual({
        code: 0,
        stdout: "Built 2 artifact(s) from 1 service(s) into out/\n",
        stderr: "",
      });
    }
  });

  test("are reported in one line when the target is outside the folder or missing", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "definitions"));
    await mkdir(join(dir, "elsewhere"));
    await writeFile(join(dir, "elsewhere/outside.ts"), SOURCE);
    await symlink("../elsewhere/outside.ts", join(dir, "definitions/outside.ts"));
    await symlink("gone.ts", join(dir, "definitions/dangling.ts"));
    const r = await obsforgeInProcess(["build"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "definitions/dangling.ts: expected a symbolic link to a file, got a link whose target does not exist\n" +
        "definitions/outside.ts: expected a module inside the definitions folder, got a symbolic link to elsewhere/outside.ts outside it (copy the file in instead)\n" +
        "obsforge build: 2 error(s); out/ left unchanged\n",
    );
  });
});
