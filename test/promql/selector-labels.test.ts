import { formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import { defineService, eventRatioSli, metric, slo } from "../../src/authoring.ts";
import { buildEstate } from "../../src/estate/build.ts";
import { metricSchema } from "../../src/model/metric.ts";
import { catalogueLabelSets } from "../../src/model/sli-labels.ts";
import { closestName } from "../../src/core/suggest.ts";
import { parsePromQL } from "../../src/promql/parse.ts";
import { unknownSelectorLabels } from "../../src/promql/selector-labels.ts";

const CATALOGUE = [
  metric({
    name: "http_request_duration_seconds",
    type: "histogram",
    unit: "s",
    help: "Request latency.",
    labels: ["route", "http_response_status_code"],
  }),
  metric({
    name: "rpc_latency_seconds",
    type: "summary",
    unit: "s",
    help: "RPC latency.",
    labels: ["method"],
  }),
  metric({
    name: "jobs_total",
    type: "counter",
    unit: "{job}",
    help: "Jobs run.",
    labels: ["queue"],
  }),
];
const LABELS = catalogueLabelSets([CATALOGUE.map((m) => metricSchema.parse(m))]);

function unknown(query: string): string[] {
  const { tree, errors } = parsePromQL(query);
  expect(errors).toEqual([]);
  return unknownSelectorLabels(query, tree, (name) => LABELS.get(name)).map(
    (u) =>
      `${u.metric} ${u.label}@${u.from}${u.suggestion === undefined ? "" : ` -> ${u.suggestion}`}`,
  );
}

describe("selectors on catalogued series use the catalogue's labels", () => {
  test.for([
    ['sum by (le) (rate(http_request_duration_seconds_bucket{route="/", le="0.5"}[5m]))', []],
    ['http_request_duration_seconds_count{job="api", instance="a:1", route="/"}', []],
    ['rpc_latency_seconds{quantile="0.99", method="Get"}', []],
    ['jobs_total{queue="q"} + jobs_created{queue="q"}', []],
    // A name the catalogue does not know is not checked, nor a name given by a regex.
    ['unknown_metric{anything="x"}', []],
    ['{__name__=~"jobs_.*", qeueu="q"}', []],
    [
      'http_request_duration_seconds_count{le="0.5"}',
      ["http_request_duration_seconds_count le@36"],
    ],
    [
      'rate(http_request_duration_seconds_sum{rout="/"}[5m])',
      ["http_request_duration_seconds_sum rout@39 -> route"],
    ],
    [
      'http_request_duration_seconds_count{http_status_code="500"}',
      ["http_request_duration_seconds_count http_status_code@36 -> http_response_status_code"],
    ],
    ['{__name__="jobs_total", jbo="x"}', ["jobs_total jbo@24 -> job"]],
    ['rpc_latency_seconds_count{quantile="0.5"}', ["rpc_latency_seconds_count quantile@26"]],
  ] as const)("%s", ([query, expected]) => {
    expect(unknown(query)).toEqual(expected);
  });
});

describe("did you mean", () => {
  test.for([
    ["jbo", ["job", "instance"], "job"],
    ["instnace", ["job", "instance"], "instance"],
    ["http_status_code", ["http_route", "http_response_status_code"], "http_response_status_code"],
    ["method", ["http_request_method", "route"], "http_request_method"],
    ["status", ["code", "route"], undefined],
    ["rout", ["route", "root"], "root"],
  ] as const)("%s among %o is %s", ([name, candidates, expected]) => {
    expect(closestName(name, candidates)).toBe(expected);
  });
});

describe("SLI queries: a build error, across services", () => {
  test("an SLI on a metric another service catalogues is checked against that catalogue", () => {
    const owner = defineService({ name: "gateway", team: "edge", metrics: CATALOGUE });
    const reader = defineService({
      name: "shop",
      team: "web",
      slos: [
        slo({
          name: "availability",
          objective: 99.5,
          sli: eventRatioSli({
            errorQuery:
              'sum(rate(http_request_duration_seconds_count{route="/shop",\n  http_status_code=~"5.."}[{{.window}}]))',
            totalQuery:
              'sum(rate(http_request_duration_seconds_count{route="/shop"}[{{.window}}]))',
          }),
        }),
      ],
    });
    const result = buildEstate([
      { file: "definitions/gateway.ts", source: "gateway.ts", exported: owner },
      { file: "definitions/shop.ts", source: "shop.ts", exported: reader },
    ]);
    expect(result.ok ? [] : result.diagnostics.map(formatProblem)).toEqual([
      'definitions/shop.ts: slos[0].sli.errorQuery: expected a label the catalogue lists for http_request_duration_seconds_count (http_response_status_code, instance, job, route), got "http_status_code" (did you mean "http_response_status_code"?) at line 2, column 3',
    ]);
  });
});
