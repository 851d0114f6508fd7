import { mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadDefinitions } from "../../src/load/definitions.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { tempDir } from "../helpers/temp.ts";

/** Build an estate of `files` in-process; the build must fail, and write nothing. */
async function failedBuild(files: Record<string, string>): Promise<string[]> {
  const dir = await tempDir();
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, "definitions", path)), { recursive: true });
    await writeFile(join(dir, "definitions", path), content);
  }
  const r = await obsforgeInProcess(["build"], dir);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(await readdir(dir)).toEqual(["definitions"]);
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines.at(-1)).toMatch(/^obsforge build: \d+ error\(s\); out\/ left unchanged$/);
  // No transpiler or loader internals, no stack frames.
  expect(r.stderr).not.toMatch(/_obsforge|jiti|babel|\bat .+:\d+:\d+|\(0 ,/i);
  return lines.slice(0, -1);
}

const SERVICE = 'export default defineService({ name: "x", team: "t" });\n';
const IMPORT = 'import { defineService } from "obsforge";\n';

describe("errors from loading a definition module name file:line:column in user terms", () => {
  test.for<{ what: string; files: Record<string, string>; lines: string[] }>([
    {
      what: "a syntax error",
      files: { "x.ts": `${IMPORT}export default defineService({ name: "x", team: "t" ;\n` },
      lines: [
        'definitions/x.ts:2:53: expected valid TypeScript, got a syntax error: Unexpected token, expected ","',
      ],
    },
    {
      what: "an unknown helper imported from obsforge",
      files: {
        "x.ts": `import { defineService, notAThing } from "obsforge";\nexport default defineService({\n  name: "x",\n  team: notAThing("t"),\n});\n`,
      },
      lines: ['definitions/x.ts:1:25: expected a helper exported by obsforge, got "notAThing"'],
    },
    {
      what: "a misspelt helper, with the one meant",
      files: {
        "x.ts": `import { defineservice } from "obsforge";\nexport default defineservice({ name: "x", team: "t" });\n`,
      },
      lines: [
        'definitions/x.ts:1:10: expected a helper exported by obsforge, got "defineservice": did you mean defineService?',
      ],
    },
    {
      what: "a default import of obsforge",
      files: { "x.ts": `import obsforge from "obsforge";\nexport default obsforge;\n` },
      lines: [
        'definitions/x.ts:1:8: expected named imports such as { defineService } from "obsforge", got a default import (obsforge has no default export)',
      ],
    },
    {
      what: "a named export instead of the default one",
      files: { "x.ts": `${IMPORT}export const x = defineService({ name: "x", team: "t" });\n` },
      lines: [
        "definitions/x.ts:2:1: expected a default export (export default defineService({ ... })), got only named exports",
      ],
    },
    {
      what: "no export at all",
      files: { "x.ts": `${IMPORT}defineService({ name: "x", team: "t" });\n` },
      lines: ["definitions/x.ts: expected a default export made with defineService(...), got none"],
    },
    {
      what: "an import of a module that does not exist",
      files: { "x.ts": `import { regions } from "./lib/regions.ts";\nexport default regions;\n` },
      lines: [
        "definitions/x.ts:1:1: expected a module that loads, got an error thrown while loading: Cannot find module './lib/regions.ts'",
      ],
    },
    {
      what: "a throw at top level",
      files: {
        "x.ts": `${IMPORT}const region = "eu";\nif (region === "eu") throw new Error(\`no region \${region}\`);\n${SERVICE}`,
      },
      lines: [
        "definitions/x.ts:3:28: expected a module that loads, got an error thrown while loading: no region eu",
      ],
    },
    {
      what: "a throw on the first line (where jiti's wrapper shifts columns)",
      files: { "x.ts": `const a = 1; throw new RangeError("first line " + a);\n` },
      lines: [
        "definitions/x.ts:1:20: expected a module that loads, got an error thrown while loading: RangeError: first line 1",
      ],
    },
    {
      what: "a throw in a shared file under lib/, named with the definition it was loading for",
      files: {
        "x.ts": `${IMPORT}import { region } from "./lib/regions.ts";\nexport default defineService({ name: region("us"), team: "t" });\n`,
        "lib/regions.ts": `export function region(name: string): string {\n  if (name !== "eu") throw new TypeError(\`unknown region \${name}\`);\n  return name;\n}\n`,
      },
      lines: [
        "definitions/lib/regions.ts:2:28: expected a module that loads, got an error thrown while loading: TypeError: unknown region us (while loading definitions/x.ts)",
      ],
    },
    {
      what: "a call of a name a shared file does not export",
      files: {
        "x.ts": `${IMPORT}import { nope } from "./lib/regions.ts";\nexport default defineService({ name: "x", team: nope() });\n`,
        "lib/regions.ts": "export const yes = 1;\n",
      },
      lines: [
        "definitions/x.ts:3:49: expected a module that loads, got an error thrown while loading: TypeError: nope is not a function",
      ],
    },
  ])("$what", async ({ files, lines }) => {
    expect(await failedBuild(files)).toEqual(lines);
  });
});

