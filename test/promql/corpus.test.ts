import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parsePromQL } from "../../src/promql/parse.ts";
import { checkRulesText } from "../helpers/promtool.ts";
import { SHARED } from "../helpers/paths.ts";

interface CorpusExpr {
  expr: string;
  source: string;
  rule: string;
}

const corpus: CorpusExpr[] = readFileSync(
  join(SHARED, "corpora/promql/expressions/from-shared-rule-corpora.jsonl"),
  "utf8",
)
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l));

describe("every rule expression in the shared corpora parses", () => {
  test("the corpus is the one promised (915 expressions)", () => {
    expect(corpus.length).toBe(915);
  });
  test("no expression yields an error node", () => {
    const failures = corpus
      .map((c) => ({ c, errors: parsePromQL(c.expr).errors }))
      .filter((r) => r.errors.length > 0)
      .map((r) => `${r.c.source} ${r.c.rule}: ${r.errors[0]!.message}`);
    expect(failures).toEqual([]);
  });
});

/** Upstream grammar cases marked with ⚠ in lezer-promql's own fixture file. */
function lezerErrorCases(): string[] {
  const text = readFileSync(join(SHARED, "corpora/promql/lezer-promql/expression.txt"), "utf8");
  const cases: string[] = [];
  for (const block of text.split(/^# /m).slice(1)) {
    const [head, tree] = block.split(/^==>$/m);
    if (tree?.includes("⚠")) cases.push(head!.split("\n").slice(1).join("\n").trim());
  }
  return cases;
}

describe("known-invalid queries are rejected with a position", () => {
  // Each was checked against promtool below, so the expectation is the real engine's.
  const invalid = [
    { query: "sum(rate(http_requests_total[5m]) by", offset: 34 },
    { query: "rate(x[5m]", offset: 10 },
    { query: 'up{job="api"', offset: 12 },
    { query: "up ==", offset: 5 },
    { query: "foo bar", offset: 4 },
    { query: 'up{job="unterminated}', offset: 7 },
    { query: "sum by (job) (up) > bool", offset: 24 },
    { query: "", offset: 0 },
  ];

  test.for(invalid)("rejects %o", ({ query, offset }) => {
    const { errors } = parsePromQL(query);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.offset).toBe(offset);
    expect(errors[0]!.column).toBe(offset + 1);
  });

  test("promtool agrees that each of them is invalid", () => {
    const groups = invalid.map((c, i) => ({
      name: `g${i}`,
      rules: [{ record: "x:y:z", expr: c.query }],
    }));
    for (const g of groups) {
      const r = checkRulesText(JSON.stringify({ groups: [g] }));
      expect(r.status, `${g.rules[0]!.expr} should fail promtool`).toBe(1);
      expect(r.stderr, g.rules[0]!.expr).toMatch(
        /parse error|could not parse|unexpected|unclosed|unterminated|must be set/i,
      );
    }
  });

  test("the upstream grammar's own error cases are rejected", () => {
    const cases = lezerErrorCases();
    expect(cases.length).toBeGreaterThanOrEqual(3);
    for (const q of cases) expect(parsePromQL(q).errors, q).not.toEqual([]);
  });

  test("positions are line and column inside multi-line queries", () => {
    const [first] = parsePromQL("sum(rate(x[5m]))\n/\nsum(rate(y[5m])) by").errors;
    expect(first).toMatchObject({ line: 3, column: 20 });
  });
});
