import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { compareStrings } from "../model/common.ts";
import type { Artifact } from "./artifact.ts";

export interface Staleness {
  /** Artifacts the build would write that out/ lacks. */
  missing: string[];
  /** Artifacts whose bytes in out/ differ from a fresh build. */
  stale: string[];
  /** Files in out/ that a fresh build would not write. */
  extra: string[];
}

export function isFresh(s: Staleness): boolean {
  return s.missing.length + s.stale.length + s.extra.length === 0;
}

/** Compare a fresh in-memory build with what is on disk. Reads only. */
export async function compareOutput(
  outDir: string,
  artifacts: Iterable<Artifact>,
): Promise<Staleness> {
  const onDisk = new Set(await listFiles(outDir));
  const result: Staleness = { missing: [], stale: [], extra: [] };
  for (const artifact of artifacts) {
    if (!onDisk.has(artifact.path)) {
      result.missing.push(artifact.path);
      continue;
    }
    onDisk.delete(artifact.path);
    const content = await readFile(join(outDir, artifact.path), "utf8");
    if (content !== artifact.content) result.stale.push(artifact.path);
  }
  result.extra = [...onDisk];
  for (const list of [result.missing, result.stale, result.extra]) list.sort(compareStrings);
  return result;
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
