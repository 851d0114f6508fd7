import { z } from "zod";
import { labelNameSchema, lintFieldSchema } from "./common.ts";
import { METRIC_NAME_RE } from "../core/names.ts";

export const METRIC_TYPES = ["counter", "gauge", "histogram", "summary"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/**
 * One entry of the metric catalogue: what a service exposes, as Prometheus
 * sees it (OpenTelemetry metrics after the OTLP→Prometheus name translation).
 */
export const metricSchema = z
  .strictObject({
    name: z
      .string()
      .regex(METRIC_NAME_RE, { error: "expected a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*" })
      .meta({
        description: "Prometheus metric family name, e.g. http_server_request_duration_seconds",
      }),
    type: z.enum(METRIC_TYPES),
    unit: z
      .string()
      .min(1, { error: 'expected a UCUM unit such as "s", "By", "1" or "{request}"' })
      .meta({ description: 'UCUM unit as in OpenTelemetry: "s", "By", "1", "{request}"' }),
    help: z.string().min(1, { error: "expected a non-empty help text" }),
    labels: z.array(labelNameSchema).default([]),
    otelName: z
      .string()
      .regex(/^[a-z][a-z0-9_.]*$/, {
        error: "expected an OpenTelemetry metric name such as http.server.request.duration",
      })
      .optional()
      .meta({ description: "The OpenTelemetry instrument name this metric is exported from" }),
    buckets: z
      .array(z.number())
      .min(1)
      .optional()
      .meta({ description: "Histogram bucket upper bounds (le), ascending, without +Inf" }),
    lint: lintFieldSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.buckets === undefined) return;
    if (m.type !== "histogram") {
      ctx.addIssue({
        code: "custom",
        path: ["buckets"],
        message: `expected buckets only on histograms, got type "${m.type}"`,
      });
    }
    for (let i = 1; i < m.buckets.length; i++) {
      if (m.buckets[i]! <= m.buckets[i - 1]!) {
        ctx.addIssue({
          code: "custom",
          path: ["buckets", i],
          message: `expected ascending bucket bounds, got ${m.buckets[i]} after ${m.buckets[i - 1]}`,
        });
      }
    }
  });

export type Metric = z.infer<typeof metricSchema>;
export type MetricInput = z.input<typeof metricSchema>;

/** How a series may be used: counters need rate(), gauges must not get it. */
export type SeriesBehaviour = "counter" | "gauge" | "native-histogram" | "quantiles";

/** One series name a catalogue family is queried by. */
export interface FamilySeries {
  name: string;
  behaviour: SeriesBehaviour;
  /** Label names the series has: the family's, plus `le` for buckets and `quantile` for summaries. */
  labels: readonly string[];
}

/**
 * The series a family expands to as Prometheus stores it: a histogram's
 * `_bucket` (with `le`), `_sum` and `_count` (and the family name itself for
 * native histograms), a summary's quantiles, `_sum` and `_count`, a
 * counter's OpenMetrics `_created`.
 */
export function familySeries(family: Metric): FamilySeries[] {
  const at = (
    name: string,
    behaviour: SeriesBehaviour,
    extra: readonly string[] = [],
  ): FamilySeries => ({ name, behaviour, labels: [...family.labels, ...extra] });
  switch (family.type) {
    case "counter": {
      const out = [at(family.name, "counter")];
      // OpenMetrics exposes the counter's creation time next to it.
      if (family.name.endsWith("_total"))
        out.push(at(`${family.name.slice(0, -6)}_created`, "gauge"));
      return out;
    }
    case "gauge":
      return [at(family.name, "gauge")];
    case "histogram":
      return [
        at(`${family.name}_bucket`, "counter", ["le"]),
        at(`${family.name}_sum`, "counter"),
        at(`${family.name}_count`, "counter"),
        at(family.name, "native-histogram"),
      ];
    case "summary":
      return [
        at(family.name, "quantiles", ["quantile"]),
        at(`${family.name}_sum`, "counter"),
        at(`${family.name}_count`, "counter"),
      ];
  }
}
