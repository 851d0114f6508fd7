import { eq, type Matchers, oneOf } from "../core/label-matchers.ts";
import { WINDOW } from "../core/window.ts";
import type { MetricInput } from "../model/metric.ts";
import type { SliInput } from "../model/slo.ts";
import { selector } from "../promql/query.ts";

/**
 * Span metrics as SLI sources: the RED series Tempo's metrics-generator or
 * the OpenTelemetry Collector's spanmetrics connector derive from spans, so
 * a service with traces and no metrics of its own still gets SLOs.
 *
 * Names, as each generator writes them to Prometheus:
 * - Tempo metrics-generator (span-metrics processor, Tempo ≥ 1.5):
 *   `traces_spanmetrics_calls_total` and the histogram
 *   `traces_spanmetrics_latency` (seconds; 1.4 called it
 *   `traces_spanmetrics_duration_seconds`); the service label is `service`.
 * - spanmetrics connector: `calls` and `duration` under the namespace
 *   `traces.span.metrics` (the default since collector-contrib v0.109; before,
 *   none), exported with the OTLP→Prometheus suffixes:
 *   `traces_span_metrics_calls_total`,
 *   `traces_span_metrics_duration_milliseconds` (the histogram unit is `ms`
 *   unless `histogram.unit: s`); older collectors `calls_total` and
 *   `duration_milliseconds`. The service label is `service_name`.
 * Both label spans with `span_name`, `span_kind` (`SPAN_KIND_SERVER`…) and
 * `status_code` (`STATUS_CODE_ERROR`, `STATUS_CODE_OK`, `STATUS_CODE_UNSET`).
 */

export type SpanMetricsFlavour = "tempo" | "connector";

export interface SpanMetricsOptions {
  flavour: SpanMetricsFlavour;
  /** The service whose spans count (the value of the service label). */
  service: string;
  /** Connector only: its `namespace` setting (default `traces.span.metrics`; "" for collectors before v0.109). */
  namespace?: string;
  /** Connector only: its `histogram.unit` (default `ms`); Tempo always records seconds. */
  histogramUnit?: "ms" | "s";
  /** Histogram bucket bounds in the histogram's unit (default: the generator's defaults). */
  buckets?: readonly number[];
  /** Span kinds that count as the service's requests (default `SPAN_KIND_SERVER`). */
  spanKinds?: readonly string[];
  /** The label carrying the service (default: `service` for Tempo, `service_name` for the connector). */
  serviceLabel?: string;
  /** More matchers on every query, e.g. `{ deployment_environment: "production" }`. */
  matchers?: Matchers;
}

/** What the SLI and dashboard helpers need to know about a service's span metrics. */
export interface SpanMetrics {
  flavour: SpanMetricsFlavour;
  service: string;
  /** The calls counter, e.g. `traces_spanmetrics_calls_total`. */
  calls: string;
  /** The duration histogram family (without `_bucket`), e.g. `traces_spanmetrics_latency`. */
  duration: string;
  durationUnit: "ms" | "s";
  buckets: readonly number[];
  serviceLabel: string;
  /** Selects the service's request spans: service, span kinds and the extra matchers. */
  matchers: Matchers;
  /** Catalogue entries of the two families, for the service's `metrics`. */
  metrics: MetricInput[];
}

/** Tempo's default `histogram_buckets` (seconds). */
export const TEMPO_BUCKETS = [
  0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384,
] as const;
/** The spanmetrics connector's default explicit buckets (milliseconds). */
export const CONNECTOR_BUCKETS_MS = [
  2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000,
] as const;
export const CONNECTOR_NAMESPACE = "traces.span.metrics";
export const SPAN_ERROR_STATUS = "STATUS_CODE_ERROR";
export const SPAN_LABELS = ["span_name", "span_kind", "status_code"] as const;

