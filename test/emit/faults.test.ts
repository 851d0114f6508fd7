/**
 * Real filesystem faults, made by the kernel rather than injected: a folder
 * the build may not write (as an unprivileged user, since root bypasses
 * permissions), a full disk and a read-only mount (a small tmpfs in a user
 * and mount namespace, which needs no privileges). Each must be one line,
 * exit 1, with out/ byte-identical and nothing left beside it. Faults the
 * kernel cannot be made to raise here (EIO, EDQUOT, a fault in the middle of
 * the commit) are injected in write.test.ts.
 */
import { spawnSync } from "node:child_process";
import { chmod, chown, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BIN, DEFINITIONS } from "../helpers/paths.ts";
import { copyTree, snapshotTree, tempDir } from "../helpers/temp.ts";

const NOBODY = 65534;

/** The built CLI as an unprivileged user: as root, through setpriv; otherwise as ourselves. */
function asUser(args: string[], cwd: string) {
  const argv =
    process.getuid?.() === 0
      ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath]
      : [process.execPath];
  const r = spawnSync(argv[0]!, [...argv.slice(1), BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function changeThreshold(dir: string): Promise<void> {
  const file = join(dir, "definitions/payment-worker.ts");
  await writeFile(file, (await readFile(file, "utf8")).replace("> 1000", "> 2000"));
}

describe("real faults", () => {
  test("EACCES: out/ not writable mid-commit: one line, every moved file moved back", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    if (process.getuid?.() === 0) {
      await chmod(dir, 0o755);
      spawnSync("chown", ["-R", `${NOBODY}:${NOBODY}`, dir]);
    }
    expect(asUser(["build"], dir).code).toBe(0);
    await changeThreshold(dir);
    // prometheus/payment-worker.rules.yml moves first, then the manifest into
    // out/ itself, which the user may no longer write.
    await chmod(join(dir, "out"), 0o555);
    const before = await snapshotTree(join(dir, "out"));
    const r = asUser(["build"], dir);
    await chmod(join(dir, "out"), 0o755);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "obsforge build: cannot replace out/manifest.json: permission denied (EACCES); out/ left unchanged\n",
    });
    expect(await snapshotTree(join(dir, "out"))).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(["definitions", "out"]);
    if (process.getuid?.() === 0) await chown(dir, 0, 0);
  });

  /**
   * Runs `steps` in a shell inside a new user and mount namespace with a
   * tmpfs mounted on $D, after a first good build in it; prints the tree
   * before and after, and the second build's stderr and exit code.
   */
  function inTmpfs(steps: string) {
    const script = `
      set -e
      mount -t tmpfs -o size=8m tmpfs "$D"
      cp -r "$DEFS" "$D/definitions"
      cd "$D"
      "$NODE" "$BIN" build > /dev/null
      sed -i 's/> 1000/> 2000/' definitions/payment-worker.ts
      echo "--- before"; find out -type f | sort | xargs sha256sum
      ${steps}
      set +e
      err=$(mktemp)
      "$NODE" "$BIN" build 2> "$err"; code=$?
      echo "--- after"; find out -type f | sort | xargs sha256sum
      echo "--- beside"; ls -A
      echo "--- stderr"; cat "$err"; rm -f "$err"
      echo "--- exit $code"
    `;
    return async () => {
      const d = await tempDir();
      const r = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script], {
        encoding: "utf8",
        env: { ...process.env, D: d, DEFS: DEFINITIONS, NODE: process.execPath, BIN },
      });
      expect(r.stderr).toBe("");
      const [, before, after, beside, stderr, exit] = r.stdout.split(
        /^--- (?:before|after|beside|stderr|exit)\s?/m,
      );
      return { before, after, beside: beside!.trim().split("\n"), stderr, exit: exit!.trim() };
    };
  }

  test("ENOSPC: a full disk while staging: one line naming the out/ file, out/ unchanged", async () => {
    const r = await inTmpfs(`
      used=$(df --output=used -k "$D" | tail -1)
      # Room for the lock and a few pages of staging, not for a whole tree.
      mount -o remount,size=$((used + 24))k tmpfs "$D"
    `)();
    expect(r.exit).toBe("1");
    expect(r.stderr).toMatch(
      /^obsforge build: cannot write out\/[\w/.-]+: no space left on device \(ENOSPC\); out\/ left unchanged\n$/,
    );
    expect(r.after).toBe(r.before);
    expect(r.beside).toEqual(["definitions", "out"]);
  });

  test("EROFS: a read-only mount: one line, out/ unchanged", async () => {
    const r = await inTmpfs(`
      mount -o remount,ro tmpfs "$D"
    `)();
    expect(r.exit).toBe("1");
    expect(r.stderr).toBe(
      "obsforge build: cannot create .out.obsforge-lock: read-only file system (EROFS); out/ left unchanged\n",
    );
    expect(r.after).toBe(r.before);
  });
});
