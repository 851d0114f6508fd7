import { formatCheckProblem, formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import { logAlert, logRecord } from "../../src/authoring.ts";
import { checkEstateLogql, runLogqlCheck } from "../../src/lint/logql.ts";
import { CHECKS, LOGQL_CHECKS } from "../../src/lint/checks/index.ts";
import { logqlSampleContext } from "../../src/lint/samples.ts";
import { buildEstate } from "../../src/estate/build.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";

// The framework's meta-test (test/lint/checks.test.ts) checks every check's id,
// file, docs and samples; these are the LogQL checks' own properties.
describe("every LogQL check is complete and registered", () => {
  test("LOGQL_CHECKS are exactly the registered logql/* checks", () => {
    expect(LOGQL_CHECKS.map((c) => c.id).sort()).toEqual(
      CHECKS.filter((r) => r.target === "logql")
        .map((r) => r.id)
        .sort(),
    );
  });

  test.for(LOGQL_CHECKS.map((c) => [c.id, c] as const))("%s", ([, rule]) => {
    expect(rule.docs.length).toBeGreaterThan(80);
    for (const sample of rule.good) {
      const ctx = logqlSampleContext(sample);
      expect(ctx.parsed.errors, sample).toEqual([]);
      expect(runLogqlCheck(rule, ctx), sample).toEqual([]);
    }
    for (const sample of rule.bad) {
      const ctx = logqlSampleContext(sample);
      expect(ctx.parsed.errors, sample).toEqual([]);
      const problems = runLogqlCheck(rule, ctx);
      expect(problems.length, sample).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p.span!.from).toBeGreaterThanOrEqual(0);
        expect(p.span!.to).toBeGreaterThan(p.span!.from);
        expect(p.span!.to).toBeLessThanOrEqual(ctx.expr.length);
        expect(p.message).toMatch(/^expected .+, got /);
      }
    }
  });

  test("a query that does not parse gets no findings (its syntax error is reported instead)", () => {
    for (const rule of LOGQL_CHECKS) {
      expect(
        runLogqlCheck(rule, logqlSampleContext('sum(count_over_time({app="x"} | json [5m]')),
      ).toEqual([]);
    }
  });
});

describe("findings point at the offending stage", () => {
  test.for([
    {
      id: "logql/filter-before-parser",
      expr: 'sum(count_over_time({app="shop"} | logfmt | level="error" [5m])) > 0',
      at: "| logfmt",
    },
    {
      id: "logql/range-under-interval",
      expr: 'sum(count_over_time({app="shop"} |= "x" [30s])) > 0',
      at: "[30s]",
    },
  ])("$id at $at", ({ id, expr, at }) => {
    const rule = LOGQL_CHECKS.find((c) => c.id === id)!;
    const [problem] = runLogqlCheck(rule, logqlSampleContext(expr));
    expect(problem?.span).toEqual({ from: expr.indexOf(at), to: expr.indexOf(at) + at.length });
  });
});

describe("the build runs the checks over the estate", () => {
  test("warnings name the file, the field path, the column and the check", () => {
    const service = {
      kind: "service",
      name: "shop",
      team: "web",
      logs: { selector: '{app="shop"}', format: "logfmt" },
      logVolume: "high",
      logGroups: [
        {
          name: "shop-logs",
          interval: "2m",
          rules: [
            logRecord({
              name: "app:shop_lines:count1m",
              expr: 'sum(count_over_time({app="shop"}[1m]))',
            }),
            logAlert({
              name: "ShopErrors",
              expr: 'sum(count_over_time({app="shop"} | json [5m])) > 0',
              severity: "page",
            }),
          ],
        },
      ],
    };
    const estate = buildEstate([
      { file: "definitions/shop.ts", source: "shop.ts", exported: service },
    ]);
    if (!estate.ok) throw new Error(estate.diagnostics.map(formatProblem).join("\n"));
    const lines = checkEstateLogql(estate.value).map(
      (d) => `${d.severity}: ${formatCheckProblem(d)}`,
    );
    expect(lines).toEqual([
      "warning: definitions/shop.ts: logGroups[0].rules[0].expr: expected a range of at least the evaluation interval 2m, got [1m] (lines between evaluations are never counted) at column 33 (logql/range-under-interval)",
      'warning: definitions/shop.ts: logGroups[0].rules[1].expr: expected a line filter such as |= "error" before | json (so Loki parses only matching lines), got | json on every line of the stream at column 34 (logql/filter-before-parser)',
      'warning: definitions/shop.ts: logGroups[0].rules[1].expr: expected a parser for the stream\'s declared format "logfmt", got | json (every line would fail to parse) at column 34 (logql/parser-format)',
      "warning: definitions/shop.ts: logGroups[0].rules[1].expr: expected | json with the fields the rule uses (e.g. | json level, trace_id) on this high-volume stream, got | json extracting every field at column 34 (logql/unbounded-json)",
    ]);
  });

  test("the example estate is free of warnings", async () => {
    const { compileProject } = await import("../../src/pipeline/project.ts");
    const result = await compileProject({ cwd: PROJECT_ROOT });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.warnings).toEqual([]);
  });
});

describe("the build runs the LogQL checks once, at the lint config's levels", () => {
  const shop = `import { defineService, logAlert } from "obsforge";
export default defineService({
  name: "shop",
  team: "web",
  logs: { selector: '{app="shop"}', format: "logfmt" },
  logGroups: [{ name: "shop-logs", rules: [logAlert({
    name: "ShopErrors",
    expr: 'sum(count_over_time({app="shop"} |= "error" | logfmt [30s])) > 0',
    severity: "ticket",
    annotations: { summary: "Errors", runbookUrl: "https://runbooks.example.com/shop" },
  })] }],
});
`;
  const build = async (config?: unknown) => {
    const { obsforgeInProcess } = await import("../helpers/in-process-cli.ts");
    const { tempTree } = await import("../helpers/temp.ts");
    const dir = await tempTree({
      "definitions/shop.ts": shop,
      ...(config !== undefined && { "obsforge.config.json": JSON.stringify(config) }),
    });
    return obsforgeInProcess(["build"], dir);
  };

  test("by default a warning at the range, naming the check", async () => {
    const r = await build();
    expect(r.code).toBe(0);
    // The query's first character is in column 12 (after four spaces, `expr: ` and the quote).
    const column = 12 + 'sum(count_over_time({app="shop"} |= "error" | logfmt '.length;
    expect(r.stderr).toBe(
      `warning: definitions/shop.ts:8:${column}: logGroups[0].rules[0].expr: expected a range of at least the evaluation interval 1m, got [30s] (lines between evaluations are never counted) (logql/range-under-interval)\n`,
    );
  });

  test('"off" in obsforge.config.json silences it in the build too', async () => {
    const r = await build({ lint: { rules: { "logql/range-under-interval": "off" } } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});
