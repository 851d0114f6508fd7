import { spawnSync } from "node:child_process";
import * as fsp from "node:fs/promises";
import {
  copyFile,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  unlink,
  writeFile,
} from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, test } from "vitest";
import type { Artifact } from "../../src/emit/artifact.ts";
import { compareOutput, isFresh } from "../../src/emit/compare.ts";
import { manifestArtifact, withManifest } from "../../src/emit/manifest.ts";
import type { OutputFs } from "../../src/emit/output-fs.ts";
import { recoverOutput, writeOutput } from "../../src/emit/write.ts";
import { snapshotTree, tempDir } from "../helpers/temp.ts";

const a = { path: "prometheus/a.rules.yml", content: "groups: []\n", sources: ["a.ts"] };
const b = { path: "schema/s.json", content: "{}\n", sources: [] };
const a2 = { ...a, content: "groups:\n- name: a2\n  rules: []\n" };
const c = { path: "loki/c.rules.yml", content: "groups: []\n", sources: ["c.ts"] };

/** The artifacts and their manifest, as a build streams them. */
function tree(...artifacts: Artifact[]): Artifact[] {
  return [...withManifest(artifacts)];
}

function asFiles(artifacts: readonly Artifact[]): Record<string, string> {
  return Object.fromEntries(artifacts.map((x) => [x.path, x.content]));
}

const OLD = tree(a, b);
const NEW = tree(a2, c);

async function written(out: string, artifacts: Iterable<Artifact>, options = {}) {
  const r = await writeOutput(out, artifacts, options);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.value;
}

/** A root with out/ holding the OLD tree. */
async function withOld(): Promise<{ root: string; out: string }> {
  const root = await tempDir();
  const out = join(root, "out");
  await written(out, OLD);
  return { root, out };
}