export function spanMetrics(options: SpanMetricsOptions): SpanMetrics {
  const tempo = options.flavour === "tempo";
  const unit = tempo ? "s" : (options.histogramUnit ?? "ms");
  const prefix = tempo ? "traces_spanmetrics_" : namespacePrefix(options.namespace);
  const calls = `${prefix}calls_total`;
  const duration = tempo
    ? "traces_spanmetrics_latency"
    : `${prefix}duration_${unit === "s" ? "seconds" : "milliseconds"}`;
  const buckets = [
    ...(options.buckets ??
      (tempo
        ? TEMPO_BUCKETS
        : unit === "ms"
          ? CONNECTOR_BUCKETS_MS
          : CONNECTOR_BUCKETS_MS.map(msToS))),
  ];
  const serviceLabel = options.serviceLabel ?? (tempo ? "service" : "service_name");
  const kinds = options.spanKinds ?? ["SPAN_KIND_SERVER"];
  const matchers: Matchers = {
    [serviceLabel]: options.service,
    span_kind: kinds.length === 1 ? eq(kinds[0]!) : oneOf(kinds),
    ...options.matchers,
  };
  const labels = [serviceLabel, ...SPAN_LABELS, ...Object.keys(options.matchers ?? {})];
  const source = tempo ? "Tempo metrics-generator" : "OpenTelemetry spanmetrics connector";
  // The generators fix these names; naming checks have nothing to ask of them.
  const lint = { disable: ["otel/unit-suffix", "otel/ucum-unit", "metric/base-unit"] };
  return {
    flavour: options.flavour,
    service: options.service,
    calls,
    duration,
    durationUnit: unit,
    buckets,
    serviceLabel,
    matchers,
    metrics: [
      {
        name: calls,
        type: "counter",
        unit: "{span}",
        help: `Spans counted by the ${source}.`,
        labels,
      },
      {
        name: duration,
        type: "histogram",
        unit,
        help: `Span durations recorded by the ${source}.`,
        labels,
        buckets,
        lint,
      },
    ],
  };
}

export interface SpanSliOptions {
  /** More matchers, e.g. `{ span_name: "POST /shipments" }` for one operation. */
  matchers?: Matchers;
}

/** Availability from spans: spans with status `STATUS_CODE_ERROR` over all of the service's request spans. */
export function spanAvailabilitySli(spans: SpanMetrics, options: SpanSliOptions = {}): SliInput {
  const scope = { ...spans.matchers, ...options.matchers };
  const rate = (m: Matchers) => `sum(rate(${selector(spans.calls, m)}[${WINDOW}]))`;
  return {
    kind: "events",
    errorQuery: rate({ ...scope, status_code: SPAN_ERROR_STATUS }),
    totalQuery: rate(scope),
  };
}

export interface SpanLatencySliOptions extends SpanSliOptions {
  /** Seconds; in the histogram's unit it must be one of its bucket bounds (0.4 s = `le="400"` in ms). */
  thresholdSeconds: number;
}

/** Latency from spans: the share of request spans slower than the threshold. */
export function spanLatencySli(spans: SpanMetrics, options: SpanLatencySliOptions): SliInput {
  const threshold =
    spans.durationUnit === "ms" ? sToMs(options.thresholdSeconds) : options.thresholdSeconds;
  return {
    kind: "latency",
    metric: spans.duration,
    threshold,
    matchers: { ...spans.matchers, ...options.matchers },
  };
}

/** `traces.span.metrics` → `traces_span_metrics_` (the translation's `.` → `_`). */
function namespacePrefix(namespace: string = CONNECTOR_NAMESPACE): string {
  const name = namespace.replace(/[^a-zA-Z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return name === "" ? "" : `${name}_`;
}

/** Rounded to a microsecond, so 0.4 s is 400 ms and not 400.00000000000006. */
function sToMs(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e3;
}

function msToS(ms: number): number {
  return Math.round(ms * 1e3) / 1e6;
}
