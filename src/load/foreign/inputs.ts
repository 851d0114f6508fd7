import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
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
): Promise<Result<ForeignFileList>> {
  const files: string[] = [];
  const named = new Set<string>();
  const diagnostics: Problem[] = [];
  const unreadable: Problem[] = [];
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
      const found = await walk(absolute, {
        seen: new Set([await realpath(absolute)]),
        problem: (at, message) => unreadable.push(inputError(displayPath(cwd, at), message)),
      });
      found.sort(compareStrings);
      for (const f of found) files.push(displayPath(cwd, f));
    } else {
      files.push(displayPath(cwd, absolute));
      named.add(displayPath(cwd, absolute));
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  unreadable.sort((a, b) => compareStrings(a.file ?? "", b.file ?? ""));
  return { ok: true, value: { files: [...new Set(files)], named, unreadable } };
}

export interface ForeignFileList {
  files: string[];
  /** The files named as such (not found by walking a folder): one of them must parse, template or not. */
  named: ReadonlySet<string>;
  /** Folders of the walk that could not be listed: errors, while the rest is linted. */
  unreadable: Problem[];
}

interface Walk {
  /** Real paths of the folders walked: a link back to one is not walked again. */
  seen: Set<string>;
  problem: (path: string, message: string) => void;
}

/**
 * The lintable files under `dir`. Symbolic links are followed, as the
 * files they point to are what a ruler loads (repositories link shared
 * rules in); a folder is walked once, whatever links lead to it.
 */
async function walk(dir: string, w: Walk): Promise<string[]> {
  const out: string[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    w.problem(dir, `expected a folder that can be read, got ${reason(error)}`);
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let kind: "file" | "folder" | "other" = entry.isDirectory()
      ? "folder"
      : entry.isFile()
        ? "file"
        : "other";
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        kind = target.isDirectory() ? "folder" : target.isFile() ? "file" : "other";
      } catch (error) {
        w.problem(path, `expected a link to a file or folder, got ${reason(error)}`);
        continue;
      }
    }
    if (kind === "file" && FOREIGN_FILE.test(entry.name)) out.push(path);
    if (kind !== "folder" || SKIPPED_FOLDERS.has(entry.name)) continue;
    const real = await realpath(path).catch(() => path);
    if (w.seen.has(real)) continue;
    w.seen.add(real);
    out.push(...(await walk(path, w)));
  }
  return out;
}

/** Relative to `cwd` when inside it (as the user types paths), else absolute. */
function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return rel === "" || rel.startsWith("..") ? absolute : rel.split("\\").join("/");
}

/** Why a path could not be read, to follow "got". */
export function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "nothing at that path";
  if (code === "EACCES") return "a path that cannot be read (permission denied)";
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
}

export function inputError(file: string, message: string, path: Problem["path"] = []): Problem {
  return { code: "load/foreign", severity: "error", file, path, message };
}