/** A pid that ran on this host and has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

describe("writeOutput replaces out/ with exactly the artifacts", () => {
  test("files no longer produced are removed; nothing is left beside out/", async () => {
    const { root, out } = await withOld();
    const r = await written(out, NEW);
    expect(r).toEqual({ count: 3, warnings: [] });
    expect(await snapshotTree(out)).toEqual(asFiles(NEW));
    expect(await readdir(root)).toEqual(["out"]);
  });

  test("an absent or empty folder is written", async () => {
    const root = await tempDir();
    await written(join(root, "new/deep/out"), OLD);
    await mkdir(join(root, "empty"));
    await written(join(root, "empty"), OLD);
    expect(await snapshotTree(join(root, "new/deep/out"))).toEqual(asFiles(OLD));
    expect(await snapshotTree(join(root, "empty"))).toEqual(asFiles(OLD));
  });

  test("files whose bytes did not change are not touched (same inode and mtime)", async () => {
    const { out } = await withOld();
    const before = await stat(join(out, b.path));
    const changedBefore = await stat(join(out, a.path));
    await written(out, tree(a2, b));
    const after = await stat(join(out, b.path));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect((await stat(join(out, a.path))).ino).not.toBe(changedBefore.ino);
  });

  test("only files whose bytes changed are staged: a rebuild of the same tree writes no artifact", async () => {
    const { out } = await withOld();
    const writes = (calls: string[]) =>
      calls
        .filter((p) => p.includes(".obsforge-staging-"))
        .map((p) => p.replace(/.*staging-[^/]+\//, ""));
    const calls: string[] = [];
    const fs = hookedFs((_op, name, args) => {
      if (name === "writeFile") calls.push(String(args[0]));
      return undefined;
    });
    await written(out, OLD, { fs });
    expect(writes(calls)).toEqual([]);
    calls.length = 0;
    const next = tree(a2, b);
    await written(out, next, { fs });
    // a changed, and so did the manifest (it holds a's hash); b did not. (Writes
    // run side by side, so they may start in either order.)
    expect(writes(calls).sort()).toEqual([a.path, "manifest.json"].sort());
    expect(await snapshotTree(out)).toEqual(asFiles(next));
  });

  test("artifacts carrying their bytes (as compiled ones do) are compared by those bytes: a same-length edit is written, an equal file is not", async () => {
    const { out } = await withOld();
    const withBytes = (x: Artifact): Artifact => ({ ...x, bytes: Buffer.from(x.content, "utf8") });
    // Same length as a's file in out/, different bytes: only a byte comparison tells them apart.
    const edited = { ...a, content: "groups: {}\n" };
    const calls: string[] = [];
    const fs = hookedFs((_op, name, args) => {
      const path = String(args[0]);
      if (name === "writeFile" && path.includes(".obsforge-staging-"))
        calls.push(path.replace(/.*staging-[^/]+\//, ""));
      return undefined;
    });
    const next = tree(withBytes(edited), withBytes(b));
    await written(out, next, { fs });
    expect(calls.sort()).toEqual([a.path, "manifest.json"].sort());
    expect(await snapshotTree(out)).toEqual(asFiles(next));
  });

  test("a link in out/ where an artifact goes is replaced, never read through, even when its target holds the same bytes", async () => {
    const { root, out } = await withOld();
    const elsewhere = join(root, "elsewhere.yml");
    await writeFile(elsewhere, a.content);
    await rm(join(out, a.path));
    await symlink(elsewhere, join(out, a.path));
    await written(out, OLD);
    expect((await lstat(join(out, a.path))).isFile()).toBe(true);
    expect(await snapshotTree(out)).toEqual(asFiles(OLD));
    expect(await readFile(elsewhere, "utf8")).toBe(a.content);
  });

  test("a bug (an artifact path escaping out/) leaves out/ byte-identical and no staging behind", async () => {
    const { root, out } = await withOld();
    const before = await snapshotTree(out);
    const escaping = { path: "../escape.yml", content: "x", sources: [] };
    await expect(writeOutput(out, [b, escaping])).rejects.toThrow(/escapes the output folder/);
    expect(await snapshotTree(out)).toEqual(before);
    expect(await readdir(root)).toEqual(["out"]);
  });

  test("an artifact generator that throws midway leaves out/ untouched", async () => {
    const { root, out } = await withOld();
    const before = await snapshotTree(out);
    function* failing() {
      yield b;
      throw new Error("compile failed for the second service");
    }
    await expect(writeOutput(out, failing())).rejects.toThrow(/second service/);
    expect(await snapshotTree(out)).toEqual(before);
    expect(await readdir(root)).toEqual(["out"]);
  });
});

describe("writeOutput replaces only a folder obsforge wrote", () => {
  test("a folder holding .git and a hand-written file: refused in one line, both byte-equal", async () => {
    const root = await tempDir();
    const out = join(root, "rules");
    await mkdir(join(out, ".git"), { recursive: true });
    await writeFile(join(out, ".git/HEAD"), "ref: refs/heads/main\n");
    await writeFile(join(out, "hand.rules.yml"), "groups: []\n");
    const r = await writeOutput(out, OLD, { cwd: root });
    expect(r).toEqual({
      ok: false,
      diagnostics: [
        expect.objectContaining({
          code: "emit/refused",
          message:
            "refusing to replace rules/: it is a git repository (it holds .git); choose a folder of its own, such as out/",
        }),
      ],
    });
    expect(await snapshotTree(out)).toEqual({
      ".git/HEAD": "ref: refs/heads/main\n",
      "hand.rules.yml": "groups: []\n",
    });
    expect(await readdir(root)).toEqual(["rules"]);
  });

  test.for([
    ["hand-written files only", { "notes.md": "mine\n" }],
    ["a manifest.json that is not obsforge's", { "manifest.json": '{"name":"my-app"}\n' }],
    ["an empty sub-folder only", { "keep/.gitkeep": "" }],
  ] as const)("%s: refused, untouched", async ([, files]) => {
    const root = await tempDir();
    const out = join(root, "rules");
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(out, path, ".."), { recursive: true });
      await writeFile(join(out, path), content);
    }
    const r = await writeOutput(out, OLD, { cwd: root });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diagnostics[0]!.message).toBe(
      "refusing to replace rules/: it holds files obsforge did not write (no manifest.json from an earlier build); empty it or choose another --out",
    );
    expect(await snapshotTree(out)).toEqual(files);
    expect(await readdir(root)).toEqual(["rules"]);
  });

  test("an out/ that is a file is refused", async () => {
    const root = await tempDir();
    await writeFile(join(root, "out"), "not a folder\n");
    const r = await writeOutput(join(root, "out"), OLD, { cwd: root });
    expect(!r.ok && r.diagnostics[0]!.message).toBe(
      "refusing to replace out/: it is a file, not a folder",
    );
    expect(await readFile(join(root, "out"), "utf8")).toBe("not a folder\n");
  });

  test("a git repository nested in an obsforge out/ is refused, not emptied", async () => {
    const { out } = await withOld();
    await mkdir(join(out, "vendor/.git"), { recursive: true });
    await writeFile(join(out, "vendor/.git/config"), "[core]\n");
    const r = await writeOutput(out, NEW, { cwd: out });
    expect(!r.ok && r.diagnostics[0]!.message).toMatch(
      /it holds a git repository \(\.\/vendor\/\.git\)/,
    );
    expect(await readFile(join(out, "vendor/.git/config"), "utf8")).toBe("[core]\n");
    expect(await snapshotTree(out)).toMatchObject(asFiles(OLD));
  });

  test("protected folders: out/ may not be, contain or (for definitions) lie inside them; links are resolved", async () => {
    const root = await tempDir();
    const defs = join(root, "definitions");
    await mkdir(defs);
    await writeFile(join(defs, "a.ts"), "export default 1;\n");
    await symlink(defs, join(root, "defs-link"));
    const protect = [
      { path: root, what: "the working directory" },
      { path: defs, what: "the definitions folder", forbidInside: true },
    ];
    const messages: string[] = [];
    for (const out of [
      root,
      join(root, ".."),
      "/",
      join(defs, "x"),
      join(root, "defs-link/x"),
      defs,
    ]) {
      const r = await writeOutput(out, OLD, { cwd: root, protect });
      messages.push(r.ok ? "written" : r.diagnostics[0]!.message);
    }
    expect(messages).toEqual([
      "refusing to use ./ as the output folder: it is the working directory",
      `refusing to use ${join(root, "..")}/ as the output folder: it contains the working directory`,
      "refusing to use / as the output folder: it contains the working directory",
      "refusing to use definitions/x/ as the output folder: it is inside the definitions folder definitions/",
      "refusing to use defs-link/x/ as the output folder: it is inside the definitions folder definitions/",
      "refusing to use definitions/ as the output folder: it is the definitions folder definitions/",
    ]);
    expect(await snapshotTree(root)).toEqual({ "definitions/a.ts": "export default 1;\n" });
  });
});

describe("symbolic links are never followed", () => {
  test("links in out/ are removed, their targets untouched; a linked folder on a new file's path becomes a real folder", async () => {
    const { root, out } = await withOld();
    const outside = join(root, "outside");
    await mkdir(outside);
    await writeFile(join(outside, "precious.txt"), "keep\n");
    await symlink(outside, join(out, "linked-folder"));
    await symlink(join(outside, "precious.txt"), join(out, "linked-file"));
    // A new artifact goes to loki/: make loki a link to the outside folder.
    await symlink(outside, join(out, "loki"));
    await written(out, NEW);
    expect(await snapshotTree(out)).toEqual(asFiles(NEW));
    expect((await fsp.lstat(join(out, "loki"))).isDirectory()).toBe(true);
    expect(await snapshotTree(outside)).toEqual({ "precious.txt": "keep\n" });
  });

  test("an out/ that is a link to a folder stays a link; the folder it names is replaced", async () => {
    const root = await tempDir();
    await written(join(root, "real"), OLD);
    await symlink(join(root, "real"), join(root, "out"));
    await written(join(root, "out"), NEW);
    expect((await fsp.lstat(join(root, "out"))).isSymbolicLink()).toBe(true);
    expect(await snapshotTree(join(root, "real"))).toEqual(asFiles(NEW));
    expect((await readdir(root)).sort()).toEqual(["out", "real"]);
  });
});

describe("one build at a time", () => {
  test("a lock held by a running process fails the build in one line naming the lock", async () => {
    const { root, out } = await withOld();
    // This very process is alive: its pid in the lock stands for another running build.
    await writeFile(
      join(root, ".out.obsforge-lock"),
      JSON.stringify({ pid: process.pid, host: hostname() }),
    );
    const r = await writeOutput(out, NEW, { cwd: root });
    expect(!r.ok && r.diagnostics).toEqual([
      expect.objectContaining({
        code: "emit/locked",
        message: `out/ is being written by another obsforge build (pid ${process.pid} holds .out.obsforge-lock); wait for it, or delete that file if no build is running`,
      }),
    ]);
    expect(await snapshotTree(out)).toEqual(asFiles(OLD));
  });

  test("a lock left by a build that died is broken, and the build proceeds", async () => {
    const { root, out } = await withOld();
    await writeFile(
      join(root, ".out.obsforge-lock"),
      JSON.stringify({ pid: deadPid(), host: hostname() }),
    );
    await written(out, NEW);
    expect(await snapshotTree(out)).toEqual(asFiles(NEW));
    expect(await readdir(root)).toEqual(["out"]);
  });

  test("a lock from another host is never broken", async () => {
    const { root, out } = await withOld();
    await writeFile(
      join(root, ".out.obsforge-lock"),
      JSON.stringify({ pid: 1, host: "ci-runner-7" }),
    );
    const r = await writeOutput(out, NEW, { cwd: root });
    expect(!r.ok && r.diagnostics[0]!.message).toMatch(
      /^out\/ is being written by another obsforge build \(pid 1 on ci-runner-7 holds/,
    );
  });

  test("two writes into one out/ at once: one wins, the other fails with the lock message, out/ is whole", async () => {
    const { root, out } = await withOld();
    const results = await Promise.all([
      writeOutput(out, NEW, { cwd: root }),
      writeOutput(out, tree(c), { cwd: root }),
    ]);
    const failed = results.filter((r) => !r.ok);
    expect(failed).toHaveLength(1);
    expect(!failed[0]!.ok && failed[0]!.diagnostics[0]!.code).toBe("emit/locked");
    const winner = results[0]!.ok ? NEW : tree(c);
    expect(await snapshotTree(out)).toEqual(asFiles(winner));
    expect(await readdir(root)).toEqual(["out"]);
  });
});

describe("leftovers of killed builds", () => {
  test("staging, backup and journal temp folders beside out/ are removed by the next build; others are not", async () => {
    const { root, out } = await withOld();
    for (const name of [
      ".out.obsforge-staging-123-ab12",
      ".out.obsforge-backup-123-ab12",
      ".out.obsforge-new-9-x",
    ]) {
      await mkdir(join(root, name, "prometheus"), { recursive: true });
      await writeFile(join(root, name, "prometheus/half.yml"), "grou");
    }
    await writeFile(join(root, ".out.obsforge-journal-tmp-123-ab12"), "{");
    await writeFile(join(root, ".other.obsforge-staging-1-a"), "not ours: another output folder's");
    await writeFile(join(root, "notes.txt"), "mine\n");
    await written(out, NEW);
    expect((await readdir(root)).sort()).toEqual([
      ".other.obsforge-staging-1-a",
      "notes.txt",
      "out",
    ]);
  });

  test("without out/, the old copy the previous writer renamed aside is put back, not deleted", async () => {
    const root = await tempDir();
    await written(join(root, ".out.obsforge-old-77-k1"), OLD);
    const r = await recoverOutput(join(root, "out"));
    expect(r.ok).toBe(true);
    expect(await snapshotTree(join(root, "out"))).toEqual(asFiles(OLD));
    expect(await readdir(root)).toEqual(["out"]);
  });

  test("a journal obsforge did not write is refused, not followed", async () => {
    const { root, out } = await withOld();
    await writeFile(
      join(root, ".out.obsforge-journal.json"),
      JSON.stringify({
        version: 1,
        staging: "../../etc",
        backup: "x",
        files: ["../../passwd"],
        previous: [],
      }),
    );
    const r = await writeOutput(out, NEW, { cwd: root });
    expect(!r.ok && r.diagnostics[0]!.message).toBe(
      "refusing to write out/: .out.obsforge-journal.json is not a journal obsforge wrote; delete it and build again",
    );
    expect(await snapshotTree(out)).toEqual(asFiles(OLD));
  });
});

/** Every mutating call the writer can make (src/emit/output-fs.ts); the others only read. */
const MUTATING = { mkdir, writeFile, rename, rm, rmdir, unlink, link, copyFile } as const;

