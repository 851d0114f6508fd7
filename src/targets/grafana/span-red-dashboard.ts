import { type Matchers, re } from "../../core/label-matchers.ts";
import type { CustomDashboardInput } from "../../model/dashboards.ts";
import { selector } from "../../promql/query.ts";
import { SPAN_ERROR_STATUS, type SpanMetrics } from "../../slo/span-metrics.ts";
import { instanceVariable, jobVariable } from "./dashboard.ts";
import { heatmapPanel, statPanel, timeseriesPanel } from "./panels.ts";
import { promQuery } from "./queries.ts";

/**
 * Rate, errors and duration of a service from its span metrics alone
 * (slo/span-metrics.ts), per operation (`span_name`). The duration panels
 * ask for exemplars: each point is a span's trace id, which the Prometheus
 * data source opens in Tempo (out/grafana/provisioning/datasources.yml maps
 * both `trace_id`, the OTel SDKs' and the connector's exemplar label, and
 * `traceID`, Tempo's, to the Tempo data source).
 */

export interface SpanRedDashboardOptions {
  /** Default: `<service> · spans`. */
  title?: string;
  /** Default: `<service>-spans`. */
  uid?: string;
  description?: string;
  folder?: string;
  /** The job variable's default: the job the span metrics are scraped or written under. */
  job?: string;
}

export function spanRedDashboard(
  spans: SpanMetrics,
  options: SpanRedDashboardOptions = {},
): CustomDashboardInput {
  // The variables' choice, as on every generated dashboard (dashboard/target-job, target-instance).
  const scope: Matchers = { ...spans.matchers, job: re("$job"), instance: re("$instance") };
  const rate = (series: string, extra: Matchers = {}) =>
    `rate(${selector(series, { ...scope, ...extra })}[$__rate_interval])`;
  const calls = (extra?: Matchers) => rate(spans.calls, extra);
  const errorRatio = (by: string) => {
    const all = `sum${by}(${calls()})`;
    // `or … * 0` keeps the ratio at 0 (not "no data") while nothing fails.
    return `(sum${by}(${calls({ status_code: SPAN_ERROR_STATUS })}) or ${all} * 0) / ${all}`;
  };
  const perSpan = " by (span_name) ";
  const unit = spans.durationUnit;
  const quantile = (q: number, by: string) =>
    `histogram_quantile(${q}, sum by (${by}) (${rate(`${spans.duration}_bucket`)}))`;
  return {
    kind: "dashboard",
    title: options.title ?? `${spans.service} · spans`,
    uid: options.uid ?? `${spans.service}-spans`,
    description:
      options.description ??
      `Rate, errors and duration of ${spans.service} from span metrics (${spans.calls}, ${spans.duration}); exemplars open the trace in Tempo.`,
    tags: ["spans", spans.flavour],
    ...(options.folder !== undefined && { folder: options.folder }),
    variables: [jobVariable(spans.calls, options.job), instanceVariable(spans.calls)],
    rows: [
      {
        panels: [
          statPanel({
            title: "Request rate",
            description: "Request spans per second, all operations.",
            unit: "reqps",
            queries: [promQuery(`sum(${calls()})`)],
          }),
          statPanel({
            title: "Error ratio",
            description: `Share of request spans with status ${SPAN_ERROR_STATUS}.`,
            unit: "percentunit",
            queries: [promQuery(errorRatio(""))],
          }),
          statPanel({
            title: "p99 duration",
            description: "99th percentile of request span duration, all operations.",
            unit,
            queries: [promQuery(quantile(0.99, "le"))],
          }),
        ],
      },
      {
        title: "Rate",
        panels: [
          timeseriesPanel({
            title: "Requests by operation",
            description: "Request spans per second, by span name.",
            unit: "reqps",
            queries: [promQuery(`sum${perSpan}(${calls()})`, { legend: "{{span_name}}" })],
          }),
        ],
      },
      {
        title: "Errors",
        panels: [
          timeseriesPanel({
            title: "Error ratio by operation",
            description: `Share of request spans with status ${SPAN_ERROR_STATUS}, by span name.`,
            unit: "percentunit",
            queries: [promQuery(errorRatio(perSpan), { legend: "{{span_name}}" })],
          }),
        ],
      },
      {
        title: "Duration",
        panels: [
          timeseriesPanel({
            title: "p95 duration by operation",
            description:
              "95th percentile of request span duration, by span name; the dots are exemplars, each opening its trace in Tempo.",
            unit,
            queries: [
              promQuery(quantile(0.95, "span_name, le"), {
                legend: "{{span_name}}",
                exemplar: true,
              }),
            ],
          }),
          heatmapPanel({
            title: "Duration distribution",
            description:
              "Request spans per duration bucket; exemplars (trace ids) are drawn on the buckets.",
            unit,
            exemplars: true,
            queries: [
              promQuery(`sum by (le) (${rate(`${spans.duration}_bucket`)})`, {
                format: "heatmap",
                legend: "{{le}}",
                exemplar: true,
              }),
            ],
          }),
        ],
      },
    ],
  };
}
