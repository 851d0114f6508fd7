import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { scaffoldFiles } from "./scaffold.ts";

/** The installed obsforge package: two folders above this module (dist/init/ or src/init/). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCHEMA_IN_PACKAGE = "dist/schema/service.schema.json";

export interface Initialised {
  dir: string;
  files: string[];
}

/**
 * `obsforge init [DIR]`: write a new estate into DIR (made when missing).
 * Never overwrites: when any file it would write exists, nothing is
 * written and the problem names that file.
 */
export async function initProject(options: {
  dir: string;
  cwd: string;
}): Promise<Result<Initialised>> {
  const dir = resolve(options.cwd, options.dir);
  const files = scaffoldFiles({
    name: packageName(basename(dir)),
    version: packageVersion(),
    schemaPath: schemaPathFrom(join(dir, "definitions")),
  });
  for (const file of files) {
    const path = join(dir, file.path);
    if (!existsSync(path)) continue;
    const shown = relative(options.cwd, path) || path;
    const problem: Problem = {
      code: "init/exists",
      severity: "error",
      file: shown,
      path: [],
      message: `expected no file here (obsforge init never overwrites), got an existing ${file.path}: remove it or init another folder`,
    };
    return { ok: false, diagnostics: [problem] };
  }
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    // `wx`: a file that appeared since the check above is still not overwritten.
    await writeFile(path, file.content, { flag: "wx" });
  }
  return { ok: true, value: { dir, files: files.map((f) => f.path) } };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** An npm package name from a folder name: lowercase, URL-safe characters only. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+/, "");
  return name === "" ? "observability" : name;
}

/**
 * From definitions/ to the schema of the obsforge that runs: the copy in
 * the nearest node_modules/obsforge that is this package, else where
 * `npm install obsforge` in the estate puts it.
 */
function schemaPathFrom(definitions: string): string {
  const fallback = `../node_modules/obsforge/${SCHEMA_IN_PACKAGE}`;
  let real: string;
  try {
    real = realpathSync(PACKAGE_ROOT);
  } catch {
    return fallback;
  }
  for (let at = dirname(definitions); ; at = dirname(at)) {
    const candidate = join(at, "node_modules", "obsforge");
    if (existsSync(candidate) && realpathSync(candidate) === real)
      return relative(definitions, join(candidate, SCHEMA_IN_PACKAGE)).split(sep).join("/");
    if (dirname(at) === at) return fallback;
  }
}
