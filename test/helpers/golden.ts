import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { snapshotTree } from "./temp.ts";

/**
 * Golden files: what obsforge produced, read by eye once and kept. With
 * `UPDATE_GOLDEN=1` the golden is (re)written from `actual` first, so the
 * diff is reviewed in git; otherwise `actual` must equal it byte for byte.
 */
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** `actual` equals the golden file at `path`. */
export async function expectGoldenFile(path: string, actual: string): Promise<void> {
  if (UPDATE) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, actual);
  }
  expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 and read it`).toBe(true);
  expect(actual).toBe(await readFile(path, "utf8"));
}

/** The files `actual` (relative path → bytes) are exactly the tree under `dir`, no more, no fewer. */
export async function expectGoldenTree(dir: string, actual: Record<string, string>): Promise<void> {
  if (UPDATE) {
    await rm(dir, { recursive: true, force: true });
    for (const [path, content] of Object.entries(actual)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
  }
  expect(actual).toEqual(await snapshotTree(dir));
}