/**
 * node:fs/promises with a hook before every mutating call: the hook may
 * throw (a fault), return "hang" (the process dies right there) or nothing.
 */
function hookedFs(
  hook: (op: number, name: string, args: unknown[]) => "hang" | undefined,
): OutputFs {
  let op = 0;
  const wrapped: Record<string, unknown> = { ...fsp };
  for (const [name, call] of Object.entries(MUTATING)) {
    const real = call as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = (...args: unknown[]) => {
      op++;
      if (hook(op, name, args) === "hang") return new Promise(() => {});
      return real(...args);
    };
  }
  return wrapped as unknown as OutputFs;
}

/** Every file in out/ holds the old or the new bytes of its path: nothing torn, nothing foreign. */
function eachFileOldOrNew(
  files: Record<string, string>,
  old: Record<string, string>,
  next: Record<string, string>,
) {
  for (const [path, content] of Object.entries(files)) {
    expect([old[path], next[path]], path).toContain(content);
  }
}

describe("a build killed at any step: out/ is never missing, and the next build finishes or discards it", () => {
  test("every mutating step of a build, one at a time", async () => {
    // Old and new trees overlap (a changes), drop (b), add (c, in a new folder) and keep (d).
    const d = { path: "grafana/dashboards/d.json", content: "{}\n", sources: [] };
    const old = tree(a, b, d);
    const next = tree(a2, c, d);
    const oldFiles = asFiles(old);
    const newFiles = asFiles(next);
    let total = 0;
    {
      const { out } = await withOld();
      await written(out, old);
      const counting = hookedFs((op) => {
        total = op;
        return undefined;
      });
      await written(out, next, { fs: counting });
    }
    expect(total).toBeGreaterThan(20);
    const outcomes = new Set<string>();
    for (let k = 1; k <= total; k++) {
      const { root, out } = await withOld();
      await written(out, old);
      let hung = "";
      void writeOutput(out, next, {
        fs: hookedFs((op, name, args) => {
          if (op !== k) return undefined;
          hung = `${name} ${String(args[0]).slice(root.length)}`;
          return "hang";
        }),
      });
      // Let it run until it hangs at step k (no timer: wait for the step to be reached).
      while (hung === "") await new Promise((r) => setImmediate(r));
      // "Kill" it: its lock now names a process that has died.
      await writeFile(
        join(root, ".out.obsforge-lock"),
        JSON.stringify({ pid: deadPid(), host: hostname() }),
      );

      const files = await snapshotTree(out);
      eachFileOldOrNew(files, oldFiles, newFiles);
      const compared = await compareOutput(out, next, { cwd: root });
      expect(compared.ok).toBe(true);
      const s = compared.ok ? compared.value : undefined;
      const whole = isDeepStrictEqual(files, oldFiles) || isDeepStrictEqual(files, newFiles);
      // Mixed only while a journal says how to finish it, and then `check` says so.
      if (!whole)
        expect(s?.unfinished, `killed at ${k}: ${hung}`).toBe(".out.obsforge-journal.json");
      if (!isDeepStrictEqual(files, newFiles)) expect(isFresh(s!)).toBe(false);

      const recovered = await recoverOutput(out);
      expect(recovered.ok, `killed at ${k}: ${hung}`).toBe(true);
      const after = await snapshotTree(out);
      const state = isDeepStrictEqual(after, newFiles)
        ? "new"
        : isDeepStrictEqual(after, oldFiles)
          ? "old"
          : "mixed";
      expect(state, `killed at ${k}: ${hung}`).not.toBe("mixed");
      outcomes.add(state);
      expect(await readdir(root), `killed at ${k}: ${hung}`).toEqual(["out"]);
    }
    // Early kills keep the old tree, late ones are finished into the new one.
    expect([...outcomes].sort()).toEqual(["new", "old"]);
  });
});

