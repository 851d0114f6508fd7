import { formatProblem } from "../../src/report/line.ts";
import { describe, expect, test } from "vitest";
import {
  defineService,
  eventRatioSli,
  latencySli,
  metric,
  rawSli,
  slo,
} from "../../src/authoring.ts";
import { buildEstate } from "../../src/estate/build.ts";

const histogram = metric({
  name: "rpc_server_duration_seconds",
  type: "histogram",
  unit: "s",
  help: "Duration of RPCs.",
  buckets: [0.05, 0.25, 1],
});
const events = eventRatioSli({
  errorQuery: 'sum(rate(rpc_total{code="error"}[{{.window}}]))',
  totalQuery: "sum(rate(rpc_total[{{.window}}]))",
});

function errors(sloSpec: Record<string, unknown>): string[] {
  const service = defineService({
    name: "rpc",
    team: "t",
    metrics: [histogram],
    slos: [sloSpec as never],
  });
  const r = buildEstate([{ file: "definitions/rpc.ts", source: "rpc.ts", exported: service }]);
  return r.ok ? [] : r.diagnostics.map(formatProblem);
}

describe("SLO validation: one-line errors with field paths", () => {
  test("a valid SLO of each kind passes", () => {
    expect(errors(slo({ name: "a", objective: 99.5, sli: events }))).toEqual([]);
    expect(
      errors(
        slo({
          name: "b",
          objective: 99,
          sli: latencySli({ metric: "rpc_server_duration_seconds", threshold: 0.25 }),
        }),
      ),
    ).toEqual([]);
    expect(
      errors(slo({ name: "c", objective: 99, sli: rawSli({ errorRatioQuery: "x[{{.window}}]" }) })),
    ).toEqual([]);
  });

  test.for([
    {
      name: "objective 100 leaves no budget",
      slo: { name: "a", objective: 100, sli: events },
      error:
        "definitions/rpc.ts: slos[0].objective: expected an objective percentage 0 < x < 100 (e.g. 99.9); 100 leaves no error budget, got 100",
    },
    {
      name: "an objective given as a ratio is still in range but a negative one is not",
      slo: { name: "a", objective: -1, sli: events },
      error:
        "definitions/rpc.ts: slos[0].objective: expected an objective percentage 0 < x < 100 (e.g. 99.9), got -1",
    },
    {
      name: "an unknown window",
      slo: {
        name: "a",
        objective: 99.9,
        sli: events,
        alerting: { page: { tiers: [{ shortWindow: "5 min", longWindow: "1h", factor: 14 }] } },
      },
      error:
        'definitions/rpc.ts: slos[0].alerting.page.tiers[0].shortWindow: expected a duration such as "30s", "5m" or "1h30m", got "5 min"',
    },
    {
      name: "a period that is not whole days",
      slo: { name: "a", objective: 99.9, sli: events, period: "36h" },
      error:
        'definitions/rpc.ts: slos[0].period: expected a period in whole days such as "28d" or "30d", got "36h"',
    },
    {
      name: "a latency SLI on a histogram missing from the catalogue",
      slo: {
        name: "a",
        objective: 99,
        sli: latencySli({ metric: "http_duration_seconds", threshold: 0.25 }),
      },
      error:
        'definitions/rpc.ts: slos[0].sli.metric: expected a histogram from this service\'s metric catalogue, got "http_duration_seconds" (not in metrics[])',
    },
    {
      name: "a latency threshold between buckets",
      slo: {
        name: "a",
        objective: 99,
        sli: latencySli({ metric: "rpc_server_duration_seconds", threshold: 0.3 }),
      },
      error:
        'definitions/rpc.ts: slos[0].sli.threshold: expected one of the bucket bounds of "rpc_server_duration_seconds" (0.05, 0.25, 1), got 0.3',
    },
    {
      name: "a query without the window placeholder",
      slo: { name: "a", objective: 99, sli: rawSli({ errorRatioQuery: "rate(x[5m])" }) },
      error:
        'definitions/rpc.ts: slos[0].sli.errorRatioQuery: expected a query containing the window placeholder {{.window}} (e.g. rate(x[{{.window}}])), got "rate(x[5m])"',
    },
    {
      name: "both errorQuery and goodQuery",
      slo: {
        name: "a",
        objective: 99,
        sli: { ...events, goodQuery: "sum(rate(ok[{{.window}}]))" },
      },
      error:
        "definitions/rpc.ts: slos[0].sli.errorQuery: expected exactly one of errorQuery and goodQuery",
    },
    {
      name: "a tier that can never fire (14.4x a 10% budget)",
      slo: { name: "a", objective: 90, sli: events, alerting: { page: { disableTiers: [1] } } },
      error:
        "definitions/rpc.ts: slos[0].alerting.page: expected a page-quick tier that can fire, got one needing an error ratio above 144% (14.4x a 10% budget); disable it with disableTiers: [0] or give it a lower factor",
    },
    {
      name: "a low-traffic guard on a raw SLI",
      slo: {
        name: "a",
        objective: 99,
        sli: rawSli({ errorRatioQuery: "x[{{.window}}]" }),
        alerting: { minEventRate: 1 },
      },
      error:
        "definitions/rpc.ts: slos[0].alerting.minEventRate: expected no minEventRate on a raw SLI (it has no event-rate query to guard with), got 1",
    },
    {
      name: "a low-traffic guard on a total the tests cannot drive",
      slo: {
        name: "a",
        objective: 99,
        sli: eventRatioSli({
          errorQuery: "sum(rate(e[{{.window}}]))",
          totalQuery: "sum by (x) (rate(t[{{.window}}]))",
        }),
        alerting: { minEventRate: 1 },
      },
      error:
        'definitions/rpc.ts: slos[0].alerting.minEventRate: expected a totalQuery of the form sum(rate(metric{…}[{{.window}}])) with = or oneOf matchers for minEventRate, got "sum by (x) (rate(t[{{.window}}]))"',
    },
    {
      name: "a query that is not PromQL once the window is filled in",
      slo: {
        name: "a",
        objective: 99,
        sli: rawSli({ errorRatioQuery: "sum(rate(x[{{.window}}])" }),
      },
      error:
        "definitions/rpc.ts: slos[0].sli.errorRatioQuery: expected valid PromQL, got unexpected end of query at column 25",
    },
    {
      name: "a type error once the window is filled in, at its column in the query as written",
      slo: {
        name: "a",
        objective: 99,
        sli: eventRatioSli({
          errorQuery: "sum(rate(e[{{.window}}])[1h])",
          totalQuery: "sum(rate(t[{{.window}}]))",
        }),
      },
      error:
        "definitions/rpc.ts: slos[0].sli.errorQuery: expected valid PromQL, got type error: ranges only allowed for vector selectors at column 25",
    },
    {
      name: "a function given too few arguments",
      slo: {
        name: "a",
        objective: 99,
        sli: rawSli({ errorRatioQuery: "1 - clamp_max(sum(rate(x[{{.window}}])))" }),
      },
      error:
        'definitions/rpc.ts: slos[0].sli.errorRatioQuery: expected valid PromQL, got type error: expected 2 argument(s) in call to "clamp_max", got 1 at column 5',
    },
  ])("$name", ({ slo: spec, error }) => {
    expect(errors(spec)).toEqual([error]);
  });
});
