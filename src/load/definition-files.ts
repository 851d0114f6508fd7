import { readdir } from "node:fs/promises";
import { compareStrings } from "../core/order.ts";

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

export function isYaml(name: string): boolean {
  return /\.ya?ml$/.test(name);
}

/** Names of the definition modules in `dir`, files and symbolic links alike (links are checked on load). */
export async function listDefinitionFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && isDefinitionModule(e.name))
    .map((e) => e.name)
    .sort(compareStrings);
}
