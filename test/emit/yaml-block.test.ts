import fc from "fast-check";
import { dump } from "js-yaml";
import { describe, expect, test } from "vitest";
import { toYaml } from "../../src/emit/serialize.ts";
import { blockYaml, DUMP_OPTIONS } from "../../src/emit/yaml-block.ts";

/**
 * blockYaml must write exactly the bytes of js-yaml's `dump` with the same
 * options, or refuse (undefined). `dump` is the oracle: every case here
 * compares the two.
 */

const SEED = Number(process.env.OBSFORGE_SEED ?? 20261202);
const RUNS = Number(process.env.OBSFORGE_RUNS ?? 400);

// Text YAML gives meaning to, at the start, the end or inside a scalar: indicators,
// YAML 1.1 booleans and numbers, document markers, line breaks and the characters
// js-yaml escapes or refuses to write plain.
const TOKENS = [
  "No",
  "on",
  "yes",
  "Off",
  "y",
  "~",
  "null",
  "NULL",
  "true",
  "1e3",
  "0x1F",
  "012",
  "0b1",
  ".inf",
  "-.5",
  "1_000",
  "1:20",
  "2001-12-14",
  "=",
  "<<",
  ": ",
  ":",
  " #",
  "#",
  "*a",
  "&a",
  "!tag",
  "%",
  "@",
  "`",
  "'",
  '"',
  "- ",
  "-",
  "? ",
  "?",
  "|",
  ">",
  "---",
  "...",
  "{",
  "}",
  "[",
  "]",
  ",",
  "\\",
  " ",
  "  ",
  "\t",
  "\n",
  "\n\n",
  " \n",
  "\r\n",
  "\r",
  "\u0085",
  "\u2028",
  "\u00a0",
  "\ufeff",
  "\0",
  "\x7f",
  "é",
  "😀",
  "a",
  "x",
  "1",
  "0",
  "{{ $labels.job }}",
  "sum by (job) (rate(x[5m]))",
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 3 }) },
);
const text = fc.array(piece, { minLength: 0, maxLength: 5 }).map((p) => p.join(""));
const scalar = fc.oneof(
  { weight: 8, arbitrary: text },
  { weight: 1, arbitrary: fc.integer({ min: -1e6, max: 1e6 }) },
  { weight: 1, arbitrary: fc.double({ noDefaultInfinity: false }) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, undefined, Number.NaN) },
);
const key = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z_]{1,6}$/) },
  { weight: 1, arbitrary: text },
);

const { doc } = fc.letrec((tie) => ({
  doc: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 3, arbitrary: scalar },
    { weight: 2, arbitrary: fc.array(tie("doc"), { maxLength: 4 }) },
    { weight: 2, arbitrary: fc.dictionary(key, tie("doc"), { maxKeys: 4 }) },
  ),
}));
const root = fc.oneof(fc.array(doc, { maxLength: 4 }), fc.dictionary(key, doc, { maxKeys: 5 }));

describe("blockYaml writes dump's bytes", () => {
  test("on generated documents of any shape (or refuses them)", () => {
    let written = 0;
    fc.assert(
      fc.property(root, (value) => {
        const ours = blockYaml(value);
        if (ours === undefined) return;
        written++;
        expect(ours).toBe(dump(value, DUMP_OPTIONS));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The fast path, not the refusal, is what is under test.
    expect(written).toBeGreaterThan(RUNS * 0.8);
  });

  test.for([
    ["a kept-newline block last (dump ends the document with ...)", { a: "x", b: "y\n\n" }],
    ["a kept-newline block inside", { a: ["\n", "z"], b: { c: "p\n\n\n" }, d: 1 }],
    ["a lone line break last", ["a", "\n"]],
    [
      "literal blocks whose lines look like entries",
      { a: [{ b: "- x\n- y\n  - z" }], c: "a\n- b" },
    ],
    ["literal blocks at depth", { a: { b: { c: { d: ["x\n y\n\n z\n"] } } } }],
    ["keys that need quotes", { "": 1, "- a": 2, "a: b": 3, "#": 4, "'": 5, yes: 6, "1": 7 }],
    ["a __proto__ key", JSON.parse('{"__proto__": {"x": 1}, "y": [1]}')],
    [
      "empty collections and undefined",
      { a: [], b: {}, c: undefined, d: [undefined, {}], e: [[]], f: { g: undefined } },
    ],
    ["sequences of sequences", [[["a", "b"], []], [{ a: [1, [2]] }]]],
    [
      "numbers and booleans as text and as values",
      { a: "1", b: 1, c: "true", d: true, e: 1.5e300, f: Number.NaN },
    ],
    [
      "a rule file",
      { groups: [{ name: "g", rules: [{ alert: "A", expr: "up == 0\n", for: "5m" }] }] },
    ],
  ] as const)("%s", ([, value]) => {
    const ours = blockYaml(value);
    expect(ours).toBeDefined();
    expect(ours).toBe(dump(value, DUMP_OPTIONS));
  });

  test.for([
    ["-0", { a: -0 }],
    ["-0 after 0 at the same depth", { a: [0, -0] }],
    ["a key with a line break", { "a\nb": 1 }],
    ["a very long key", { ["k".repeat(1500)]: 1 }],
    ["a Date", { a: new Date(0) }],
    ["a Set", { a: new Set(["x"]) }],
    ["a scalar root", "text"],
  ] as const)("refuses %s (dump writes it)", ([, value]) => {
    expect(blockYaml(value)).toBeUndefined();
    expect(toYaml(value)).toBe(dump(value, DUMP_OPTIONS));
  });

  test("each document is styled on its own: nothing carries over from an earlier one", () => {
    // The same strings at other depths and as keys in between must not change a document's bytes.
    const first = { a: "x\ny", "x: y": 1, b: [{ c: "x\ny" }] };
    const alone = blockYaml(first);
    blockYaml({ q: { r: { s: "x\ny" } }, "x: y": ["x\ny\n\n"] });
    expect(blockYaml(first)).toBe(alone);
    expect(alone).toBe(dump(first, DUMP_OPTIONS));
  });

  test("a lone surrogate still reaches the serialiser's guard", () => {
    expect(blockYaml({ a: ["x\udfff"] })).toBeUndefined();
    expect(() => toYaml({ a: ["x\udfff"] })).toThrow(/^Bug: .* at a\.0;/);
  });
});
