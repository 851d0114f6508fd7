/**
 * `obsforge lint DIR` (and `obsforge test DIR`) over a folder with parts the user may not read (as an
 * unprivileged user, since root reads everything): each is one line naming
 * the path, exit 1, the readable files still linted; never a stack trace.
 */
import { spawnSync } from "node:child_process";
import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BIN } from "../../helpers/paths.ts";
import { tempTree } from "../../helpers/temp.ts";

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

const RULES =
  "groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n";

describe("lint DIR with unreadable parts", () => {
  test("a sub-folder that cannot be listed is one line; the other files are linted", async () => {
    const dir = await tempTree({ "rules/ok.yml": RULES, "rules/locked/hidden.yml": RULES });
    await chmod(dir, 0o755);
    await chmod(join(dir, "rules"), 0o755);
    await chmod(join(dir, "rules/ok.yml"), 0o644);
    await chmod(join(dir, "rules/locked"), 0o000);
    const r = asUser(["lint", "rules"], dir);
    await chmod(join(dir, "rules/locked"), 0o755);
    expect(r.stderr).toBe(
      "rules/locked: expected a folder that can be read, got a path that cannot be read (permission denied)\n",
    );
    expect(r.stdout).toBe("No problems found in the files linted; 1 file(s) could not be linted\n");
    expect(r.code).toBe(1);
  });

  test("obsforge test DIR: a sub-folder that cannot be listed is one line and fails the run (its tests would be skipped)", async () => {
    const dir = await tempTree({
      "rules/ok.yml": RULES,
      "rules/locked/hidden_test.yml": "tests: []\n",
    });
    await chmod(dir, 0o755);
    await chmod(join(dir, "rules"), 0o755);
    await chmod(join(dir, "rules/locked"), 0o000);
    const r = asUser(["test", "rules"], dir);
    await chmod(join(dir, "rules/locked"), 0o755);
    expect(r.stderr).toBe(
      "rules: expected a folder whose files can all be listed, got a path that cannot be read (permission denied): rules/locked\n",
    );
    expect(r.code).toBe(1);
  });
});
