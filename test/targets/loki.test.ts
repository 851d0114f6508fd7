import { describe, expect, test } from "vitest";
import { defineService, logAlert, logRecord } from "../../src/authoring.ts";
import { resultFieldLabel } from "../../src/logql/analyse.ts";
import { exploreUrl } from "../../src/logql/explore-url.ts";
import { parseLogQL } from "../../src/logql/parse.ts";
import { serviceSchema } from "../../src/model/service.ts";
import {
  compileLokiRules,
  EXPLORE_ANNOTATION,
  hasLokiRules,
} from "../../src/targets/loki/compile.ts";

type Spec = Parameters<typeof defineService>[0];
const base = { name: "shop", team: "web", labels: { tier: "2" } } satisfies Partial<Spec>;

function compile(spec: Partial<Spec>) {
  return compileLokiRules(serviceSchema.parse(defineService({ ...base, ...spec })));
}

/** Decode the panes JSON out of an Explore link, as Grafana does. */
function panes(url: string) {
  const params = new URL(url).searchParams;
  return { panes: JSON.parse(params.get("panes")!), params };
}

describe("compileLokiRules", () => {
  test("groups keep interval, limit and authored rule order; labels follow the Prometheus target", () => {
    const file = compile({
      logGroups: [
        {
          name: "g",
          interval: "3m",
          limit: 9,
          rules: [
            logRecord({
              name: "app:shop_lines:count3m",
              expr: 'sum(count_over_time({app="shop"}[3m]))',
              labels: { src: "loki" },
            }),
            logAlert({
              name: "Panics",
              expr: 'sum(count_over_time({app="shop"} |= "panic" [5m])) > 0',
              for: "2m",
              severity: "page",
              labels: { area: "cart" },
            }),
          ],
        },
      ],
    });
    expect(file).toEqual({
      groups: [
        {
          name: "g",
          interval: "3m",
          limit: 9,
          rules: [
            {
              record: "app:shop_lines:count3m",
              expr: 'sum(count_over_time({app="shop"}[3m]))',
              labels: { src: "loki", tier: "2" },
            },
            {
              alert: "Panics",
              expr: 'sum(count_over_time({app="shop"} |= "panic" [5m])) > 0',
              for: "2m",
              labels: { area: "cart", service: "shop", severity: "page", team: "web", tier: "2" },
            },
          ],
        },
      ],
    });
  });

  test("a service without log groups or log SLOs has no Loki file", () => {
    expect(hasLokiRules(serviceSchema.parse(defineService(base)))).toBe(false);
  });
});

