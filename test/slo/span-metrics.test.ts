import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  spanAvailabilitySli,
  spanLatencySli,
  spanMetrics,
  spanRedDashboard,
} from "../../src/authoring.ts";
import { parsePromQL } from "../../src/promql/parse.ts";
import { renderWindow } from "../../src/core/window.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import { promtool } from "../helpers/promtool.ts";

describe("span metrics names, as each generator writes them to Prometheus", () => {
  test.for([
    {
      title:
        "Tempo metrics-generator: traces_spanmetrics_calls_total and the latency histogram (s), label service",
      options: { flavour: "tempo", service: "a" } as const,
      names: ["traces_spanmetrics_calls_total", "traces_spanmetrics_latency", "s", "service"],
    },
    {
      title: "connector, default namespace traces.span.metrics, histogram in ms",
      options: { flavour: "connector", service: "a" } as const,
      names: [
        "traces_span_metrics_calls_total",
        "traces_span_metrics_duration_milliseconds",
        "ms",
        "service_name",
      ],
    },
    {
      title: "connector before v0.109 (no namespace): calls_total and duration_milliseconds",
      options: { flavour: "connector", service: "a", namespace: "" } as const,
      names: ["calls_total", "duration_milliseconds", "ms", "service_name"],
    },
    {
      title: "connector with its own namespace and histogram.unit s",
      options: {
        flavour: "connector",
        service: "a",
        namespace: "spans.red",
        histogramUnit: "s",
      } as const,
      names: ["spans_red_calls_total", "spans_red_duration_seconds", "s", "service_name"],
    },
  ])("$title", ({ options, names }) => {
    const s = spanMetrics(options);
    expect([s.calls, s.duration, s.durationUnit, s.serviceLabel]).toEqual(names);
    expect(s.metrics.map((m) => [m.name, m.type])).toEqual([
      [names[0], "counter"],
      [names[1], "histogram"],
    ]);
  });
});

describe("span SLIs", () => {
  const spans = spanMetrics({ flavour: "connector", service: "shipping-api" });

  test("availability: error-status server spans over all server spans of the service", () => {
    expect(spanAvailabilitySli(spans)).toEqual({
      kind: "events",
      errorQuery:
        'sum(rate(traces_span_metrics_calls_total{service_name="shipping-api", span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[{{.window}}]))',
      totalQuery:
        'sum(rate(traces_span_metrics_calls_total{service_name="shipping-api", span_kind="SPAN_KIND_SERVER"}[{{.window}}]))',
    });
  });

  test("latency: the threshold in seconds becomes the bucket bound in the histogram's unit", () => {
    expect(spanLatencySli(spans, { thresholdSeconds: 0.4 })).toMatchObject({
      kind: "latency",
      metric: "traces_span_metrics_duration_milliseconds",
      threshold: 400,
    });
    const tempo = spanMetrics({ flavour: "tempo", service: "a" });
    expect(spanLatencySli(tempo, { thresholdSeconds: 0.512 })).toMatchObject({ threshold: 0.512 });
    expect(spans.buckets).toContain(400);
  });

  test("several span kinds and one operation", () => {
    const both = spanMetrics({
      flavour: "tempo",
      service: "a",
      spanKinds: ["SPAN_KIND_SERVER", "SPAN_KIND_CONSUMER"],
    });
    const sli = spanAvailabilitySli(both, { matchers: { span_name: "POST /labels" } });
    expect(sli).toMatchObject({
      totalQuery:
        'sum(rate(traces_spanmetrics_calls_total{service="a", span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER", span_name="POST /labels"}[{{.window}}]))',
    });
  });

  test("every query of the span RED dashboard parses", () => {
    const built = spanRedDashboard(spans, { job: "otel-collector" });
    const exprs = built.rows.flatMap((r) =>
      r.panels.flatMap((p) =>
        ((p as { build(): { targets?: { expr?: string }[] } }).build().targets ?? []).map(
          (t) => t.expr ?? "",
        ),
      ),
    );
    expect(exprs.length).toBe(7);
    for (const expr of exprs) {
      const rendered = renderWindow(expr.replaceAll("$__rate_interval", "5m"), "5m")
        .replaceAll('"$job"', '"x"')
        .replaceAll('"$instance"', '"x"');
      expect(parsePromQL(rendered).errors, expr).toEqual([]);
    }
  });
});

describe("the example estate's shipping-api (SLOs from span metrics only)", () => {
  test("its rule file passes promtool check rules", () => {
    const run = promtool(["check", "rules", "prometheus/shipping-api.rules.yml"], {
      cwd: join(PROJECT_ROOT, "out"),
    });
    expect(run.stdout + run.stderr).toContain("SUCCESS");
    expect(run.status).toBe(0);
  });

  test("its generated alert tests pass in promtool", () => {
    const run = promtool(["test", "rules", "shipping-api.test.yml"], {
      cwd: join(PROJECT_ROOT, "out/tests"),
    });
    expect(run.stdout).toContain("SUCCESS");
    expect(run.status).toBe(0);
  });
});
