import { readFile, writeFile, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compareOutput } from "../../src/emit/compare.ts";
import { manifestArtifact } from "../../src/emit/manifest.ts";
import { writeOutput } from "../../src/emit/write.ts";
import { snapshotTree, tempDir } from "../helpers/temp.ts";

const a = { path: "prometheus/a.rules.yml", content: "groups: []\n", sources: ["a.ts"] };
const b = { path: "schema/s.json", content: "{}\n", sources: [] };

describe("writeOutput", () => {
  test("replaces the folder with exactly the artifacts, removing files no longer produced", async () => {
    const root = await tempDir();
    const out = join(root, "out");
    await mkdir(join(out, "prometheus"), { recursive: true });
    await writeFile(join(out, "prometheus/gone.rules.yml"), "old\n");
    await writeOutput(out, [a, b]);
    expect(await snapshotTree(out)).toEqual({
      "prometheus/a.rules.yml": a.content,
      "schema/s.json": b.content,
    });
    expect(await readdir(root)).toEqual(["out"]);
  });

  test("a failure while writing leaves the old folder byte-identical and no staging behind", async () => {
    const root = await tempDir();
    const out = join(root, "out");
    await writeOutput(out, [a]);
    const before = await snapshotTree(out);
    const escaping = { path: "../escape.yml", content: "x", sources: [] };
    await expect(writeOutput(out, [b, escaping])).rejects.toThrow(/escapes the output folder/);
    expect(await snapshotTree(out)).toEqual(before);
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

  test("compareOutput reports missing, stale and extra files", async () => {
    const out = await tempDir();
    await writeOutput(out, [a, { path: "extra.txt", content: "x", sources: [] }]);
    await writeFile(join(out, "prometheus/a.rules.yml"), "changed\n");
    const s = await compareOutput(out, [a, b]);
    expect(s).toEqual({
      missing: ["schema/s.json"],
      stale: ["prometheus/a.rules.yml"],
      extra: ["extra.txt"],
    });
    expect(await readFile(join(out, "prometheus/a.rules.yml"), "utf8")).toBe("changed\n");
  });
});

describe("streamed output", () => {
  test("withManifest appends the same manifest manifestArtifact computes, after every artifact", async () => {
    const { withManifest } = await import("../../src/emit/manifest.ts");
    const streamed = [...withManifest([b, a])];
    expect(streamed.map((x) => x.path)).toEqual([b.path, a.path, "manifest.json"]);
    expect(streamed[2]).toEqual(manifestArtifact([a, b]));
  });

  test("an artifact generator that throws midway leaves out/ untouched", async () => {
    const root = await tempDir();
    const out = join(root, "out");
    await writeOutput(out, [a]);
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