describe("log alerts link to Grafana Explore and to the trace", () => {
  const explore = {
    grafanaUrl: "https://grafana.example.com/g/",
    datasourceUid: "loki-7",
    orgId: 3,
    range: "6h",
  } as const;
  const alertWith = (expr: string, annotations: Record<string, string> = {}, withExplore = true) =>
    compile({
      logs: { selector: '{app="shop"}', format: "json" },
      ...(withExplore && { explore }),
      logGroups: [
        { name: "g", rules: [logAlert({ name: "A", expr, severity: "ticket", annotations })] },
      ],
    }).groups[0]!.rules[0]! as { annotations?: Record<string, string> };

  test("the Explore link opens the alert's log lines in the configured Loki data source", () => {
    const expr =
      'sum by (trace_id) (count_over_time({app="shop"} |= "a \\"b\\" {{.c}}" | json trace_id [5m])) > 0';
    const url = alertWith(expr).annotations![EXPLORE_ANNOTATION]!;
    expect(url.startsWith("https://grafana.example.com/g/explore?schemaVersion=1&panes=")).toBe(
      true,
    );
    // Percent-encoded: no Go template delimiters reach the annotation.
    expect(url).not.toContain("{{");
    const { panes: p, params } = panes(url);
    expect(params.get("orgId")).toBe("3");
    expect(p).toEqual({
      obsforge: {
        datasource: "loki-7",
        queries: [
          {
            refId: "A",
            datasource: { type: "loki", uid: "loki-7" },
            expr: '{app="shop"} |= "a \\"b\\" {{.c}}" | json trace_id',
            queryType: "range",
          },
        ],
        range: { from: "now-6h", to: "now" },
      },
    });
  });

  test("no Explore settings, no link; an explicit explore_url annotation wins", () => {
    expect(
      alertWith('sum(count_over_time({app="shop"} |= "x" [5m])) > 0', {}, false).annotations,
    ).toBeUndefined();
    expect(
      alertWith('sum(count_over_time({app="shop"} |= "x" [5m])) > 0', {
        explore_url: "https://x.example/e",
      }).annotations,
    ).toEqual({ explore_url: "https://x.example/e" });
  });

  test("the summary gets the trace id when the query keeps it", () => {
    const a = alertWith(
      'sum by (trace_id) (count_over_time({app="shop"} |= "x" | json trace_id [5m])) > 0',
      {
        summary: "Checkout failed.",
      },
    );
    expect(a.annotations!.summary).toBe("Checkout failed. Trace: {{ $labels.trace_id }}");
    const b = alertWith(
      'sum by (trace_id) (count_over_time({app="shop"} |= "x" | json trace_id [5m])) > 0',
    );
    expect(b.annotations!.summary).toBe("A fired for shop. Trace: {{ $labels.trace_id }}");
    const c = alertWith('sum(count_over_time({app="shop"} |= "x" | json trace_id [5m])) > 0', {
      summary: "S.",
    });
    expect(c.annotations!.summary).toBe("S.");
  });

  test.for([
    [
      'sum by (trace_id) (count_over_time({a="b"} |= "x" | json trace_id [5m])) > 0',
      "trace_id",
      "trace_id",
    ],
    ['count_over_time({a="b"} |= "x" | json [5m]) > 0', "trace_id", "trace_id"],
    ['count_over_time({a="b"} |= "x" | logfmt [5m]) > 0', "trace.id", "trace_id"],
    ['sum by (tid) (count_over_time({a="b"} | json tid="traceId" [5m]))', "traceId", "tid"],
    ['topk(3, count_over_time({a="b"} | json trace_id [5m]))', "trace_id", "trace_id"],
    ['count_over_time({a="b"} | regexp `(?P<trace_id>\\w+)` [5m])', "trace_id", "trace_id"],
    ['sum(count_over_time({a="b"} | json [5m])) > 0', "trace_id", undefined],
    ['sum by (job) (count_over_time({a="b"} | json [5m])) > 0', "trace_id", undefined],
    ['sum without (trace_id) (count_over_time({a="b"} | json [5m]))', "trace_id", undefined],
    ['count_over_time({a="b"} | json | drop trace_id [5m])', "trace_id", undefined],
    ['count_over_time({a="b"} | json | keep level [5m])', "trace_id", undefined],
    ['count_over_time({a="b"} | json level [5m])', "trace_id", undefined],
    ['count_over_time({a="b"} |= "x" [5m])', "trace_id", undefined],
    [
      'count_over_time({a="b"} | json [5m]) / on (job) count_over_time({a="b"} | json [5m])',
      "trace_id",
      undefined,
    ],
    ['1 + count_over_time({a="b"} | json [5m])', "trace_id", "trace_id"],
  ] as const)("%s keeps field %s as %s", ([query, field, label]) => {
    const parsed = parseLogQL(query);
    expect(parsed.errors).toEqual([]);
    expect(resultFieldLabel(query, field, { tree: parsed.tree })).toBe(label);
    expect(resultFieldLabel(query, field)).toBe(label);
  });
});

describe("exploreUrl", () => {
  test("builds the current Explore URL format from one place, with any query text", () => {
    const url = exploreUrl({
      grafanaUrl: "https://g.example.com",
      datasourceUid: "u",
      expr: '{a="b"} |~ "50[0-9] & ?#%"',
    });
    expect(url).toMatch(/^https:\/\/g\.example\.com\/explore\?schemaVersion=1&panes=[^&]+$/);
    expect(panes(url).panes.obsforge.queries[0].expr).toBe('{a="b"} |~ "50[0-9] & ?#%"');
    expect(panes(url).panes.obsforge.range).toEqual({ from: "now-1h", to: "now" });
  });
});
