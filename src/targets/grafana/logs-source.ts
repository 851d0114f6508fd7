export { fieldLabel } from "../../logql/query.ts";

/**
 * What the logs dashboard needs to know about a service's logs. The service
 * model's `logs` field is read through this small interface, defensively,
 * so the dashboard does not depend on every detail of the Loki model.
 */
export interface LogsSource {
  /** LogQL stream selector, e.g. `{service_name="checkout"}`. */
  selector: string;
  /** `json`, `logfmt` or `plain`. */
  format: string;
  levelField?: string;
  traceIdField?: string;
  /** The correlation objective in percent, when the service has correlation rules. */
  correlationObjective?: number;
}

export const DEFAULT_LEVEL_FIELD = "level";
export const DEFAULT_TRACE_ID_FIELD = "trace_id";

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The service's Loki source, or undefined when it declares none. */
export function logsSourceOf(service: unknown): LogsSource | undefined {
  const logs = (service as { logs?: unknown } | undefined)?.logs;
  if (typeof logs !== "object" || logs === null) return undefined;
  const l = logs as Record<string, unknown>;
  const selector = str(l.selector);
  if (selector === undefined) return undefined;
  const fields = (typeof l.fields === "object" && l.fields !== null ? l.fields : {}) as Record<
    string,
    unknown
  >;
  const levelField = str(fields.level) ?? str(l.levelField);
  const format = str(l.format) ?? "plain";
  const correlation = l.correlation as { objective?: unknown } | false | undefined;
  const correlationObjective =
    format !== "plain" &&
    typeof correlation === "object" &&
    typeof correlation.objective === "number"
      ? correlation.objective
      : undefined;
  const traceIdField = str(fields.traceId) ?? str(l.traceIdField);
  return {
    selector,
    format,
    ...(levelField !== undefined && { levelField }),
    ...(traceIdField !== undefined && { traceIdField }),
    ...(correlationObjective !== undefined && { correlationObjective }),
  };
}
