import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import * as api from "../../src/api.ts";
import * as authoring from "../../src/authoring.ts";
import * as root from "../../src/index.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";

/** Value names imported from "obsforge" by the TS files under `dir` (definitions, golden inputs). */
async function namesImportedFromObsforge(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const source = ts.createSourceFile(file, await readFile(file, "utf8"), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement)) continue;
      if ((statement.moduleSpecifier as ts.StringLiteral).text !== "obsforge") continue;
      const clause = statement.importClause;
      if (clause === undefined || clause.isTypeOnly) continue;
      const bindings = clause.namedBindings;
      if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
      for (const element of bindings.elements) {
        if (!element.isTypeOnly) names.add((element.propertyName ?? element.name).text);
      }
    }
  }
  return names;
}

describe("the authoring surface", () => {
  test("the package root exports the authoring module, nothing more", () => {
    expect(Object.keys(root).sort()).toEqual(Object.keys(authoring).sort());
  });

  test("pipeline, lint, emit and parser internals are only in obsforge/api", () => {
    for (const name of [
      "buildProject",
      "compileProject",
      "lintProject",
      "lintEstate",
      "writeOutput",
      "toYaml",
      "parsePromQL",
      "serviceSchema",
      "buildEstate",
      "loadDefinitions",
    ]) {
      expect(Object.keys(root)).not.toContain(name);
      expect(Object.keys(api)).toContain(name);
    }
  });

  test("obsforge/api includes the authoring API", () => {
    for (const name of Object.keys(authoring)) expect(Object.keys(api)).toContain(name);
  });

  test("every helper the example estate and the golden inputs import is there", async () => {
    const used = new Set([
      ...(await namesImportedFromObsforge(join(PROJECT_ROOT, "definitions"))),
      ...(await namesImportedFromObsforge(join(PROJECT_ROOT, "test/golden"))),
    ]);
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((name) => !(name in authoring)).sort();
    expect(missing).toEqual([]);
  });
});
