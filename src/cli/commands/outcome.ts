/**
 * Problems with the command as a whole (the output folder refused, a disk
 * fault, a missing definitions folder) rather than with one definition:
 * printed as `obsforge build: <message>`, one line, no file prefix.
 */
export function isCommandLevel(d: Problem): boolean {
  return d.code.startsWith("emit/") || d.code === "load/folder" || d.code === "load/no-definitions";
}

/** `out/` for `out`, `out/` or `out//`; `/` for `/`. */
export function shownFolder(flag: string): string {
  return `${flag.replace(/\/+$/, "")}/`;
}

/**
 * An empty `--out` or `--definitions` is almost always an unset variable
 * (`--out "$OUT_DIR"`); resolved, it would name the working directory.
 */
export function emptyFlag(command: string, flags: Record<string, unknown>): string | undefined {
  for (const name of ["definitions", "out"]) {
    if (flags[name] === "")
      return `obsforge ${command}: --${name} is empty (an unset variable?); pass a folder, e.g. --${name} ${name}\n`;
  }
  return undefined;
}
import type { Problem } from "../../core/problem.ts";
import type { CacheOptions } from "../../pipeline/incremental.ts";

/**
 * `--no-cache`: no cache at all. `OBSFORGE_INCREMENTAL=off`: the transpile
 * cache but not the module cache, i.e. a full build of warm modules (what
 * the benchmark compares an incremental build with).
 */
export function cacheOption(
  flag: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): false | CacheOptions {
  if (flag === false) return false;
  return env.OBSFORGE_INCREMENTAL === "off" ? { modules: false } : {};
}
