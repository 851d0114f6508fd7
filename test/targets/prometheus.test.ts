import { describe, expect, test } from "vitest";
import { alert, defineService, record } from "../../src/authoring.ts";
import { serviceSchema } from "../../src/model/service.ts";
import { compilePrometheusRules } from "../../src/targets/prometheus/compile.ts";

function compile(spec: Parameters<typeof defineService>[0]) {
  return compilePrometheusRules(serviceSchema.parse(defineService(spec)));
}

describe("compilePrometheusRules", () => {
  test("a bare recording rule has no labels key and a bare group no interval or limit", () => {
    const file = compile({
      name: "svc",
      team: "t",
      groups: [{ name: "g", rules: [record({ name: "job:x:sum", expr: "sum by (job) (x)" })] }],
    });
    expect(file).toEqual({
      groups: [{ name: "g", rules: [{ record: "job:x:sum", expr: "sum by (job) (x)" }] }],
    });
  });

  test("alerts get service, team and severity labels over service labels, sorted by name", () => {
    const file = compile({
      name: "svc",
      team: "blue",
      labels: { zone: "eu", app: "shop" },
      groups: [
        {
          name: "g",
          rules: [alert({ name: "A", expr: "up == 0", severity: "info", labels: { app: "cart" } })],
        },
      ],
    });
    const rule = file.groups[0]!.rules[0]!;
    expect(rule).toEqual({
      alert: "A",
      expr: "up == 0",
      labels: { app: "cart", service: "svc", severity: "info", team: "blue", zone: "eu" },
    });
    expect(Object.keys(rule.labels!)).toEqual(["app", "service", "severity", "team", "zone"]);
  });

  test("rules keep their authored order: a recording rule before the alert reading it", () => {
    const file = compile({
      name: "svc",
      team: "t",
      groups: [
        {
          name: "g",
          rules: [
            record({ name: "job:z:sum", expr: "sum by (job) (z)" }),
            alert({ name: "Zed", expr: "job:z:sum > 1", severity: "ticket" }),
            record({ name: "job:a:sum", expr: "sum by (job) (a)" }),
          ],
        },
      ],
    });
    expect(file.groups[0]!.rules.map((r) => ("alert" in r ? r.alert : r.record))).toEqual([
      "job:z:sum",
      "Zed",
      "job:a:sum",
    ]);
  });

  test("runbookUrl becomes runbook_url and absent annotations are left out", () => {
    const file = compile({
      name: "svc",
      team: "t",
      groups: [
        {
          name: "g",
          rules: [
            alert({
              name: "A",
              expr: "up == 0",
              severity: "page",
              annotations: { runbookUrl: "https://r.example/a", summary: "S" },
            }),
          ],
        },
      ],
    });
    const rule = file.groups[0]!.rules[0]!;
    expect("annotations" in rule && rule.annotations).toEqual({
      runbook_url: "https://r.example/a",
      summary: "S",
    });
  });
});
