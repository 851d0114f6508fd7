/**
 * The dashboards the dashboard checks' good and bad samples are made from: a
 * small Prometheus dashboard and a small Loki one that pass every check, and
 * helpers to break exactly one thing in a copy.
 */

/** What the fixtures' queries may select (samples are linted with it, in the meta-test and the docs). */
export const FIXTURE_KNOWN_METRICS: ReadonlySet<string> = new Set([
  "up",
  "http_requests_total",
  "job:http_requests:rate5m",
]);

/** The label sets dashboard samples are checked against: a catalogued counter, as the estate would give. */
export const FIXTURE_SERIES_LABELS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["http_requests_total", new Set(["code", "instance", "job", "method"])],
]);

const PROMETHEUS_DASHBOARD = {
  uid: "fixture-prometheus",
  title: "Fixture",
  editable: false,
  templating: {
    list: [
      { type: "datasource", name: "datasource", label: "Data source", query: "prometheus" },
      {
        type: "query",
        name: "job",
        label: "Job",
        datasource: { type: "prometheus", uid: "$datasource" },
        query: "label_values(up, job)",
        refresh: 2,
        multi: true,
        includeAll: true,
        allValue: ".+",
      },
      {
        type: "query",
        name: "instance",
        label: "Instance",
        // Grafana's braced variable syntax, on purpose.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana syntax, not a JS template
        datasource: { type: "prometheus", uid: "${datasource}" },
        query: 'label_values(up{job=~"$job"}, instance)',
        refresh: 2,
        multi: true,
        includeAll: true,
        allValue: ".+",
      },
    ],
  },
  panels: [
    {
      type: "row",
      id: 1,
      title: "Traffic",
      collapsed: false,
      panels: [],
      gridPos: { x: 0, y: 0, w: 24, h: 1 },
    },
    {
      type: "timeseries",
      id: 2,
      title: "Requests",
      description: "Requests per second.",
      gridPos: { x: 0, y: 1, w: 12, h: 8 },
      datasource: { type: "prometheus", uid: "$datasource" },
      fieldConfig: { defaults: { unit: "reqps" }, overrides: [] },
      targets: [
        {
          refId: "A",
          expr: 'sum by (job) (rate(http_requests_total{job=~"$job", instance=~"$instance"}[$__rate_interval]))',
        },
      ],
    },
  ],
};

const LOKI_DASHBOARD = {
  uid: "fixture-loki",
  title: "Fixture logs",
  editable: false,
  templating: {
    list: [{ type: "datasource", name: "datasource", label: "Data source", query: "loki" }],
  },
  panels: [
    {
      type: "timeseries",
      id: 1,
      title: "Log volume",
      description: "Lines per interval.",
      gridPos: { x: 0, y: 0, w: 24, h: 8 },
      datasource: { type: "loki", uid: "$datasource" },
      fieldConfig: { defaults: { unit: "short" }, overrides: [] },
      targets: [{ refId: "A", expr: 'sum(count_over_time({app="shop"} |= "error" [$__auto]))' }],
    },
    {
      type: "logs",
      id: 2,
      title: "Logs",
      description: "Every line.",
      gridPos: { x: 0, y: 8, w: 24, h: 10 },
      datasource: { type: "loki", uid: "$datasource" },
      targets: [{ refId: "A", expr: '{app="shop"} | logfmt' }],
    },
  ],
};

type Json = Record<string, unknown>;

/** A copy of the Prometheus (default) or Loki fixture with `change` applied. */
export function fixture(
  change: (d: Json) => void = () => {},
  base: "prometheus" | "loki" = "prometheus",
): Json {
  const d = structuredClone(base === "prometheus" ? PROMETHEUS_DASHBOARD : LOKI_DASHBOARD) as Json;
  change(d);
  return d;
}

/**
 * A check sample: the fixture with `change` applied, as the JSON text the
 * docs show (samples are strings, like every check's).
 */
export function sample(
  change: (d: Json) => void = () => {},
  base: "prometheus" | "loki" = "prometheus",
): string {
  return `${JSON.stringify(fixture(change, base), null, 2)}\n`;
}

/** The fixture's main panel (the Prometheus one's timeseries, the Loki one's volume graph). */
export function mainPanel(d: Json): Json {
  const panels = d.panels as Json[];
  return panels.find((p) => p.type === "timeseries")!;
}

/** The first target of the main panel. */
export function mainTarget(d: Json): Json {
  return (mainPanel(d).targets as Json[])[0]!;
}

export function variable(d: Json, name: string): Json {
  return ((d.templating as Json).list as Json[]).find((v) => v.name === name)!;
}
