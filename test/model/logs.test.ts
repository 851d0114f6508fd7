import { formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import { defineService, logRecord } from "../../src/authoring.ts";
import { buildEstate } from "../../src/estate/build.ts";
import { serviceSchema } from "../../src/model/service.ts";

function errorsFor(exported: unknown): string[] {
  const r = buildEstate([{ file: "definitions/shop.ts", source: "shop.ts", exported }]);
  return r.ok ? [] : r.diagnostics.map(formatProblem);
}

describe("a service's logs", () => {
  test("declare a selector and a format; the field names default to trace_id, span_id, level, and correlation is on", () => {
    const shop = serviceSchema.parse(
      defineService({
        name: "shop",
        team: "web",
        logs: { selector: '{service_name="shop"}', format: "logfmt" },
      }),
    );
    expect(shop.logs).toEqual({
      selector: '{service_name="shop"}',
      format: "logfmt",
      fields: { traceId: "trace_id", spanId: "span_id", level: "level" },
      correlation: {
        objective: 100,
        requestFields: [
          "http.request.method",
          "http.method",
          "http.route",
          "url.path",
          "rpc.method",
        ],
        for: "15m",
      },
    });
    expect(shop.logGroups).toEqual([]);
  });

  test("field names can be overridden one by one", () => {
    const shop = serviceSchema.parse(
      defineService({
        name: "shop",
        team: "web",
        logs: { selector: '{app="shop"}', format: "json", fields: { traceId: "traceId" } },
      }),
    );
    expect(shop.logs?.fields).toEqual({ traceId: "traceId", spanId: "span_id", level: "level" });
  });

  test.for([
    {
      name: "an unknown format",
      logs: { selector: '{app="shop"}', format: "xml" },
      error: 'definitions/shop.ts: logs.format: expected "json" | "logfmt" | "plain", got "xml"',
    },
    {
      name: "a selector that does not parse",
      logs: { selector: '{app="shop"', format: "json" },
      error:
        "definitions/shop.ts: logs.selector: expected valid LogQL, got unexpected end of query at column 12",
    },
    {
      name: "a selector matching every stream",
      logs: { selector: '{app=~".*"}', format: "json" },
      error:
        'definitions/shop.ts: logs.selector: expected valid LogQL, got stream selector without a matcher that excludes the empty value (add one such as app="x" or app=~".+") at column 1',
    },
  ])("rejects $name", ({ logs, error }) => {
    expect(errorsFor({ kind: "service", name: "shop", team: "web", logs })).toEqual([error]);
  });
});

describe("log groups", () => {
  const group = (name: string) => ({
    name,
    rules: [logRecord({ name: "app:lines:count1m", expr: 'sum(count_over_time({app="x"}[1m]))' })],
  });

  test("need unique names, and none that an SLO generates", () => {
    expect(
      errorsFor({
        kind: "service",
        name: "shop",
        team: "web",
        logGroups: [group("a"), group("a"), group("sloth-slo-sli-recordings-shop-s")],
        slos: [
          {
            name: "s",
            objective: 99,
            sli: {
              kind: "logs",
              errorQuery: 'sum(count_over_time({app="x"} |= "e" [{{.window}}]))',
              totalQuery: 'sum(count_over_time({app="x"} [{{.window}}]))',
            },
          },
        ],
      }),
    ).toEqual([
      'definitions/shop.ts: logGroups[1].name: expected a unique log group name, got "a" again (also at logGroups[0])',
      'definitions/shop.ts: logGroups[2].name: expected a group name not generated for an SLO, got "sloth-slo-sli-recordings-shop-s"',
    ]);
  });

  test("a log SLI query needs the {{.window}} placeholder", () => {
    const sli = {
      kind: "logs",
      errorQuery: 'sum(count_over_time({app="x"} [5m]))',
      totalQuery: 'sum(count_over_time({app="x"} [{{.window}}]))',
    };
    expect(
      errorsFor({
        kind: "service",
        name: "shop",
        team: "web",
        slos: [{ name: "s", objective: 99, sli }],
      }),
    ).toEqual([
      'definitions/shop.ts: slos[0].sli.errorQuery: expected a query containing the window placeholder {{.window}} (e.g. count_over_time({app="x"} [{{.window}}])), got "sum(count_over_time({app=\\"x\\"} [5m]))"',
    ]);
  });
});
