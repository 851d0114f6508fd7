import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Artifact } from "./artifact.ts";
import { confinedPath } from "./paths.ts";

/**
 * Replace the output folder with exactly `artifacts`, atomically as far as
 * the filesystem allows: everything is written to a sibling staging folder,
 * then swapped in with two renames. A crash or error before the swap leaves
 * the old folder untouched; readers never see a half-written mix.
 */
export async function writeOutput(outDir: string, artifacts: Iterable<Artifact>): Promise<number> {
  const out = resolve(outDir);
  const parent = dirname(out);
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const staging = join(parent, `.${basename(out)}.obsforge-new-${tag}`);
  const old = join(parent, `.${basename(out)}.obsforge-old-${tag}`);
  await mkdir(parent, { recursive: true });
  let written = 0;
  try {
    // Artifacts may be produced lazily while they are written: a failure
    // anywhere (compiling or writing) happens before the swap below.
    for (const artifact of artifacts) {
      written++;
      const path = confinedPath(staging, artifact.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, artifact.content, "utf8");
    }
    const hadOld = await moveIfExists(out, old);
    await rename(staging, out);
    if (hadOld) await rm(old, { recursive: true, force: true });
    return written;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function moveIfExists(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