describe("signals and faults", () => {
  test("an aborted signal while staging: interrupted, out/ left unchanged, nothing staged remains", async () => {
    const { root, out } = await withOld();
    const controller = new AbortController();
    function* slow() {
      yield a2;
      controller.abort("SIGTERM");
      yield c;
    }
    const r = await writeOutput(out, withManifest(slow()), {
      cwd: root,
      signal: controller.signal,
    });
    expect(!r.ok && r.diagnostics[0]).toMatchObject({
      code: "emit/interrupted",
      message: "interrupted by SIGTERM; out/ left unchanged",
    });
    expect(await snapshotTree(out)).toEqual(asFiles(OLD));
    expect(await readdir(root)).toEqual(["out"]);
  });

  test("an abort during the commit moves every file back", async () => {
    const { root, out } = await withOld();
    const controller = new AbortController();
    let moves = 0;
    const fs = hookedFs((_op, name, args) => {
      if (name === "rename" && String(args[1]).startsWith(`${out}/`) && ++moves === 2)
        controller.abort("SIGINT");
      return undefined;
    });
    const r = await writeOutput(out, NEW, { cwd: root, signal: controller.signal, fs });
    expect(!r.ok && r.diagnostics[0]!.message).toBe("interrupted by SIGINT; out/ left unchanged");
    expect(moves).toBeGreaterThanOrEqual(2);
    expect(await snapshotTree(out)).toEqual(asFiles(OLD));
    expect(await readdir(root)).toEqual(["out"]);
  });

  test.for([
    [
      "ENOSPC",
      "writeFile",
      "cannot write out/loki/c.rules.yml: no space left on device (ENOSPC); out/ left unchanged",
    ],
    [
      "EDQUOT",
      "writeFile",
      "cannot write out/loki/c.rules.yml: disk quota exceeded (EDQUOT); out/ left unchanged",
    ],
    [
      "EIO",
      "writeFile",
      "cannot write out/loki/c.rules.yml: input/output error (EIO); out/ left unchanged",
    ],
    [
      "ENOSPC",
      "rename",
      "cannot replace out/loki/c.rules.yml: no space left on device (ENOSPC); out/ left unchanged",
    ],
    [
      "EACCES",
      "rename",
      "cannot replace out/loki/c.rules.yml: permission denied (EACCES); out/ left unchanged",
    ],
    [
      "EPERM",
      "rename",
      "cannot replace out/loki/c.rules.yml: operation not permitted (EPERM); out/ left unchanged",
    ],
    [
      "EROFS",
      "rename",
      "cannot replace out/loki/c.rules.yml: read-only file system (EROFS); out/ left unchanged",
    ],
  ] as const)(
    "%s on %s: one line naming the out/ path, out/ byte-identical",
    async ([code, call, message]) => {
      const { root, out } = await withOld();
      // Fault on the second file (c), after the first (a2) was written or moved.
      const fs = hookedFs((_op, name, args) => {
        if (name === call && String(args[0]).endsWith("c.rules.yml")) throw errno(code);
        return undefined;
      });
      const r = await writeOutput(out, NEW, { cwd: root, fs });
      expect(!r.ok && r.diagnostics).toEqual([
        expect.objectContaining({ code: "emit/fs", message }),
      ]);
      expect(await snapshotTree(out)).toEqual(asFiles(OLD));
      expect(await readdir(root)).toEqual(["out"]);
    },
  );

  test("with writes in flight, the first failing artifact in order is reported and no write outlives the staging folder", async () => {
    const { root, out } = await withOld();
    // 30 artifacts in 30 folders: writes and mkdirs of several are under way at once.
    const many = Array.from({ length: 30 }, (_, i) => ({
      path: `prometheus/f${String(i).padStart(2, "0")}/x.rules.yml`,
      content: `groups: [] # ${i}\n`,
      sources: [],
    }));
    const late: Promise<unknown>[] = [];
    const fs = hookedFs((_op, name, args) => {
      const path = String(args[0]);
      // The fifth fails; the sixth's folder and the seventh's write are slow and would land late.
      if (name === "writeFile" && path.includes("/f04/")) throw errno("EIO");
      if (name === "writeFile" && path.includes("/f20/")) throw errno("ENOSPC");
      return undefined;
    });
    // Every call is listed as it starts, so the test can wait for the slow ones to land.
    const slow = <A extends unknown[], R>(call: (...args: A) => Promise<R>, folder: string) =>
      ((...args: A) => {
        const done = (async () => {
          if (String(args[0]).includes(folder)) await new Promise((r) => setTimeout(r, 30));
          return call(...args);
        })();
        late.push(done);
        return done;
      }) as typeof call;
    const slowFs = {
      ...fs,
      mkdir: slow(fs.mkdir as (...args: unknown[]) => Promise<unknown>, "/f05"),
      writeFile: slow(fs.writeFile as (...args: unknown[]) => Promise<unknown>, "/f06/"),
    } as unknown as OutputFs;
    const r = await writeOutput(out, tree(...many), { cwd: root, fs: slowFs });
    expect(!r.ok && r.diagnostics.map((d) => d.message)).toEqual([
      "cannot write out/prometheus/f04/x.rules.yml: input/output error (EIO); out/ left unchanged",
    ]);
    await Promise.allSettled(late);
    expect(await snapshotTree(out)).toEqual(asFiles(OLD));
    expect(await readdir(root)).toEqual(["out"]);
  });

  test("a compile failure after an earlier write failed reports the write, as a write-then-compile loop would", async () => {
    const { root, out } = await withOld();
    const fs = hookedFs((_op, name, args) => {
      if (name === "writeFile" && String(args[0]).endsWith("c.rules.yml")) throw errno("EIO");
      return undefined;
    });
    function* compiled() {
      yield a2;
      yield c;
      throw new Error("compile failed after c");
    }
    const r = await writeOutput(out, withManifest(compiled()), { cwd: root, fs });
    expect(!r.ok && r.diagnostics.map((d) => d.message)).toEqual([
      "cannot write out/loki/c.rules.yml: input/output error (EIO); out/ left unchanged",
    ]);
    expect(await snapshotTree(out)).toEqual(asFiles(OLD));
  });

  test("a fault after the new tree is in place is a warning, not a failed build", async () => {
    const { root, out } = await withOld();
    const fs = hookedFs((_op, name, args) => {
      if (name === "rm" && String(args[0]).includes(".obsforge-backup-")) throw errno("EACCES");
      return undefined;
    });
    const r = await writeOutput(out, NEW, { cwd: root, fs });
    expect(r.ok).toBe(true);
    const warnings = r.ok ? r.value.warnings : [];
    expect(
      warnings.map((w) => [w.severity, w.message.replace(/backup-[\w-]+/, "backup-TAG")]),
    ).toEqual([
      [
        "warning",
        "out/ holds the new build, but could not remove .out.obsforge-backup-TAG: permission denied (EACCES); the next build removes it",
      ],
    ]);
    expect(await snapshotTree(out)).toEqual(asFiles(NEW));
    // And the next build does remove it.
    await written(out, NEW);
    expect(await readdir(root)).toEqual(["out"]);
  });

  test("a journal that cannot be removed: warning; check reports the build unfinished; the next build finishes it", async () => {
    const { root, out } = await withOld();
    const fs = hookedFs((_op, name, args) => {
      if (name === "unlink" && String(args[0]).endsWith(".obsforge-journal.json"))
        throw errno("EBUSY");
      return undefined;
    });
    const r = await writeOutput(out, NEW, { cwd: root, fs });
    expect(r.ok && r.value.warnings.map((w) => w.message)).toEqual([
      "out/ holds the new build, but could not remove .out.obsforge-journal.json: it is busy (a mount point?) (EBUSY); `obsforge check` reports it and the next build retries",
    ]);
    const s = await compareOutput(out, NEW, { cwd: root });
    expect(s.ok && s.value.unfinished).toBe(".out.obsforge-journal.json");
    const next = await writeOutput(out, NEW, { cwd: root });
    expect(next.ok && next.value.warnings.map((w) => w.message)).toEqual([
      "finished the interrupted build recorded in .out.obsforge-journal.json before this one",
    ]);
    expect(await readdir(root)).toEqual(["out"]);
  });
});

