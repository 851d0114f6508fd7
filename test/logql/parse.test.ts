import { formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import { logAlert, logRatioSli } from "../../src/authoring.ts";
import { parseLogQL } from "../../src/logql/parse.ts";
import { buildEstate } from "../../src/estate/build.ts";

describe("parseLogQL", () => {
  test.for([
    ['{app="shop"}', "log"],
    ['{app="shop"} |= "error" | json | level="error"', "log"],
    ['sum by (job) (count_over_time({app="shop"} |~ `err|fail` [5m])) > 3', "metric"],
    ['(sum(rate({app="shop"}[1m])) or vector(0)) / 2', "metric"],
  ] as const)("%s is a valid %s query", ([query, kind]) => {
    const parsed = parseLogQL(query);
    expect(parsed.errors).toEqual([]);
    expect(parsed.kind).toBe(kind);
  });

  // Offsets were read off the grammar's own error nodes, and each query was
  // picked because Loki's parser rejects it too.
  test.for([
    { query: 'sum(rate({app="shop"}[5m])) by', offset: 30, message: "unexpected end of query" },
    { query: 'rate({app="shop"} |= "x" [5m]', offset: 29, message: "unexpected end of query" },
    { query: '{app="shop"} |= "unterminated', offset: 16, message: 'unexpected "\\""' },
    { query: '{app="shop"} | json | ', offset: 22, message: "unexpected end of query" },
    { query: "{app='shop'}", offset: 5, message: `unexpected "'"` },
    { query: '{app="shop"}[5m]', offset: 12, message: 'unexpected "["' },
    { query: "", offset: 0, message: "empty query" },
  ])("rejects $query at offset $offset", ({ query, offset, message }) => {
    const [first] = parseLogQL(query).errors;
    expect(first).toMatchObject({ offset, column: offset + 1, message });
  });

  describe("closes the grammar's gaps the way Loki's parser does", () => {
    test("an unknown escape in a string literal", () => {
      expect(parseLogQL('{app="shop"} |= "a\\qb"').errors[0]).toMatchObject({
        offset: 16,
        message: "invalid string literal (bad escape or no closing quote)",
      });
    });

    test.for(['{app=""}', '{app=~".*"}', '{app!="x"}', '{app=~".*", env!~"dev", x=""}'])(
      "a selector that matches every stream: %s",
      (query) => {
        expect(parseLogQL(query).errors[0]?.message).toMatch(/^stream selector without a matcher/);
      },
    );

    test.for(['{app=~".+"}', '{app="", env="prod"}', '{env="prod", app=""}', '{app=~"a|b"}'])(
      "a selector that narrows the streams is fine: %s",
      (query) => {
        expect(parseLogQL(query).errors).toEqual([]);
      },
    );
  });

  test("positions are line and column in multi-line queries", () => {
    const second = '  count_over_time({app="shop"} |= [5m])';
    const [first] = parseLogQL(`sum(\n${second}\n)`).errors;
    expect(first).toMatchObject({ line: 2, column: second.indexOf("[") + 1 });
  });
});

describe("bad LogQL in definitions is one line with file, field path and column", () => {
  const withRule = (rule: unknown) => ({
    kind: "service",
    name: "shop",
    team: "web",
    logGroups: [{ name: "g", rules: [rule] }],
  });
  const errorsFor = (exported: unknown) => {
    const r = buildEstate([{ file: "definitions/shop.ts", source: "shop.ts", exported }]);
    return r.ok ? [] : r.diagnostics.map(formatProblem);
  };

  test.for([
    {
      name: "a syntax error",
      rule: logAlert({
        name: "A",
        expr: 'sum(count_over_time({app="shop"} [5m]) by',
        severity: "page",
      }),
      error:
        "definitions/shop.ts: logGroups[0].rules[0].expr: expected valid LogQL, got unexpected end of query at column 42",
    },
    {
      name: "a log query where a rule needs a number",
      rule: logAlert({ name: "A", expr: '{app="shop"} |= "panic"', severity: "page" }),
      error:
        'definitions/shop.ts: logGroups[0].rules[0].expr: expected a LogQL metric query for a rule (wrap the log query, e.g. count_over_time({…} |= "x" [5m])), got a log query',
    },
    {
      name: "a PromQL rule kind in a Loki group",
      rule: { kind: "alert", name: "A", expr: "up == 0", severity: "page" },
      error:
        'definitions/shop.ts: logGroups[0].rules[0].kind: expected a known kind (use the logAlert()/logRecord() helpers), got "alert"',
    },
  ])("$name", ({ rule, error }) => {
    expect(errorsFor(withRule(rule))).toEqual([error]);
  });

  test("an SLI query's column points into the text with {{.window}}, not the rendered one", () => {
    const sli = logRatioSli({
      errorQuery: 'sum(count_over_time({app="shop"} |= "x" [{{.window}}])) by',
      totalQuery: 'sum(count_over_time({app="shop"} [{{.window}}]))',
    });
    const service = {
      kind: "service",
      name: "shop",
      team: "web",
      slos: [{ name: "s", objective: 99, sli }],
    };
    expect(errorsFor(service)).toEqual([
      "definitions/shop.ts: slos[0].sli.errorQuery: expected valid LogQL, got unexpected end of query at column 59",
    ]);
  });

  test("a service's selector must be a bare stream selector", () => {
    const service = {
      kind: "service",
      name: "shop",
      team: "web",
      logs: { selector: '{app="shop"} |= "x"', format: "json" },
    };
    expect(errorsFor(service)).toEqual([
      'definitions/shop.ts: logs.selector: expected a stream selector alone, such as {service_name="checkout"} (filters and parsers belong in the queries), got "{app=\\"shop\\"} |= \\"x\\""',
    ]);
  });
});
