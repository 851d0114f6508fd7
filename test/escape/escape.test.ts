import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { escapeRegex, quoteString, unquoteString } from "../../src/core/string-literal.ts";
import { findNodes, parsePromQL } from "../../src/promql/parse.ts";
import { selector } from "../../src/promql/query.ts";
import { eq, matchers, oneOf } from "../../src/core/label-matchers.ts";

/** Parse `metric{label=<literal>}` with the real grammar and return the one StringLiteral's text. */
function literalFromGrammar(query: string): string {
  const parsed = parsePromQL(query);
  expect(parsed.errors, query).toEqual([]);
  const literals = findNodes(parsed.tree, "StringLiteral");
  expect(literals).toHaveLength(1);
  return query.slice(literals[0]!.from, literals[0]!.to);
}

describe("quoteString: the one escaping function", () => {
  test("any string used as a label value survives and parses back to itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        const query = selector("http_requests_total", { path: eq(value) });
        const literal = literalFromGrammar(query);
        expect(unquoteString(literal)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  test("strings made of the characters that matter most survive too", () => {
    const nasty = fc.constantFrom(
      '"',
      "\\",
      "\n",
      "\r",
      "\t",
      "}",
      "{",
      "`",
      "'",
      "\x00",
      "\x7f",
      "é",
      "😀",
      " ",
    );
    fc.assert(
      fc.property(fc.array(nasty, { maxLength: 20 }), (chars) => {
        const value = chars.join("");
        expect(unquoteString(literalFromGrammar(selector("up", { v: value })))).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });

  test.for([
    ["plain", '"plain"'],
    ['a"b', '"a\\"b"'],
    ["back\\slash", '"back\\\\slash"'],
    ["line\nbreak", '"line\\nbreak"'],
    ["bell\x07", '"bell\\x07"'],
    ["naïve 😀", '"naïve 😀"'],
  ])("quotes %j as %s", ([value, expected]) => {
    expect(quoteString(value!)).toBe(expected);
  });

  test("a leading U+FEFF is part of the value (found by the LogQL property test)", () => {
    for (const value of ["\ufeff", "\ufeffbom", "a\ufeff"]) {
      expect(unquoteString(literalFromGrammar(selector("up", { v: value })))).toBe(value);
    }
  });

  test("lone surrogates cannot be UTF-8 and become U+FFFD", () => {
    expect(unquoteString(quoteString("a\ud800b"))).toBe("a\ufffdb");
  });
});

describe("unquoteString reads Go string literals as Prometheus does", () => {
  test.for([
    ['"a\\tb"', "a\tb"],
    ["'single \\' quote'", "single ' quote"],
    ["`raw \\n`", "raw \\n"],
    ['"\\u00e9\\U0001F600"', "é😀"],
    ['"\\303\\251"', "é"],
    ['"\\xc3\\xa9"', "é"],
  ])("%s", ([literal, value]) => {
    expect(unquoteString(literal!)).toBe(value);
  });

  test.for(['"unterminated', '"bad \\q escape"', '"\\x4"', "'mixed\"", '"a\nb"'])(
    "rejects %s",
    (literal) => {
      expect(unquoteString(literal)).toBeUndefined();
    },
  );
});

describe("query helpers", () => {
  test("equality, negation and regex matchers keep their order", () => {
    expect(matchers({ job: "api", code: { op: "!~", value: "2.." } })).toBe(
      '{job="api", code!~"2.."}',
    );
  });

  test("oneOf matches the literal values only", () => {
    expect(oneOf(["a.b", "c|d"])).toEqual({ op: "=~", value: "a\\.b|c\\|d" });
    const value = fc.sample(fc.string(), 200);
    for (const v of value) expect(new RegExp(`^(?:${escapeRegex(v)})$`, "u").test(v)).toBe(true);
  });

  test("label and metric names that cannot be written unquoted are refused", () => {
    expect(() => selector("up", { "bad-name": "x" })).toThrow(/Invalid label name "bad-name"/);
    expect(() => selector("http.requests")).toThrow(/Invalid metric name "http.requests"/);
  });
});