describe("manifest and stale check", () => {
  test("the manifest lists each artifact with its sha256 and sources, sorted by path", () => {
    const manifest = JSON.parse(manifestArtifact([b, a]).content);
    expect(manifest.artifacts.map((e: { path: string }) => e.path)).toEqual([a.path, b.path]);
    expect(manifest.artifacts[0]).toEqual({
      path: a.path,
      // sha256 of "groups: []\n", computed independently with `printf 'groups: []\n' | sha256sum`
      sha256: "761adf8d97e15214e4da44effe63bc331092f597e3089818d5825c87444b1f27",
      sources: ["a.ts"],
    });
  });

  test("compareOutput reports missing, stale and extra files, links and empty folders, and writes nothing", async () => {
    const { root, out } = await withOld();
    await writeFile(join(out, "prometheus/a.rules.yml"), "changed\n");
    await writeFile(join(out, "extra.txt"), "x");
    await symlink("/etc/hostname", join(out, "prometheus/link.yml"));
    await mkdir(join(out, "empty/deeper"), { recursive: true });
    const before = await snapshotTree(out);
    const s = await compareOutput(out, tree(a, b, c), { cwd: root });
    expect(s).toEqual({
      ok: true,
      value: {
        missing: ["loki/c.rules.yml"],
        stale: ["manifest.json", "prometheus/a.rules.yml"],
        extra: ["extra.txt"],
        symlinks: ["prometheus/link.yml"],
        emptyFolders: ["empty"],
      },
    });
    expect(await snapshotTree(out)).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(["out"]);
  });

  test("compareOutput on an out/ that is a file is one line, not a crash", async () => {
    const root = await tempDir();
    await writeFile(join(root, "out"), "x");
    expect(await compareOutput(join(root, "out"), OLD, { cwd: root })).toEqual({
      ok: false,
      diagnostics: [
        expect.objectContaining({ message: "cannot compare out/: it is a file, not a folder" }),
      ],
    });
  });

  test("withManifest appends the same manifest manifestArtifact computes, after every artifact", () => {
    const streamed = [...withManifest([b, a])];
    expect(streamed.map((x) => x.path)).toEqual([b.path, a.path, "manifest.json"]);
    expect(streamed[2]).toEqual(manifestArtifact([a, b]));
  });
});
