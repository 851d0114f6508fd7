import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { unquoteString } from "../../src/core/string-literal.ts";
import { logPipelines } from "../../src/logql/analyse.ts";
import { parseLogQL } from "../../src/logql/parse.ts";
import {
  countOverTime,
  json,
  labelFilter,
  lineContains,
  lineMatches,
  lineNotContains,
  lineNotMatches,
  logQuery,
  stream,
} from "../../src/logql/query.ts";

/** Parse with the real LogQL grammar and return the text of every String literal, in order. */
function literals(query: string): string[] {
  const parsed = parseLogQL(query);
  expect(parsed.errors, query).toEqual([]);
  const out: string[] = [];
  parsed.tree.iterate({
    enter(node) {
      if (node.name === "String") out.push(query.slice(node.from, node.to));
    },
  });
  return out;
}

const anyString = fc.string({ unit: "binary" });
const nasty = fc
  .array(
    fc.constantFrom('"', "\\", "\n", "\r", "\t", "`", "|", "=", "~", "{", "}", "\x00", "é", "😀"),
    { maxLength: 20 },
  )
  .map((c) => c.join(""));

describe("LogQL strings go through quoteString and come back unchanged", () => {
  test("any string survives a line filter and a label matcher", () => {
    fc.assert(
      fc.property(anyString, anyString, (filterText, labelValue) => {
        // `app` keeps the selector valid whatever `value` is (it may be empty).
        const query = logQuery(stream({ app: "shop", value: labelValue }), [
          lineContains(filterText),
        ]);
        const [app, value, filter] = literals(query).map(unquoteString);
        expect(app).toBe("shop");
        expect(value).toBe(labelValue.toWellFormed());
        expect(filter).toBe(filterText.toWellFormed());
      }),
      { numRuns: 1500 },
    );
  });

  test("every line-filter operator and a label filter after a parser keep the text", () => {
    fc.assert(
      fc.property(nasty, nasty, (text, value) => {
        const query = countOverTime(
          logQuery(stream({ app: "shop" }), [
            lineContains(text),
            lineNotContains(text),
            lineMatches(text),
            lineNotMatches(text),
            json([{ field: text }]),
            labelFilter({ field: value }),
          ]),
          "5m",
        );
        const decoded = literals(query).map(unquoteString);
        expect(decoded).toEqual(["shop", text, text, text, text, text, value]);
      }),
      { numRuns: 1000 },
    );
  });

  test("the analysis reads back the matcher values the helpers wrote", () => {
    fc.assert(
      fc.property(anyString, (v) => {
        const query = stream({ app: "shop", env: v });
        const [pipeline] = logPipelines(query, parseLogQL(query).tree);
        expect(pipeline?.selector.matchers).toEqual([
          { name: "app", op: "=", value: "shop" },
          { name: "env", op: "=", value: v.toWellFormed() },
        ]);
      }),
      { numRuns: 500 },
    );
  });

  test("names that cannot be written unquoted, and bad ranges, are refused", () => {
    expect(() => stream({})).toThrow(/at least one label matcher/);
    expect(() => stream({ "service.name": "x" })).toThrow(/Invalid label name "service.name"/);
    expect(() => json(["trace-id"])).toThrow(/Invalid label name "trace-id"/);
    expect(() => countOverTime('{app="x"}', "5 minutes" as "5m")).toThrow(/Invalid range/);
  });
});
