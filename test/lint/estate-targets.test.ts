import { formatCheckProblem, formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import {
  alert,
  dashboard,
  eventRatioSli,
  logAlert,
  logRecord,
  metric,
  record,
  row,
  slo,
} from "../../src/authoring.ts";
import { lintEstate, lintedRules } from "../../src/lint/engine.ts";
import { findJsonPath } from "../../src/lint/locate.ts";
import { checkEstateLogql } from "../../src/lint/logql.ts";
import { recordName } from "../../src/lint/checks/rule/record-name.ts";
import { formatProblems } from "../../src/lint/messages.ts";
import { buildEstate } from "../../src/estate/build.ts";
import type { Estate } from "../../src/model/estate.ts";
import { parsePromQL } from "../../src/promql/parse.ts";
import { artifactOf } from "../../src/emit/artifact.ts";
import { compileTargets } from "../../src/pipeline/compile.ts";
import type { CompiledFile } from "../../src/targets/compiled-file.ts";
import { textPanel } from "../../src/targets/grafana/panels.ts";

function estate(service: Record<string, unknown>): Estate {
  const built = buildEstate([
    {
      file: "definitions/shop.ts",
      source: "shop.ts",
      exported: { kind: "service", name: "shop", team: "web", ...service },
    },
  ]);
  if (!built.ok) throw new Error(built.diagnostics.map(formatProblem).join("\n"));
  return built.value;
}

const CATALOGUE = [
  metric({
    name: "shop_requests_total",
    type: "counter",
    unit: "{request}",
    help: "Requests served.",
    labels: ["code"],
  }),
];

const availability = (errorMetric: string) =>
  slo({
    name: "availability",
    objective: 99.5,
    sli: eventRatioSli({
      errorQuery: `sum(rate(${errorMetric}{code=~"5.."}[{{.window}}]))`,
      totalQuery: "sum(rate(shop_requests_total[{{.window}}]))",
    }),
  });

describe("rules obsforge generates for SLOs", () => {
  test("Sloth's names, burn-rate alerts without for and no-data alerts give no findings", async () => {
    const shop = estate({ metrics: CATALOGUE, slos: [availability("shop_requests_total")] });
    const rules = lintedRules(shop.services[0]!.value);
    // The generated rules are there, and marked with their SLO.
    expect(rules.map((r) => r.name)).toContain("sloth_slo_info");
    expect(rules.find((r) => r.name === "ShopAvailabilityBudgetBurnNoData")?.slo).toBe(
      "availability",
    );
    expect(await lintEstate(shop)).toEqual([]);
  });

  test("a problem in the SLI query is reported once per SLO, at the SLO's name", async () => {
    const shop = estate({ metrics: CATALOGUE, slos: [availability("shop_request_total")] });
    const source = [
      "export default defineService({",
      '  slos: [slo({ name: "availability", objective: 99.5 })],',
      "});",
    ].join("\n");
    const findings = await lintEstate(shop, {
      sources: new Map([["definitions/shop.ts", source]]),
    });
    expect(findings).toEqual([
      expect.objectContaining({
        code: "promql/undefined-metric",
        severity: "warning",
        message:
          "expected a metric from the catalogue or a recording rule, got shop_request_total (in the rules generated for SLO availability)",
        subject: "availability",
        span: expect.objectContaining({ line: 2, column: 23 }),
      }),
    ]);
  });

  test("series recorded by Loki are defined for PromQL that reads them", async () => {
    const shop = estate({
      logs: { selector: '{app="shop"}', format: "json" },
      logGroups: [
        {
          name: "shop-logs",
          rules: [
            logRecord({
              name: "service:shop_log_lines:count1m",
              expr: 'sum(count_over_time({app="shop"}[1m]))',
            }),
          ],
        },
      ],
      groups: [
        {
          name: "shop",
          rules: [
            alert({
              name: "ShopSilent",
              expr: "sum(service:shop_log_lines:count1m) == 0",
              for: "10m",
              severity: "ticket",
              annotations: { summary: "No logs", runbookUrl: "https://runbooks.example.com/x" },
            }),
          ],
        },
      ],
    });
    expect(await lintEstate(shop)).toEqual([]);
  });
});

describe("rule/record-name", () => {
  test("names the model would reject are still reported for estates built in code", () => {
    const expr = "sum(rate(shop_requests_total[5m]))";
    const parsed = parsePromQL(expr);
    const rule = {
      kind: "record" as const,
      name: "shop_requests_rate5m",
      expr,
      tree: parsed.tree,
      syntaxOk: true,
      labels: {},
      annotations: {},
      group: "g",
      interval: 60,
      groupIndex: 0,
      ruleIndex: 0,
      disable: [],
    };
    const problems = formatProblems(
      recordName,
      recordName.check({
        rule,
        siblings: [rule],
        catalogue: {
          series: new Map(),
          seriesLabels: new Map(),
          recorded: new Map(),
          targetLabels: [],
          knownMetrics: [],
        },
        knownCheckIds: new Set(),
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      "expected a recording rule name of the form level:metric:operations, got shop_requests_rate5m",
    ]);
  });

  test("the model rejects such names in record() (a build error, not a lint finding)", () => {
    const built = buildEstate([
      {
        file: "definitions/shop.ts",
        source: "shop.ts",
        exported: {
          kind: "service",
          name: "shop",
          team: "web",
          groups: [
            {
              name: "g",
              rules: [record({ name: "shop_requests_rate5m", expr: "sum(up)" })],
            },
          ],
        },
      },
    ]);
    expect(built.ok).toBe(false);
  });
});

describe("LogQL rules", () => {
  const shop = (lint?: { disable: string[] }) =>
    estate({
      logs: { selector: '{app="shop"}', format: "logfmt" },
      logGroups: [
        {
          name: "shop-logs",
          rules: [
            logAlert({
              name: "ShopErrors",
              expr: 'sum(count_over_time({app="shop"} |= "error" | logfmt [30s])) > 0',
              severity: "ticket",
              ...(lint !== undefined && { lint }),
            }),
          ],
        },
      ],
    });

  test("lint and the build report the same problems from the same rules", async () => {
    const findings = await lintEstate(shop());
    const warnings = checkEstateLogql(shop());
    expect(findings.map((f) => f.code)).toEqual(["logql/range-under-interval"]);
    expect(warnings.map((d) => d.code)).toEqual(["logql/range-under-interval"]);
    const column =
      'sum(count_over_time({app="shop"} |= "error" | logfmt [30s])) > 0'.indexOf("[30s]") + 1;
    // One check, one message; the build's line says where (no source here: in the query).
    expect(warnings[0]!.message).toBe(findings[0]!.message);
    expect(formatCheckProblem(warnings[0]!)).toBe(
      `definitions/shop.ts: logGroups[0].rules[0].expr: ${findings[0]!.message} at column ${column} (logql/range-under-interval)`,
    );
  });

  test("a rule's lint.disable silences both", async () => {
    const quiet = shop({ disable: ["logql/range-under-interval"] });
    expect(await lintEstate(quiet)).toEqual([]);
    expect(checkEstateLogql(quiet)).toEqual([]);
  });

  test("a finding points at the span in the definition file", async () => {
    const expr = 'sum(count_over_time({app="shop"} |= "error" | logfmt [30s])) > 0';
    // A module, as the loader reads it: the syntax tree maps the field path to the literal.
    const source = `export default defineService({ logGroups: [{ rules: [logAlert({\n  name: "ShopErrors",\n  expr: '${expr}',\n})] }] });\n`;
    const [finding] = await lintEstate(shop(), {
      sources: new Map([["definitions/shop.ts", source]]),
    });
    expect(finding).toMatchObject({
      span: { line: 3, column: 10 + expr.indexOf("[30s]") },
      subject: "ShopErrors",
    });
    expect(finding!.span!.endColumn! - finding!.span!.column!).toBe("[30s]".length);
  });
});

describe("dashboards", () => {
  test("findings name the artifact under out/, the JSON field and its line", async () => {
    const shop = estate({
      metrics: CATALOGUE,
      dashboards: {
        generate: false,
        custom: [
          dashboard({
            title: "Shop",
            rows: [row(undefined, [textPanel({ title: "About", content: "The shop." })])],
          }),
        ],
      },
    });
    const compiled = [...compileTargets(shop)];
    const path = compiled.find((f) => f.kind === "grafana-dashboard")!.path;
    const broken = compiled.map((f) =>
      f.kind === "grafana-dashboard" && f.path === path
        ? { ...f, content: { ...f.content, editable: true } }
        : f,
    );
    const written = (file: CompiledFile) => artifactOf(file).content;
    const editable = async (list: typeof compiled) =>
      (await lintEstate(shop, { compiled: list, written, out: "build/" })).filter(
        (f) => f.code === "dashboard/uneditable-dashboard",
      );
    expect(await editable(compiled)).toEqual([]);
    expect(await editable(broken)).toEqual([
      expect.objectContaining({
        code: "dashboard/uneditable-dashboard",
        file: `build/${path}`,
        subject: "editable",
        span: expect.objectContaining({
          excerpt: '  "editable": true,',
          column: 15,
          endColumn: 19,
        }),
      }),
    ]);
  });

  test("findJsonPath finds a value, or the deepest part of a path that exists", () => {
    const text = JSON.stringify({ a: [{ b: "x" }, { b: "y, }]", c: { d: 1 } }], e: true }, null, 2);
    const at = (path: (string | number)[]) => {
      const { offset, length } = findJsonPath(text, path);
      return text.slice(offset, offset + length);
    };
    expect(at(["a", 1, "b"])).toBe('"y, }]"');
    expect(at(["a", 1, "c", "d"])).toBe("1");
    expect(at(["e"])).toBe("true");
    expect(at(["a", 1, "missing"])).toBe("{");
    expect(at(["a", 7])).toBe("[");
    expect(findJsonPath(text, []).offset).toBe(0);
  });
});
