import type { FieldPath, Problem } from "../core/problem.ts";
import type { OnProgress } from "../core/progress.ts";
import type { Result } from "../core/result.ts";
import { lstat, realpath, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { createJiti, type Jiti, type TransformOptions, type TransformResult } from "jiti";
import type { RawDefinition } from "../model/estate.ts";
import {
  sourcePositionOf,
  type TranspiledFile,
  thrownText,
  withSourceMaps,
} from "./load-errors.ts";
import type { ModuleProblem, Node } from "./module-check.ts";
import { toPlainData } from "./plain-data.ts";
import {
  cacheKey,
  defaultCacheDir,
  openTranspileCache,
  type TranspileCache,
} from "./transpile-cache.ts";
import { transformModule } from "./transform.ts";
import { transformSalt } from "./transform-salt.ts";
import { isDefinitionModule, isYaml, listDefinitionFiles } from "./definition-files.ts";

export { isDefinitionModule, listDefinitionFiles, transformSalt };
import { loadYamlFiles } from "./yaml-definitions.ts";

export interface LoadOptions {
  cwd?: string;
  /**
   * Folder for transpiled modules; default `$XDG_CACHE_HOME/obsforge/transpile`
   * (or `~/.cache/…`). `false` turns the cache off. A folder that is not
   * private to this user is never used.
   */
  cacheDir?: string | false;
  /**
   * Asked before a TypeScript module is loaded: a definition it returns is
   * used instead (the module cache, src/pipeline/incremental.ts), and the
   * module is not run.
   */
  cached?: (
    path: string,
    where: { file: string; name: string },
  ) => Promise<RawDefinition | undefined>;
  /** Told after each file of the folder (`loading definitions`), cached or run. */
  onProgress?: OnProgress;
  /**
   * The module checks' outline of a TypeScript module's text, when the
   * incremental cache's analysis parsed that text this build
   * (src/load/module-cache.ts): the transform then does not parse it again.
   */
  outlineOf?: (text: string) => readonly Node[] | undefined;
}

const SDK = "@grafana/grafana-foundation-sdk";

/** The folder the SDK's subpaths (`…/dashboard`, `…/prometheus`) resolve into. */
function sdkModules(): string {
  // `…/cog` is one of the package's exports; its folder's parent holds them all.
  return dirname(dirname(createRequire(import.meta.url).resolve(`${SDK}/cog`)));
}

/**
 * Load every definition module with jiti. Their `import … from "obsforge"`
 * resolves to the obsforge that is running (a virtual module holding its
 * authoring API, src/authoring.ts), so an estate anywhere on disk builds
 * with the version that runs it and shares its instances.
 *
 * Whatever a module does while it loads ends in a diagnostic, never in a
 * crash: syntax errors, unknown helpers and top-level throws are reported at
 * their line and column, a call to `process.exit` is caught, and the exported
 * value is copied once into plain data, so a throwing getter or Proxy is
 * reported with its field path instead of failing somewhere downstream.
 */
export async function loadDefinitions(
  dir: string,
  options: LoadOptions = {},
): Promise<Result<RawDefinition[]>> {
  const cwd = options.cwd ?? process.cwd();
  let names: string[];
  let realDir: string;
  try {
    names = await listDefinitionFiles(dir);
    realDir = await realpath(dir);
  } catch (error) {
    const shown = relative(cwd, dir) || ".";
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "it does not exist"
        : code === "ENOTDIR"
          ? "it is a file"
          : thrownText(error);
    return folderFail(shown, `cannot read the definitions folder ${shown}/: ${why}`);
  }
  if (names.length === 0) return noDefinitions(relative(cwd, dir) || ".");
  // Created on first use: a build whose modules all come from the module cache runs none.
  let loader: Loader | undefined;
  const definitions: RawDefinition[] = [];
  const diagnostics: Problem[] = [];
  // YAML specs are read together at the end: OpenSLO objects reference each other across files.
  const yamlFiles: { path: string; file: string; source: string }[] = [];
  const report = (done: number) =>
    options.onProgress?.({ doing: "loading", items: "definitions", done, total: names.length });
  for (const [index, name] of names.entries()) {
    // Reported at the next file, so a `continue` below counts as done too.
    if (index > 0) report(index);
    const path = join(dir, name);
    const file = relative(cwd, path);
    const linked = await checkLink(path, { realDir, file, cwd });
    if (linked !== undefined) {
      diagnostics.push(linked);
      continue;
    }
    if (isYaml(name)) {
      yamlFiles.push({ path, file, source: name });
      continue;
    }
    const cached = await options.cached?.(path, { file, name });
    if (cached !== undefined) {
      definitions.push(cached);
      continue;
    }
    loader ??= await createLoader({ dir, realDir }, options);
    const loaded = await loader.load(path, { file, cwd });
    if (loaded.ok) definitions.push({ file, source: name, exported: loaded.value });
    else diagnostics.push(...loaded.diagnostics);
  }
  if (yamlFiles.length > 0) {
    const loaded = await loadYamlFiles(yamlFiles);
    if (loaded.ok) definitions.push(...loaded.value);
    else diagnostics.push(...loaded.diagnostics);
  }
  report(names.length);
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  // YAML files holding no document are no services either: an empty estate
  // would make `build` empty out/.
  if (definitions.length === 0) return noDefinitions(relative(cwd, dir) || ".");
  return { ok: true, value: definitions };
}

/** The definitions folder as a whole is wrong: one line, no field path. */
export const FOLDER_CODES = ["load/folder", "load/no-definitions"] as const;

function folderFail(file: string, message: string): Result<never> {
  return {
    ok: false,
    diagnostics: [{ code: "load/folder", severity: "error", file, path: [], message }],
  };
}

function noDefinitions(shown: string): Result<never> {
  const message = `no service definitions found in ${shown}/ (expected .ts or .yaml modules directly in it; sub-folders and _-prefixed files are shared code)`;
  return {
    ok: false,
    diagnostics: [
      { code: "load/no-definitions", severity: "error", file: shown, path: [], message },
    ],
  };
}

/** A symbolic link loads when its target is a file inside the definitions folder; otherwise it is reported. */
async function checkLink(
  path: string,
  where: { realDir: string; file: string; cwd: string },
): Promise<Problem | undefined> {
  if (!(await lstat(path)).isSymbolicLink()) return undefined;
  let target: string;
  try {
    target = await realpath(path);
  } catch {
    return loadDiagnostic(
      where.file,
      "expected a symbolic link to a file, got a link whose target does not exist",
    );
  }
  if (!target.startsWith(where.realDir + sep)) {
    return loadDiagnostic(
      where.file,
      `expected a module inside the definitions folder, got a symbolic link to ${relative(where.cwd, target)} outside it (copy the file in instead)`,
    );
  }
  if (!(await stat(target)).isFile()) {
    return loadDiagnostic(
      where.file,
      "expected a symbolic link to a file, got a link to something else",
    );
  }
  return undefined;
}

interface Loader {
  load: (path: string, where: { file: string; cwd: string }) => Promise<Result<unknown>>;
}

/** What the transform's output depends on besides the source: part of every transpile cache key. */
function saltOf(exports: ReadonlySet<string>): string {
  return [transformSalt(), [...exports].sort().join(",")].join("|");
}

async function createLoader(
  { dir, realDir }: { dir: string; realDir: string },
  options: LoadOptions,
): Promise<Loader> {
  // Definitions see the authoring API only (src/authoring.ts), not the library.
  const self = (await import("../authoring.ts")) as Record<string, unknown>;
  const exports = new Set(Object.keys(self));
  const cache: TranspileCache | undefined =
    options.cacheDir === false
      ? undefined
      : openTranspileCache(options.cacheDir ?? defaultCacheDir());
  const salt = saltOf(exports);

  /** Every file transformed by this loader: its source maps, to map error positions back. */
  const transpiled = new Map<string, TranspiledFile>();
  /** Problems the module checks or the parser found, per file, for the load that is running. */
  const problems = new Map<string, ModuleProblem>();

  const transform = (opts: TransformOptions): TransformResult => {
    const filename = opts.filename ?? "";
    const isDefinition = [dir, realDir].some(
      (d) =>
        filename.startsWith(d + sep) &&
        !filename.slice(d.length + 1).includes(sep) &&
        isDefinitionModule(filename.slice(d.length + 1)),
    );
    const async = opts.async === true;
    const key = cacheKey([
      salt,
      JSON.stringify({ ...opts, source: undefined, babel: undefined }),
      String(isDefinition),
      opts.source,
    ]);
    const hit = cache?.get(key);
    if (hit !== undefined) {
      transpiled.set(filename, { code: hit, async });
      return { code: hit };
    }
    // The analysis parsed TypeScript only; a .js module is parsed without the TS plugin.
    const outline = opts.ts === true ? options.outlineOf?.(opts.source) : undefined;
    const outcome = transformModule(opts.source, {
      filename,
      ts: opts.ts === true,
      exports,
      isDefinition,
      ...(outline !== undefined && { outline }),
    });
    if (!outcome.ok) {
      problems.set(filename, outcome.problem);
      // jiti runs what it is given: stop the module, the loader reports the problem.
      return { code: 'throw new SyntaxError("obsforge: module not loaded");' };
    }
    // jiti wraps async loads (`jiti.import`, every import below one) in an
    // async function, which the module-runner form needs; a synchronous
    // `require()` of a module is transformed into CommonJS by jiti's own
    // Babel transform (the checks above have run on it all the same).
    const code = async
      ? withSourceMaps(outcome.value.code, outcome.value.maps)
      : babelTransformed(dir, opts);
    transpiled.set(filename, { code, async });
    cache?.set(key, code);
    return { code };
  };

  const jiti: Jiti = createJiti(join(dir, "_obsforge-loader.ts"), {
    virtualModules: { obsforge: self },
    // Dashboards written with the foundation SDK (as `obsforge import` writes
    // them) get the SDK obsforge runs with, as `obsforge` resolves to itself:
    // a definitions folder needs no node_modules of its own.
    alias: { [SDK]: sdkModules() },
    moduleCache: false,
    // jiti's own cache lives in a folder anyone can write; ours is checked (see transform).
    fsCache: false,
    transform,
    // Inline maps give run-time errors their source columns (see load-errors.ts).
    sourceMaps: true,
    interopDefault: false,
  });

  return {
    async load(path, where) {
      problems.clear();
      const evaluated = await withoutProcessExit(() => jiti.import(path));
      const relativeTo = (p: string) => relative(where.cwd, p);
      if (evaluated.exit !== undefined) {
        const at = sourcePositionOf(evaluated.exit.stack, transpiled);
        const call = `process.exit(${evaluated.exit.code === undefined ? "" : describeExitCode(evaluated.exit.code)})`;
        return {
          ok: false,
          diagnostics: [
            positioned(
              at,
              where.file,
              relativeTo,
              `called ${call} while loading; a definition module must only export its definition`,
            ),
          ],
        };
      }
      if (!evaluated.ok) {
        for (const [file, problem] of problems) {
          return {
            ok: false,
            diagnostics: [
              {
                ...loadDiagnostic(relativeTo(file), problem.message),
                span: { line: problem.line, column: problem.column },
              },
            ],
          };
        }
        const at = sourcePositionOf(evaluated.error, transpiled);
        return {
          ok: false,
          diagnostics: [
            positioned(
              at,
              where.file,
              relativeTo,
              `expected a module that loads, got an error thrown while loading: ${thrownText(evaluated.error)}`,
            ),
          ],
        };
      }
      const mod = evaluated.value as Record<string, unknown>;
      let exported: unknown;
      try {
        if (!("default" in mod)) {
          return fail(
            where.file,
            "expected a default export made with defineService(...), got none",
          );
        }
        exported = mod.default;
      } catch (error) {
        return fail(
          where.file,
          `expected a default export that can be read, got an error: ${thrownText(error)}`,
        );
      }
      const plain = toPlainData(exported);
      if (plain.ok) return { ok: true, value: plain.value };
      const reason =
        "error" in plain ? `${plain.reason}: ${thrownText(plain.error)}` : plain.reason;
      const at = "error" in plain ? sourcePositionOf(plain.error, transpiled) : undefined;
      return {
        ok: false,
        diagnostics: [
          { ...positioned(at, where.file, relativeTo, reason), path: plain.path as FieldPath },
        ],
      };
    },
  };
}

/** jiti's Babel transform into CommonJS, for modules loaded by a synchronous `require()`. */
function babelTransformed(dir: string, opts: TransformOptions): string {
  babel ??= createJiti(join(dir, "_obsforge-transform.ts"), { fsCache: false }).options
    .transform as (opts: TransformOptions) => TransformResult;
  return babel(opts).code;
}
let babel: ((opts: TransformOptions) => TransformResult) | undefined;

/** Exit codes as the module gave them, quoted when they are not numbers. */
function describeExitCode(code: unknown): string {
  if (typeof code === "number") return String(code);
  if (typeof code === "string") return JSON.stringify(code);
  return typeof code;
}

type Evaluated =
  | { ok: true; value: unknown; exit?: undefined }
  | { ok: false; error: unknown; exit?: ExitCall };

type ExitCall = { code: unknown; stack: Error };

/** Loads in progress, each told of a `process.exit` call; the real exit while there are any. */
const exitListeners = new Set<(call: ExitCall) => void>();
let realExit: typeof process.exit | undefined;

/**
 * Run `load` with `process.exit` replaced: a module that calls it while it
 * loads gets an exception at the call (so it stops there) and the call is
 * reported, even if the module catches that exception. Loads may overlap
 * (library users): the stub goes in with the first and out with the last.
 */
async function withoutProcessExit(load: () => Promise<unknown>): Promise<Evaluated> {
  let exit: ExitCall | undefined;
  const listener = (call: ExitCall) => {
    exit ??= call;
  };
  if (exitListeners.size === 0) {
    realExit = process.exit;
    process.exit = ((code?: unknown) => {
      const call = { code, stack: new Error("process.exit") };
      for (const l of exitListeners) l(call);
      throw call.stack;
    }) as typeof process.exit;
  }
  exitListeners.add(listener);
  try {
    const value = await load();
    return exit === undefined ? { ok: true, value } : { ok: false, error: exit.stack, exit };
  } catch (error) {
    return { ok: false, error, ...(exit !== undefined && { exit }) };
  } finally {
    exitListeners.delete(listener);
    if (exitListeners.size === 0 && realExit !== undefined) {
      process.exit = realExit;
      realExit = undefined;
    }
  }
}

function positioned(
  at: { file: string; line: number; column: number } | undefined,
  fallbackFile: string,
  relativeTo: (p: string) => string,
  message: string,
): Problem {
  if (at === undefined) return loadDiagnostic(fallbackFile, message);
  const file = relativeTo(at.file);
  // A fault in a shared file is reported where it is, and names the definition that ran it.
  const text = file === fallbackFile ? message : `${message} (while loading ${fallbackFile})`;
  return { ...loadDiagnostic(file, text), span: { line: at.line, column: at.column } };
}

function loadDiagnostic(file: string, message: string): Problem {
  return { code: "load/module", severity: "error", file, path: [], message };
}

function fail(file: string, message: string): Result<never> {
  return { ok: false, diagnostics: [loadDiagnostic(file, message)] };
}
