import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

/**
 * Texts of definition files, for positions of problems; unreadable files
 * are skipped. A YAML document named `x.yaml#2` is read (and keyed) as `x.yaml`.
 */
export async function readSources(
  files: readonly string[],
  cwd: string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of [...new Set(files.map((f) => f.replace(/(\.ya?ml)#\d+$/, "$1")))].sort()) {
    try {
      out.set(file, await readFile(resolve(cwd, file), "utf8"));
    } catch {
      // Positions are a convenience; findings without them are still right.
    }
  }
  return out;
}