describe("every fault while loading is a one-line error with exit 1", () => {
  test.for([
    {
      what: "a getter that throws",
      source:
        'export default {\n  name: "x",\n  team: "t",\n  labels: { get tier(): string { throw new Error("tier is not known yet"); } },\n};\n',
      lines: [
        "definitions/x.ts:4:40: labels.tier: expected a value that can be read, got an error: tier is not known yet",
      ],
    },
    {
      what: "a Proxy whose keys cannot be listed",
      source:
        'export default {\n  name: "x",\n  team: "t",\n  labels: new Proxy({}, { ownKeys() { throw new Error("no keys"); } }),\n};\n',
      lines: [
        "definitions/x.ts:4:45: labels: expected an object whose keys can be listed, got an error: no keys",
      ],
    },
    {
      what: "a Proxy whose values cannot be read",
      source:
        'export default new Proxy({ name: "x" }, { get() { throw new Error("no values"); } });\n',
      lines: [
        "definitions/x.ts:1:57: name: expected a value that can be read, got an error: no values",
      ],
    },
    {
      what: "an object that contains itself",
      source:
        'const service: Record<string, unknown> = { name: "x", team: "t" };\nservice.labels = { self: service };\nexport default service;\n',
      lines: [
        "definitions/x.ts: labels.self: expected plain data, got an object that contains itself",
      ],
    },
    {
      what: "a call of process.exit",
      source: `${IMPORT}if (process.env.CI !== "never") process.exit(3);\n${SERVICE}`,
      lines: [
        "definitions/x.ts:2:41: called process.exit(3) while loading; a definition module must only export its definition",
      ],
    },
    {
      what: "a call of process.exit whose exception the module catches",
      source: `${IMPORT}try {\n  process.exit();\n} catch {}\n${SERVICE}`,
      lines: [
        "definitions/x.ts:3:11: called process.exit() while loading; a definition module must only export its definition",
      ],
    },
    {
      what: "bigint, Symbol and function values, named as such",
      source: `import { defineService, eventRatioSli, slo } from "obsforge";
export default defineService({
  name: "x",
  team: Symbol("payments"),
  labels: { tier: () => "1" },
  slos: [
    slo({
      name: "availability",
      objective: 999n,
      period: "30d",
      sli: eventRatioSli({ errorQuery: "sum(rate(e[{{.window}}]))", totalQuery: "sum(rate(t[{{.window}}]))" }),
    }),
  ],
});
`,
      lines: [
        'definitions/x.ts:4:3: team: expected string, got a symbol (Symbol("payments"))',
        "definitions/x.ts:5:13: labels.tier: expected string, got a function",
        "definitions/x.ts:9:18: slos[0].objective: expected number, got a bigint (999n)",
      ],
    },
  ])("$what", async ({ source, lines }) => {
    expect(await failedBuild({ "x.ts": source })).toEqual(lines);
  });
});

test("overlapping loads (library use) leave the real process.exit in place", async () => {
  // Gates make the overlap certain: A starts, then B, then A ends before B.
  let started!: () => void;
  let openA!: () => void;
  let openB!: () => void;
  const gate = {
    aStarted: new Promise<void>((r) => {
      started = r;
    }),
    a: new Promise<void>((r) => {
      openA = r;
    }),
    b: new Promise<void>((r) => {
      openB = r;
    }),
    started: () => started(),
    openA: () => openA(),
  };
  (globalThis as Record<string, unknown>).__obsforgeGate = gate;
  const a = await tempDir();
  const b = await tempDir();
  await writeFile(
    join(a, "a.ts"),
    `${IMPORT}const g = (globalThis as any).__obsforgeGate;\ng.started();\nawait g.a;\n${SERVICE}`,
  );
  await writeFile(
    join(b, "b.ts"),
    `${IMPORT}const g = (globalThis as any).__obsforgeGate;\ng.openA();\nawait g.b;\n${SERVICE}`,
  );
  const before = process.exit;
  try {
    const loadA = loadDefinitions(a, { cwd: a, cacheDir: false });
    await gate.aStarted;
    const loadB = loadDefinitions(b, { cwd: b, cacheDir: false });
    expect((await loadA).ok).toBe(true);
    openB();
    expect((await loadB).ok).toBe(true);
    expect(process.exit).toBe(before);
  } finally {
    delete (globalThis as Record<string, unknown>).__obsforgeGate;
  }
});
