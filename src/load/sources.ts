import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

/** Texts of definition files (keyed as given), for positions in lint findings; unreadable files are skipped. */
export async function readSources(
  files: readonly string[],
  cwd: string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of [...new Set(files)].sort()) {
    try {
      out.set(file, await readFile(resolve(cwd, file), "utf8"));
    } catch {
      // Positions are a convenience; findings without them are still right.
    }
  }
  return out;
}
