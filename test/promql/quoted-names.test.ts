import { describe, expect, test } from "vitest";
import { findNodes, parsePromQL } from "../../src/promql/parse.ts";
import { hasQuotedNames } from "../../src/promql/quoted-names.ts";

function parserSays(query: string): boolean {
  return findNodes(parsePromQL(query).tree, "QuotedLabelName").length > 0;
}

describe("hasQuotedNames", () => {
  test.each([
    ['sum by (job) ({"http.server.up"})', true],
    ['{"http.server.duration", job="api"}', true],
    ["sum without ( 'k8s.pod' ) (up)", true],
    ['{\n\t"a.b"="c"}', true],
    ['up{job="a"}', false],
    ['label_replace(up, "dst", "$1", "src", "(.*)")', false],
    ['rate(http_requests_total{code=~"5..", path="/a{b"}[5m])', false],
  ])("%j: %s (as the parser says)", (query, expected) => {
    expect(parserSays(query)).toBe(expected);
    expect(hasQuotedNames(query)).toBe(expected);
  });

  test("agrees with the parser on generated queries of every shape", () => {
    const blanks = ["", " ", "\t", "\n", "\r\n", "\u00a0", "\u0085", "\u2028", " # note\n"];
    const quotes = ['"', "'", "`"];
    const names = ["a.b", "job", "k8s,pod", "{x}", "(y)"];
    const shapes = [
      (b: string, n: string) => `{${b}${n}}`,
      (b: string, n: string) => `{${b}${n}${b}="v"}`,
      (b: string, n: string) => `up{job="x",${b}${n}="v"}`,
      (b: string, n: string) => `sum by (${b}${n}${b}) (up)`,
      (b: string, n: string) => `sum by (job,${b}${n}) (up)`,
      (b: string, n: string) => `a / on(${b}${n}) group_left(${b}${n}) b`,
      (b: string, n: string) => `up{job=${b}${n}}`,
      (b: string, n: string) => `count_values(${b}${n}, up)`,
      (b: string, n: string) => `label_join(up,${b}${n}, ",", "a")`,
      (b: string, n: string) => `up{job!~${b}${n}, a="{" }`,
    ];
    let quoted = 0;
    let plain = 0;
    for (const shape of shapes)
      for (const b of blanks)
        for (const q of quotes)
          for (const name of names) {
            const query = shape(b, `${q}${name}${q}`);
            const expected = parserSays(query);
            expect(hasQuotedNames(query), query).toBe(expected);
            if (expected) quoted++;
            else plain++;
          }
    // Both answers occur, so the comparison covers each.
    expect(quoted).toBeGreaterThan(100);
    expect(plain).toBeGreaterThan(100);
  });
});
