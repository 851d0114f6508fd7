import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "@babel/parser";
import { describe, expect, test } from "vitest";
import { loadDefinitions } from "../../src/load/definitions.ts";
import { checkModule, moduleOutline, type Node } from "../../src/load/module-check.ts";
import { openModuleCache } from "../../src/load/module-cache.ts";
import { transformModule } from "../../src/load/transform.ts";
import { tempDir } from "../helpers/temp.ts";

const EXPORTS = new Set(["defineService", "slo", "alert"]);

function body(source: string): Node[] {
  return parse(source, { sourceType: "module", plugins: ["typescript"] }).program
    .body as unknown as Node[];
}

/** checkModule's answer and the names it asked about, on a tree or an outline. */
function checked(statements: readonly Node[], isDefinition: boolean) {
  const asked: string[] = [];
  const problem = checkModule(statements, {
    exports: EXPORTS,
    isDefinition,
    keptImport: (local) => {
      asked.push(local);
      return local !== "Labels";
    },
  });
  return { problem, asked };
}

describe("the module checks give the same answer on a module's outline as on its tree", () => {
  test.for<{ what: string; source: string; problem?: string }>([
    {
      what: "a clean definition",
      source:
        'import { defineService, slo } from "obsforge";\nconst x = slo;\nexport default defineService({ name: "x", team: "t" });\n',
    },
    {
      what: "an unknown helper",
      source:
        'import { defineService, notAThing } from "obsforge";\nexport default defineService({ name: notAThing() });\n',
      problem: '1:25 expected a helper exported by obsforge, got "notAThing"',
    },
    {
      what: "a misspelt helper",
      source: 'import { defineservice } from "obsforge";\nexport default defineservice({});\n',
      problem:
        '1:10 expected a helper exported by obsforge, got "defineservice": did you mean defineService?',
    },
    {
      what: "an unknown name used only in types (dropped by the transform)",
      source:
        'import { defineService, Labels } from "obsforge";\nconst l: Labels = {};\nexport default defineService({ l });\n',
    },
    {
      what: "a default import of obsforge",
      source: 'import obsforge from "obsforge";\nexport default obsforge;\n',
      problem:
        '1:8 expected named imports such as { defineService } from "obsforge", got a default import (obsforge has no default export)',
    },
    {
      what: "only named exports, after a declare-only one and a type export",
      source:
        'import { defineService } from "obsforge";\nexport declare const d: number;\nexport type T = string;\n\nexport const x = defineService({ name: "x", team: "t" });\n',
      problem:
        "5:1 expected a default export (export default defineService({ ... })), got only named exports",
    },
    {
      what: "a re-export of an unknown name from obsforge",
      source: 'export { slo, nope as default } from "obsforge";\n',
      problem: '1:15 expected a helper exported by obsforge, got "nope"',
    },
    {
      what: "a default export spelt as a specifier, and export *",
      source:
        'export * from "./lib/all.ts";\nconst x = 1;\nexport { x as default };\nexport type { Y } from "./y.ts";\n',
    },
  ])("$what", ({ source, problem }) => {
    const tree = body(source);
    const outline = moduleOutline(tree);
    const shown = (p: ReturnType<typeof checked>["problem"]) =>
      p && `${p.line}:${p.column} ${p.message}`;
    expect(shown(checked(tree, true).problem)).toBe(problem);
    expect(checked(outline, true)).toEqual(checked(tree, true));
    expect(checked(outline, false)).toEqual(checked(tree, false));
    // Only imports and exports are kept, and no exported declaration's code.
    expect(outline.map((n) => n.type)).toEqual(
      tree.map((n) => n.type).filter((type) => /^(Import|Export)/.test(type)),
    );
    expect(JSON.stringify(outline)).not.toContain('"init"');
  });
});

