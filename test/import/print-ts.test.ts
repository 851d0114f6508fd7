import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import { printServiceModule, stringLiteral } from "../../src/import/print-ts.ts";
import { loadDefinitions } from "../../src/load/definitions.ts";
import type { ServiceInput } from "../../src/model/service.ts";
import { WINDOW } from "../../src/core/window.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * The printer's promise: whatever the data, the printed module evaluates
 * (loaded exactly as obsforge loads definitions) to that same data, and runs
 * nothing. The canary is a file the payloads try to create and a global they
 * try to set.
 */
const CANARY = "__obsforgePrintCanary";
const SENTINEL = join(
  process.env.TMPDIR ?? "/tmp",
  `obsforge-print-sentinel-${process.pid}-${Date.now()}`,
);
const g = globalThis as Record<string, unknown>;

/** Strings that would run code if they were ever printed as code, in any position. */
const PAYLOADS = [
  `globalThis.${CANARY} = 1`,
  `require("node:fs").writeFileSync(${JSON.stringify(SENTINEL)}, "pwned")`,
  `"); globalThis.${CANARY} = 1; ("`,
  `'); globalThis.${CANARY} = 1; ('`,
  `\`; globalThis.${CANARY} = 1; \``,
  `\${globalThis.${CANARY} = 1}`,
  `\\\${globalThis.${CANARY} = 1}`,
  `\\`,
  `\\\``,
  `$`,
  `$\${WINDOW}`,
  `*/ globalThis.${CANARY} = 1; /*`,
  `\u2028globalThis.${CANARY} = 1 //`,
  `\u2029globalThis.${CANARY} = 1 //`,
  `\nglobalThis.${CANARY} = 1 //`,
  "\r\n",
  "\r",
  "\u202Eevil\u202C",
  "\uFEFF",
  "\u0085",
  "\uD800",
  "\uDFFF",
  "😀",
  "</script>",
  WINDOW,
  `${WINDOW}${WINDOW}`,
  `\`${WINDOW}\``,
  `\${${WINDOW}}`,
];

const NASTY_KEYS = [
  "raw",
  "call",
  "arg",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "then",
  "default",
  "",
  " ",
  "0",
  "-1",
  "1e3",
  "a-b",
  "$",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test
  "${x}",
  "`",
  "\u2028",
  '"',
  "\\",
  "class",
  "await",
];

const text = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.constantFrom(...PAYLOADS),
  fc
    .array(fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ unit: "binary", maxLength: 4 })), {
      maxLength: 5,
    })
    .map((parts) => parts.join("")),
);
const key = fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string({ unit: "binary", maxLength: 6 }));

/** An object with own entries, `__proto__` included as an ordinary key. */
function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const { value: jsonLike } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    text,
    fc.array(tie("value"), { maxLength: 4 }),
    tie("object"),
  ),
  object: fc
    .uniqueArray(fc.tuple(key, tie("value")), { maxLength: 5, selector: ([k]) => k })
    .map(objectOf),
}));

const entriesWithout = (reserved: readonly string[]) =>
  fc
    .uniqueArray(fc.tuple(key, jsonLike), { maxLength: 4, selector: ([k]) => k })
    .map((entries) => entries.filter(([k]) => !reserved.includes(k)));

const sli = fc
  .tuple(
    fc.constantFrom("events", "latency", "raw", "availability"),
    entriesWithout(["kind"]),
    fc.array(fc.tuple(key, text), { maxLength: 3 }),
  )
  .map(([kind, entries, queries]) =>
    objectOf([
      ["kind", kind],
      // Queries with the window placeholder become template literals.
      ...queries
        .filter(([k]) => k !== "kind")
        .map(([k, q]) => [`${k}Query`, `${q}${WINDOW}${q}`] as const),
      ...entries,
    ]),
  );

const sloArb = fc
  .tuple(text, text, fc.double(), text, sli, entriesWithout(["sli"]))
  .map(([name, description, objective, period, s, entries]) =>
    objectOf([
      ["name", name],
      ["description", description],
      ["objective", objective],
      ["period", period],
      ["sli", s],
      ...entries.filter(([k]) => !["name", "description", "objective", "period"].includes(k)),
    ]),
  );

