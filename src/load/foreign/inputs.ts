import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Problem } from "../../core/problem.ts";
import type { Result } from "../../core/result.ts";
import { compareStrings } from "../../core/order.ts";

/** File names `obsforge lint DIR` reads: what rule files, resources, dashboards and specs are written as. */
export const FOREIGN_FILE = /\.(ya?ml|json)$/i;

/** Folders a walk never enters: dependencies and version control, never the user's own files. */
const SKIPPED_FOLDERS = new Set(["node_modules", ".git"]);

/**
 * The files `obsforge lint FILE|DIR...` reads, as the user would type them
 * (relative to `cwd`): a FILE as given, whatever its name (the kind comes
 * from its content), a DIR walked for `.yaml`, `.yml` and `.json` files in
 * plain `<` order of their paths (deterministic on every machine), without
 * `node_modules` and `.git`. A file named twice is read once. A path that
 * does not exist is a one-line error.
 */
export async function listForeignFiles(
  paths: readonly string[],
  cwd: string,
): Promise<Result<string[]>> {
  const files: string[] = [];
  const diagnostics: Problem[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(absolute);
    } catch (error) {
      diagnostics.push(inputError(path, `expected a file or folder to lint, got ${reason(error)}`));
      continue;
    }
    if (info.isDirectory()) {
      const found = await walk(absolute);
      found.sort(compareStrings);
      for (const f of found) files.push(displayPath(cwd, f));
    } else files.push(displayPath(cwd, absolute));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: [...new Set(files)] };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) out.push(...(await walk(path)));
    } else if (entry.isFile() && FOREIGN_FILE.test(entry.name)) out.push(path);
  }
  return out;
}

/** Relative to `cwd` when inside it (as the user types paths), else absolute. */
function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return rel === "" || rel.startsWith("..") ? absolute : rel.split("\\").join("/");
}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "nothing at that path";
  if (code === "EACCES") return "a path that cannot be read (permission denied)";
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
}

export function inputError(file: string, message: string, path: Problem["path"] = []): Problem {
  return { code: "load/foreign", severity: "error", file, path, message };
}
