import { z } from "zod";
import { durationSchema } from "./duration.ts";
import { logSelectorSchema } from "./logql-expr.ts";
import { DEFAULT_REQUEST_FIELDS } from "../core/trace-context.ts";

export const LOG_FORMATS = ["json", "logfmt", "plain"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * The correlation objective: the share of request-scoped log lines that
 * carry a valid trace id and span id. By default every such line must
 * (100%): one line without them is a log nobody can follow to its trace.
 */
export const correlationSchema = z
  .strictObject({
    objective: z
      .number()
      .gt(0, { error: "expected a percentage 0 < x <= 100 (e.g. 99)" })
      .lte(100, { error: "expected a percentage 0 < x <= 100 (e.g. 99)" })
      .default(100)
      .meta({ description: "Percent of request-scoped lines that must carry both ids" }),
    requestFields: z
      .array(z.string().min(1))
      .min(1)
      .default([...DEFAULT_REQUEST_FIELDS])
      .meta({
        description:
          "Fields that make a line request-scoped (besides the trace and span id fields); default the OpenTelemetry HTTP and RPC attributes",
      }),
    for: durationSchema
      .default("15m")
      .meta({ description: "How long the share stays under the objective before the alert fires" }),
  })
  .meta({ description: "The log–trace correlation objective of a service's logs" });

export type CorrelationSettings = z.infer<typeof correlationSchema>;

/**
 * Where a service's logs are and how they are written. The seed's rule:
 * every log line in request context carries the trace and span ids as
 * structured fields, so log alerts and panels can lead to traces; `fields`
 * names them when they are not spelled trace_id / span_id.
 */
export const serviceLogsSchema = z
  .strictObject({
    selector: logSelectorSchema,
    format: z.enum(LOG_FORMATS).meta({
      description: "How lines are written: the parser (| json, | logfmt) that reads them",
    }),
    fields: z
      .strictObject({
        traceId: z.string().min(1).default("trace_id"),
        spanId: z.string().min(1).default("span_id"),
        level: z.string().min(1).default("level"),
      })
      .prefault({})
      .meta({
        description: "Names of the structured fields holding the trace id, span id and level",
      }),
    correlation: z
      .union([z.literal(false), correlationSchema])
      .prefault({})
      .meta({
        description:
          "Log–trace correlation coverage: Loki and Prometheus recording rules, an objective with an alert, a dashboard panel; false turns them off",
      }),
  })
  .meta({ description: "The service's log stream in Loki" });

export type ServiceLogs = z.infer<typeof serviceLogsSchema>;

/**
 * The series the correlation rules record (targets/loki and
 * targets/prometheus write them; lint knows them as recorded).
 */
export const CORRELATION_RECORDS = {
  /** Loki: request-scoped lines per 5m, by level. */
  requestScoped: "service_level:log_lines_request_scoped:count5m",
  /** Loki: the same lines with a valid trace id and span id, by level. */
  correlated: "service_level:log_lines_correlated:count5m",
  /** Prometheus: correlated over request-scoped, by level. */
  ratioByLevel: "service_level:log_lines_correlated:ratio5m",
  /** Prometheus: correlated over request-scoped, all levels. */
  ratio: "service:log_lines_correlated:ratio5m",
} as const;

/**
 * Whether a service's logs get correlation rules: on unless turned off, for
 * JSON and logfmt (no parser reads fields out of plain text).
 */
export function correlationEnabled(logs: Pick<ServiceLogs, "format" | "correlation">): boolean {
  return logs.correlation !== false && logs.format !== "plain";
}
export type ServiceLogsInput = z.input<typeof serviceLogsSchema>;

/** How much a service logs; `high` makes costly pipelines (unbounded `| json`) warnings. */
export const LOG_VOLUMES = ["normal", "high"] as const;
export type LogVolume = (typeof LOG_VOLUMES)[number];

/**
 * Where log-alert annotations link to: Grafana Explore with the alert's log
 * query, in the Loki data source with this uid.
 */
export const exploreSchema = z
  .strictObject({
    grafanaUrl: z
      .url({ error: "expected the absolute URL of Grafana, e.g. https://grafana.example.com" })
      .meta({ description: "Grafana's base URL (with its sub-path, if any)" }),
    datasourceUid: z
      .string()
      .min(1, { error: "expected the uid of the Loki data source in Grafana" }),
    orgId: z.int().positive().optional(),
    range: durationSchema
      .default("1h")
      .meta({ description: "How far back the Explore link looks, from now" }),
  })
  .meta({ description: "Grafana Explore links in log-alert annotations" });

export type ExploreSettings = z.infer<typeof exploreSchema>;