const serviceArb = fc
  .tuple(text, text, entriesWithout(["kind", "slos"]), fc.array(sloArb, { maxLength: 3 }))
  .map(([name, team, entries, slos]) =>
    objectOf([
      ["kind", "service"],
      ["name", name],
      ["team", team],
      ...entries.filter(([k]) => k !== "name" && k !== "team"),
      ...(slos.length > 0 ? [["slos", slos] as const] : []),
    ]),
  );

let work: string;
let count = 0;

/** Print `service`, then load the module as `obsforge build` would; returns what it exported. */
async function roundTrip(service: unknown, source = "spec.yml"): Promise<unknown> {
  const dir = join(work, `case-${count++}`);
  await mkdir(dir);
  const printed = printServiceModule(service as ServiceInput, { source });
  await writeFile(join(dir, "imported.ts"), printed);
  const loaded = await loadDefinitions(dir, { cwd: work, cacheDir: false });
  if (!loaded.ok) throw new Error(`${JSON.stringify(loaded.diagnostics)}\n${printed}`);
  return loaded.value[0]!.exported;
}

function noSideEffect(): void {
  expect(existsSync(SENTINEL)).toBe(false);
  expect(g[CANARY]).toBeUndefined();
}

beforeEach(() => {
  delete g[CANARY];
});
afterAll(() => {
  delete g[CANARY];
});

describe("printServiceModule", () => {
  test("arbitrary data (nasty keys and strings) evaluates back to itself with no side effect", async () => {
    work = await tempDir();
    const evil = objectOf([
      ["raw", `globalThis.${CANARY} = 1`],
      ["call", `require("node:fs").writeFileSync`],
      ["arg", objectOf([["raw", JSON.stringify(SENTINEL)]])],
    ]);
    const example = objectOf([
      ["kind", "service"],
      ["name", "x"],
      ["team", "t"],
      ["labels", evil],
      [
        "nested",
        [
          objectOf([
            ["call", "globalThis.eval"],
            ["arg", `${CANARY}=1`],
          ]),
        ],
      ],
      ["__proto__", objectOf([["polluted", true]])],
    ]);
    await fc.assert(
      fc.asyncProperty(serviceArb, async (service) => {
        delete g[CANARY];
        const back = await roundTrip(service);
        noSideEffect();
        expect(back).toEqual(service);
        expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
      }),
      { numRuns: 150, examples: [[example]] },
    );
  });

  test("a source file name cannot end the header comment", async () => {
    work = await tempDir();
    const service = { kind: "service", name: "x", team: "t" } as const;
    const source = `a\u2028globalThis.${CANARY} = 1;\nrequire("node:fs").writeFileSync(${JSON.stringify(SENTINEL)}, "")\r.yml`;
    expect(await roundTrip(service, source)).toEqual(service);
    noSideEffect();
    expect(printServiceModule(service, { source }).split("\n")[0]).toBe(
      `// Imported by obsforge from ${stringLiteral(source)}.`,
    );
  });

  test.for([
    ["a quote and a backslash", 'a"b\\c', '"a\\"b\\\\c"'],
    ["line and paragraph separators", "a\u2028b\u2029c", '"a\\u2028b\\u2029c"'],
    ["bidi overrides (Trojan Source)", "a\u202Eb\u2066c", '"a\\u202eb\\u2066c"'],
    ["a lone surrogate", "a\uD800b", '"a\\ud800b"'],
    ["C1 controls and no-break spaces", "a\u0085b\u00A0c", '"a\\u0085b\\u00a0c"'],
    ["an emoji, kept as it is", "a😀b", '"a😀b"'],
  ])("string literals escape %s", ([, value, expected]) => {
    expect(stringLiteral(value!)).toBe(expected);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test
  test("an SLI query becomes a template literal with `${WINDOW}` and its backticks, `${` and backslashes escaped", () => {
    const printed = printServiceModule(
      {
        kind: "service",
        name: "x",
        team: "t",
        slos: [
          {
            name: "s",
            objective: 99,
            period: "30d",
            sli: { kind: "raw", errorRatioQuery: `x{a="\`\${b}\\\\"}[${WINDOW}]` },
          },
        ],
      },
      { source: "s.yml" },
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test
    expect(printed).toContain('errorRatioQuery: `x{a="\\`\\${b}\\\\\\\\"}[${WINDOW}]`');
  });
});
