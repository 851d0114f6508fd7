import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkPromQL } from "../../src/promql/typecheck.ts";
import { BIN, DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { checkRulesText } from "../helpers/promtool.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * Type errors, with the column obsforge reports. Each row was run through
 * promtool 2.42 (the last test checks it again): promtool rejects every
 * query, at the same column unless `promtoolColumn` says otherwise.
 */
const TYPE_ERRORS: readonly {
  query: string;
  column: number;
  message: string;
  promtoolColumn?: number;
}[] = [
  {
    query: "rate(x)",
    column: 6,
    message: 'expected type matrix in call to function "rate", got vector',
  },
  {
    query: "histogram_quantile(0.9)",
    column: 1,
    message: 'expected 2 argument(s) in call to "histogram_quantile", got 1',
  },
  {
    query: "{}",
    column: 1,
    message: "vector selector must contain at least one non-empty matcher",
  },
  {
    query: "sum(rate(x[5m])[1h])",
    column: 16,
    message: "ranges only allowed for vector selectors",
  },
  { query: "rate(x[5m])[1h]", column: 12, message: "ranges only allowed for vector selectors" },
  { query: "x offset 1m [5m]", column: 13, message: "no offset modifiers allowed before range" },
  { query: "x @ 1 [5m]", column: 7, message: "no @ modifiers allowed before range" },
  {
    query: '{job=~".*"}',
    column: 1,
    message: "vector selector must contain at least one non-empty matcher",
  },
  {
    query: '{job!~"api"}',
    column: 1,
    message: "vector selector must contain at least one non-empty matcher",
  },
  {
    query: 'label_replace(x, "a", "b", "c")',
    column: 1,
    message: 'expected 5 argument(s) in call to "label_replace", got 4',
  },
  {
    query: 'topk("a", x)',
    column: 6,
    message: "expected type scalar in aggregation parameter, got string",
  },
  {
    query: "absent_over_time(x)",
    column: 18,
    message: 'expected type matrix in call to function "absent_over_time", got vector',
  },
  {
    query: "vector(x)",
    column: 8,
    message: 'expected type scalar in call to function "vector", got vector',
  },
  {
    query: "scalar(x[5m])",
    column: 8,
    message: 'expected type vector in call to function "scalar", got matrix',
  },
  { query: 'a{__name__="b"}', column: 1, message: "metric name must not be set twice: a or b" },
  {
    query: '"a" + 1',
    column: 1,
    message: "binary expression must contain only scalar and instant vector types",
  },
  {
    query: "x unless ignoring(a) group_left y",
    column: 1,
    message: "no grouping allowed for set operations",
  },
  {
    query: "1 > 2",
    column: 1,
    message: "comparisons between scalars must use BOOL modifier",
    promtoolColumn: 3,
  },
  {
    query: "quantile(x, 0.9)",
    column: 10,
    message: "expected type scalar in aggregation parameter, got vector",
    promtoolColumn: 13,
  },
  {
    // Found by npm run fuzz: the grammar takes any digits, Go's ParseFloat does not.
    query: "vector(1e999)",
    column: 8,
    message: "number 1e999 is out of range for a float64",
  },
];

/** Valid queries a careless checker would flag; promtool accepts each (checked in the last test). */
const VALID = [
  "sum by (job) (rate(http_requests_total[5m]))",
  '{__name__=~"pg_settings_.*", __name__!="pg_settings_transaction_read_only"}',
  '{job=~".+"}',
  '{job="api", route=~".*"}',
  "x == bool 1 and y",
  "min_over_time(rate(x[5m])[30m:1m])",
  "x[5m] offset 1m",
  "absent(up) or vector(0)",
  "vector(1e308) + Inf",
];

describe("queries are type-checked, not only parsed", () => {
  test.for(TYPE_ERRORS)("$query: $message at column $column", ({ query, column, message }) => {
    const { errors } = checkPromQL(query);
    expect(errors[0]).toMatchObject({ column, message: `type error: ${message}`, kind: "type" });
  });

  test.for(VALID)("accepts %s", (query) => {
    expect(checkPromQL(query).errors).toEqual([]);
  });

  test("syntax errors come first and alone", () => {
    expect(checkPromQL("rate(x) +").errors).toMatchObject([
      { message: "unexpected end of query", offset: 9 },
    ]);
  });

  test("positions are line and column in multi-line queries", () => {
    const { errors } = checkPromQL("sum by (job) (rate(x[5m]))\n  /\nrate(y)");
    expect(errors[0]).toMatchObject({ line: 3, column: 6 });
  });

  test("a long query is checked to its end (no partial tree)", () => {
    // An editor state parses 3000 characters up front; the error sits beyond that.
    const long = Array.from({ length: 150 }, (_, i) => `rate(metric_${i}_total[5m])`).join(" + ");
    expect(long.length).toBeGreaterThan(3500);
    expect(checkPromQL(long).errors).toEqual([]);
    const broken = `${long} + rate(y)`;
    expect(checkPromQL(broken).errors).toMatchObject([
      { offset: broken.length - 2, message: expect.stringContaining("got vector") },
    ]);
  });

  test("promtool rejects every type error at the column given, and accepts every valid query", () => {
    const groups = [...TYPE_ERRORS.map((c) => c.query), ...VALID].map((expr, i) => ({
      name: `g${i}`,
      rules: [{ record: "r", expr }],
    }));
    const run = checkRulesText(JSON.stringify({ groups }));
    const columns = new Map<number, number>();
    for (const line of run.stderr.split("\n")) {
      const m = /group "g(\d+)".*could not parse expression: \d+:(\d+): parse error/.exec(line);
      if (m !== null) columns.set(Number(m[1]), Number(m[2]));
    }
    TYPE_ERRORS.forEach((c, i) => {
      expect(columns.get(i), c.query).toBe(c.promtoolColumn ?? c.column);
    });
    VALID.forEach((q, i) => {
      expect(columns.has(TYPE_ERRORS.length + i), q).toBe(false);
    });
  });
});

describe("the checker loads only when a query is checked", () => {
  async function loadsChecker(args: readonly string[], cwd: string): Promise<boolean> {
    const dir = await tempDir();
    const probe = join(dir, "probe.cjs");
    // Reports at exit whether codemirror-promql's checker was required.
    writeFileSync(
      probe,
      'process.on("exit", () => process.stderr.write("checker-loaded=" + Object.keys(require.cache).some((k) => k.includes("codemirror-promql")) + "\\n"));\n',
    );
    // An empty cache of its own: a check the estate record can answer compiles nothing.
    const r = spawnSync(process.execPath, ["--require", probe, BIN, ...args], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, XDG_CACHE_HOME: join(dir, "cache") },
    });
    const m = /checker-loaded=(true|false)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    return m![1] === "true";
  }

  test("`obsforge --help` does not load it; `obsforge check` with an empty cache does", async () => {
    expect(await loadsChecker(["--help"], PROJECT_ROOT)).toBe(false);
    expect(await loadsChecker(["check", "--definitions", DEFINITIONS], PROJECT_ROOT)).toBe(true);
  });
});
