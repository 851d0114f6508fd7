import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findNodes, parsePromQL } from "../../src/promql/parse.ts";
import { hasQuotedNames, mayHaveQuotedNames } from "../../src/promql/quoted-names.ts";
import { SHARED } from "../helpers/paths.ts";

/** What the grammar says: the parser's tree, no shortcut. */
function parserSays(query: string): boolean {
  return findNodes(parsePromQL(query).tree, "QuotedLabelName").length > 0;
}

function jsonl(name: string): string[] {
  return readFileSync(join(SHARED, "corpora/promql/expressions", name), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => (JSON.parse(l) as { expr: string }).expr);
}

/** The upstream grammar's fixture queries (quoted names among them). */
function lezerCases(): string[] {
  const text = readFileSync(join(SHARED, "corpora/promql/lezer-promql/expression.txt"), "utf8");
  return text
    .split(/^# /m)
    .slice(1)
    .map((block) => block.split(/^==>$/m)[0]!.split("\n").slice(1).join("\n").trim());
}

describe("quoted names are found without a parse only where none can be", () => {
  test.for([
    ['{"http.server.duration"}', true],
    ['sum by ("k8s.pod") (up)', true],
    ['up{job="api", "service.name"="checkout"}', true],
    ['x / on(\n  "k8s.pod"\n) y', true],
    ["sum by ('k8s.pod') (up)", true],
    ['{`raw.name`="v"}', true],
    ['rate(http_requests_total{job="api",code=~"5.."}[5m])', false],
    ['up{job="a\\"b", instance!~"x"}', false],
    ['label_replace(up, "dst", "$1", "src", "(.*)")', false],
    ['up # not a "quoted" name\n', false],
  ] as const)("%s: %s", ([query, expected]) => {
    expect(parserSays(query)).toBe(expected);
    expect(hasQuotedNames(query)).toBe(expected);
  });

  test("label values after a matcher are judged by the text alone (no parse)", () => {
    for (const query of [
      'sum(rate(http_requests_total{job="api", route="/a"}[5m]))',
      "histogram_quantile(0.99, sum by (le) (rate(d_bucket{job='x'}[5m]))) > 1",
      "up{job=`a`} != 0",
      'up{job="a\nb"}',
    ])
      expect(mayHaveQuotedNames(query), query).toBe(false);
  });

  test("every query of the shared corpora and the grammar's fixtures agrees with the parser", () => {
    const queries = [
      ...jsonl("from-shared-rule-corpora.jsonl"),
      ...jsonl("from-promqltest.jsonl"),
      ...lezerCases(),
    ];
    expect(queries.length).toBeGreaterThan(1000);
    const skipped = queries.filter((q) => !mayHaveQuotedNames(q));
    // The shortcut is taken for most of them, and is never wrong.
    expect(skipped.length).toBeGreaterThan(queries.length / 2);
    expect(skipped.filter(parserSays)).toEqual([]);
    expect(queries.filter((q) => hasQuotedNames(q) !== parserSays(q))).toEqual([]);
  });

  test("generated queries with names and values in every quoting agree with the parser", () => {
    const space = fc.constantFrom("", " ", "\n", "\t ", "\u00a0");
    const quoted = fc.constantFrom('"a.b"', "'c'", "`d`", '"e\\"f"', "'g\\'h'");
    const name = fc.oneof(fc.constantFrom("job", "le", "instance"), quoted);
    const op = fc.constantFrom("=", "!=", "=~", "!~");
    const value = fc.constantFrom('"api"', "'x'", "`5..`", '"a\\"b"', '"{,("');
    const matcher = fc.tuple(name, space, op, space, value).map((parts) => parts.join(""));
    const matchers = fc
      .tuple(
        fc.constantFrom("", "up", "http_requests_total"),
        fc.array(matcher, { maxLength: 3 }),
        space,
      )
      .map(([metric, list, s]) => `${metric}{${s}${list.join(`,${s}`)}${s}}`)
      .filter((q) => q !== "{}");
    const grouping = fc
      .tuple(fc.constantFrom("by", "without"), space, fc.array(name, { maxLength: 3 }), matchers)
      .map(([by, s, labels, inner]) => `sum ${by}${s}(${s}${labels.join(`,${s}`)}) (${inner})`);
    const call = fc
      .tuple(matchers, value, value)
      .map(([inner, a, b]) => `label_replace(${inner}, "dst", ${a}, "src", ${b})`);
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(matchers, grouping, call), (query) => {
        // The contract: queries that parse (the estate's are validated before they are asked).
        if (parsePromQL(query).errors.length > 0) return;
        valid++;
        expect(hasQuotedNames(query), JSON.stringify(query)).toBe(parserSays(query));
      }),
      { numRuns: 5_000 },
    );
    expect(valid).toBeGreaterThan(2_000);
  });
});
