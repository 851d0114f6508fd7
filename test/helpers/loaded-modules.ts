import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "./paths.ts";
import { tempDir } from "./temp.ts";

export interface LoadedModules {
  status: number | null;
  stdout: string;
  stderr: string;
  /** obsforge's own files, relative to the project root (`dist/cli/main.js`). */
  own: string[];
  /** Packages from node_modules (`commander`, `@grafana/grafana-foundation-sdk`). */
  packages: string[];
  /** Every file, relative to the project root. */
  files: string[];
}

const REGISTER = pathToFileURL(resolve(PROJECT_ROOT, "test/helpers/module-log/register.mjs")).href;

/**
 * Run `node <args>` in `cwd` and list every module it loaded (node's own
 * `node:` modules left out), read from the process itself, not timed.
 */
export async function loadedModules(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<LoadedModules> {
  const log = join(await tempDir(), "modules.txt");
  const r = spawnSync(process.execPath, ["--import", REGISTER, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env, OBSFORGE_MODULE_LOG: log },
  });
  const urls = new Set(
    readFileSync(log, "utf8")
      .split("\n")
      .filter((u) => u.startsWith("file:")),
  );
  const own = new Set<string>();
  const packages = new Set<string>();
  const files: string[] = [];
  for (const url of urls) {
    const path = relative(PROJECT_ROOT, fileURLToPath(url));
    if (path.startsWith("test/helpers/module-log/")) continue;
    files.push(path);
    const parts = path.split("/");
    const at = parts.lastIndexOf("node_modules");
    if (at === -1) own.add(path);
    else
      packages.add(
        parts[at + 1]!.startsWith("@") ? parts.slice(at + 1, at + 3).join("/") : parts[at + 1]!,
      );
  }
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    own: [...own].sort(),
    packages: [...packages].sort(),
    files: files.sort(),
  };
}