/** A definitions folder of `files`, and a module cache for it. */
async function estate(files: Record<string, string>) {
  const dir = await tempDir();
  const defs = join(dir, "definitions");
  await mkdir(defs, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(defs, name), text);
  const cache = openModuleCache({ definitionsDir: defs, salt: "test", dir: join(dir, "cache") });
  if (cache === undefined) throw new Error("no private cache folder");
  const asked: { found: boolean }[] = [];
  const load = () =>
    loadDefinitions(defs, {
      cwd: dir,
      cacheDir: false,
      outlineOf: (text) => {
        const found = cache.outlineOf(text);
        asked.push({ found: found !== undefined });
        return found;
      },
    });
  const errors = async () => {
    const loaded = await load();
    return loaded.ok
      ? []
      : loaded.diagnostics.map((d) => `${d.file}:${d.span?.line}:${d.span?.column}: ${d.message}`);
  };
  return { defs, cache, asked, errors };
}

describe("one parse per module: the incremental cache's parse serves the transform's checks", () => {
  test("a module the purity check refuses and the checks reject: both verdicts from the one parse", async () => {
    const source =
      'import { defineService, notAThing } from "obsforge";\nconst at = String(Date.now());\nexport default defineService({ name: "x", team: notAThing(at) });\n';
    const { defs, cache, asked, errors } = await estate({ "x.ts": source });
    expect(await cache.keyOf(join(defs, "x.ts"))).toEqual({
      refusal: "it uses Date (line 2)",
      file: "x.ts",
    });
    expect(cache.outlineOf(source)).toBeDefined();
    expect(await errors()).toEqual([
      'definitions/x.ts:1:25: expected a helper exported by obsforge, got "notAThing"',
    ]);
    expect(asked).toEqual([{ found: true }]);
  });

  test("the transform checks the outline it is given, without parsing the text again", () => {
    const clean = 'import { defineService } from "obsforge";\nexport default defineService({});\n';
    const options = { filename: "x.ts", ts: true, exports: EXPORTS, isDefinition: true };
    expect(transformModule(clean, options).ok).toBe(true);
    const other = moduleOutline(body("const a = 1;\n\nexport const x = a;\n"));
    expect(transformModule(clean, { ...options, outline: other })).toEqual({
      ok: false,
      problem: {
        line: 3,
        column: 1,
        message:
          "expected a default export (export default defineService({ ... })), got only named exports",
      },
    });
  });

  test("a file edited after its analysis is parsed afresh (the outline is keyed by the whole text)", async () => {
    const { defs, cache, asked, errors } = await estate({
      "x.ts":
        'import { defineService } from "obsforge";\nexport default defineService({ name: "x", team: "t" });\n',
    });
    expect(await cache.keyOf(join(defs, "x.ts"))).toHaveProperty("key");
    await writeFile(
      join(defs, "x.ts"),
      'import { defineService } from "obsforge";\n\nexport const x = defineService({ name: "x", team: "t" });\n',
    );
    expect(await errors()).toEqual([
      "definitions/x.ts:3:1: expected a default export (export default defineService({ ... })), got only named exports",
    ]);
    expect(asked).toEqual([{ found: false }]);
  });

  test("decorators: the analysis still reads them, the transform still reports them as Babel does", async () => {
    const source =
      'import { defineService } from "obsforge";\n@sealed class Team {}\nexport default defineService({ name: "x", team: String(Team) });\n';
    const { defs, cache, asked, errors } = await estate({ "x.ts": source });
    expect(await cache.keyOf(join(defs, "x.ts"))).toEqual({
      refusal: "it uses the global sealed (line 2)",
      file: "x.ts",
    });
    expect(cache.outlineOf(source)).toBeUndefined();
    expect(await errors()).toEqual([
      'definitions/x.ts:2:1: expected valid TypeScript, got a syntax error: This experimental syntax requires enabling one of the following parser plugin(s): "decorators", "decorators-legacy".',
    ]);
    expect(asked).toEqual([{ found: false }]);
  });

  test("a syntax error: not cached, and reported with Babel's position and wording", async () => {
    const source =
      'import { defineService } from "obsforge";\nexport default defineService({ name: "x", team: "t" ;\n';
    const { defs, cache, errors } = await estate({ "x.ts": source });
    expect(await cache.keyOf(join(defs, "x.ts"))).toEqual({
      refusal: "it does not parse",
      file: "x.ts",
    });
    expect(cache.outlineOf(source)).toBeUndefined();
    expect(await errors()).toEqual([
      'definitions/x.ts:2:53: expected valid TypeScript, got a syntax error: Unexpected token, expected ","',
    ]);
  });
});
