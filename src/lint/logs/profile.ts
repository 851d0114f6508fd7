import { DEFAULT_REQUEST_FIELDS } from "../../core/trace-context.ts";

/**
 * What lint-logs expects of a log stream: the parser its lines are for and
 * the names of the fields that carry the trace context and the level. The
 * default is the OpenTelemetry log data model's names (`trace_id`,
 * `span_id`, `severity_text`, as the OTLP JSON and the Collector's file
 * exporter write them); `--service NAME` takes a service's `logs`.
 */
export interface LogProfile {
  /** `auto`: the first non-blank line decides (json or logfmt; plain turns the parser checks off). */
  format: "json" | "logfmt" | "plain" | "auto";
  traceId: string;
  spanId: string;
  level: string;
  /**
   * A line is request-scoped, so it must carry the trace context, when it
   * has any of these fields, or the trace or span id field itself.
   */
  requestFields: readonly string[];
  /** Where the profile comes from, for messages: `the OpenTelemetry profile`, `service checkout-api`. */
  source: string;
}

export const OTEL_LOG_PROFILE: LogProfile = {
  format: "auto",
  traceId: "trace_id",
  spanId: "span_id",
  level: "severity_text",
  requestFields: DEFAULT_REQUEST_FIELDS,
  source: "the OpenTelemetry profile",
};

/** The profile of a service's declared `logs` (its format, its field names, its correlation settings). */
export function serviceLogProfile(
  service: string,
  logs: {
    format: "json" | "logfmt" | "plain";
    fields: { traceId: string; spanId: string; level: string };
    correlation?: false | { requestFields: readonly string[] };
  },
): LogProfile {
  const requestFields =
    logs.correlation === undefined || logs.correlation === false
      ? DEFAULT_REQUEST_FIELDS
      : logs.correlation.requestFields;
  return {
    format: logs.format,
    traceId: logs.fields.traceId,
    spanId: logs.fields.spanId,
    level: logs.fields.level,
    requestFields,
    source: `service ${service}`,
  };
}
