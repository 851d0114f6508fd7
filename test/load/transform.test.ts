import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadDefinitions } from "../../src/load/definitions.ts";
import { transformId } from "../../src/load/transform.ts";
import { tempDir } from "../helpers/temp.ts";

/** Load an estate of `files` (paths under the definitions folder) without a cache. */
async function load(files: Record<string, string>) {
  const dir = await tempDir();
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, "definitions", path)), { recursive: true });
    await writeFile(join(dir, "definitions", path), content);
  }
  return loadDefinitions(join(dir, "definitions"), { cwd: dir, cacheDir: false });
}

function lines(result: Awaited<ReturnType<typeof load>>): string[] {
  if (result.ok) return [];
  return result.diagnostics.map(
    (d) =>
      `${d.file}${d.span === undefined ? "" : `:${d.span.line}:${d.span.column}`}: ${d.message}`,
  );
}

describe("the transform keeps what definition modules do", () => {
  test("a type imported from obsforge without `type` is dropped; the same unknown name used as a value is reported", async () => {
    const typeOnly = `import { defineService, Labels } from "obsforge";\nconst labels: Labels = { tier: "1" };\nexport default defineService({ name: "x", team: "t", labels });\n`;
    const loaded = await load({ "x.ts": typeOnly });
    expect(lines(loaded)).toEqual([]);
    expect(loaded.ok && loaded.value[0]!.exported).toMatchObject({ labels: { tier: "1" } });

    const asValue = `import { defineService, Labels } from "obsforge";\nexport default defineService({ name: "x", team: String(Labels) });\n`;
    expect(lines(await load({ "x.ts": asValue }))).toEqual([
      'definitions/x.ts:1:25: expected a helper exported by obsforge, got "Labels"',
    ]);
  });

  test("re-exports, import.meta, dynamic import, top-level await and require() all work", async () => {
    const loaded = await load({
      "x.ts": `import { defineService } from "obsforge";
import { team, region } from "./lib/all.ts";
const { suffix } = await import("./lib/suffix.ts");
const { tier } = require("./lib/tier.ts") as { tier: string };
const here = new URL(".", import.meta.url).pathname === import.meta.dirname + "/";
export default defineService({ name: "x", team: team + suffix, labels: { region, tier, here: String(here) } });
`,
      "lib/all.ts": `export * from "./team.ts";\nexport const region: string = "eu";\n`,
      "lib/team.ts": `export const team: string = "payments";\nexport default "not re-exported";\n`,
      "lib/suffix.ts": `export const suffix = await Promise.resolve("-core");\n`,
      "lib/tier.ts": `export const tier: string = "1";\n`,
    });
    expect(lines(loaded)).toEqual([]);
    expect(loaded.ok && loaded.value[0]!.exported).toMatchObject({
      team: "payments-core",
      labels: { region: "eu", tier: "1", here: "true" },
    });
  });

  test("a throw in a module loaded by require() is placed in its source too", async () => {
    const loaded = await load({
      "x.ts": `import { defineService } from "obsforge";\nconst { tier } = require("./lib/tier.ts");\nexport default defineService({ name: "x", team: tier() });\n`,
      "lib/tier.ts": `export function tier(): string {\n  const t: number = 2;\n  throw new RangeError(\`no tier \${t}\`);\n}\n`,
    });
    expect(lines(loaded)).toEqual([
      "definitions/lib/tier.ts:3:9: expected a module that loads, got an error thrown while loading: RangeError: no tier 2 (while loading definitions/x.ts)",
    ]);
  });

  test("the transpile cache key names the transform and its version", () => {
    const require = createRequire(import.meta.url);
    const version = (name: string) =>
      (
        JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as {
          version: string;
        }
      ).version;
    expect(transformId()).toBe(
      `oxc-transform@${version("oxc-transform")} @babel/parser@${version("@babel/parser")}`,
    );
  });
});
