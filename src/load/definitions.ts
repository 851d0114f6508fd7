import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { createJiti } from "jiti";
import type { Diagnostic, Result } from "../diagnostics.ts";
import type { RawDefinition } from "../model/estate.ts";
import { compareStrings } from "../model/common.ts";
import { loadYamlDefinitions } from "./yaml-definitions.ts";

/**
 * Definition modules are the TypeScript and YAML (Sloth spec) files directly
 * in the definitions folder. Sub-folders and `_`-prefixed files hold shared
 * code that those modules import, and are not definitions themselves.
 */
export function isDefinitionModule(name: string): boolean {
  return (
    /\.(m?ts|ya?ml)$/.test(name) &&
    !name.endsWith(".d.ts") &&
    !name.startsWith("_") &&
    !name.startsWith(".")
  );
}

function isYaml(name: string): boolean {
  return /\.ya?ml$/.test(name);
}

export async function listDefinitionFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && isDefinitionModule(e.name))
    .map((e) => e.name)
    .sort(compareStrings);
}

/**
 * Load every definition module with jiti. Their `import … from "obsforge"`
 * resolves to the obsforge that is running (a virtual module holding this
 * very library), so an estate anywhere on disk builds with the version that
 * runs it and shares its instances.
 */
export async function loadDefinitions(
  dir: string,
  options: { cwd?: string } = {},
): Promise<Result<RawDefinition[]>> {
  const cwd = options.cwd ?? process.cwd();
  let names: string[];
  try {
    names = await listDefinitionFiles(dir);
  } catch (error) {
    const shown = relative(cwd, dir) || ".";
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "it does not exist"
        : code === "ENOTDIR"
          ? "it is a file"
          : errorText(error);
    return folderFail(shown, `cannot read the definitions folder ${shown}/: ${why}`);
  }
  if (names.length === 0) return noDefinitions(relative(cwd, dir) || ".");
  const self = await import("../index.ts");
  const jiti = createJiti(join(dir, "_obsforge-loader.ts"), {
    virtualModules: { obsforge: self },
    moduleCache: false,
    // Transpiled modules are cached on disk by content hash (jiti's default
    // location), so repeated builds and `check` in CI skip the transform.
    fsCache: true,
    interopDefault: false,
  });
  const definitions: RawDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const file = relative(cwd, path);
    if (isYaml(name)) {
      const loaded = await loadYamlDefinitions(path, file, name);
      if (loaded.ok) definitions.push(...loaded.value);
      else diagnostics.push(...loaded.diagnostics);
      continue;
    }
    try {
      const mod = (await jiti.import(path)) as Record<string, unknown>;
      if (!("default" in mod)) {
        diagnostics.push(
          loadDiagnostic(file, "expected a default export made with defineService(...), got none"),
        );
        continue;
      }
      definitions.push({ file, source: name, exported: mod.default });
    } catch (error) {
      diagnostics.push(
        loadDiagnostic(file, `expected a module that loads, got ${errorText(error)}`),
      );
    }
  }
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

function loadDiagnostic(file: string, message: string): Diagnostic {
  return { code: "load/module", severity: "error", file, path: [], message };
}

/** First line of an error: loaders put code frames and stacks after it. */
function errorText(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}`
      : String(error);
  return text.split("\n")[0]!.trim();
}
