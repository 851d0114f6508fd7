import type { Duration } from "../../core/duration.ts";
import { correlationEnabled, type LogFormat } from "../../model/logs.ts";

export { CORRELATION_RECORDS } from "../../model/logs.ts";
import type { Service } from "../../model/service.ts";

/**
 * The log–trace correlation rules of a service, as the Loki and Prometheus
 * targets and the logs dashboard share them: the recorded names and what
 * the rules need of the service's `logs`.
 */
export const CORRELATION_ALERT = "LogTraceCorrelationBelowObjective";

/** The one group name of the correlation rules in both files (Loki's and Prometheus's). */
export function correlationGroupName(service: string): string {
  return `obsforge-log-correlation-${service}`;
}

export interface LogCorrelation {
  selector: string;
  format: Exclude<LogFormat, "plain">;
  traceId: string;
  spanId: string;
  level: string;
  requestFields: readonly string[];
  /** Percent. */
  objective: number;
  for: Duration;
}

/**
 * What a service's correlation rules are built from, or undefined when it
 * has none: no `logs`, `logs.correlation: false`, or plain-text logs (no
 * parser can read fields out of them).
 */
export function logCorrelationOf(service: Service): LogCorrelation | undefined {
  const logs = service.logs;
  if (logs === undefined || !correlationEnabled(logs) || logs.correlation === false)
    return undefined;
  if (logs.format === "plain") return undefined;
  return {
    selector: logs.selector,
    format: logs.format,
    traceId: logs.fields.traceId,
    spanId: logs.fields.spanId,
    level: logs.fields.level,
    requestFields: logs.correlation.requestFields,
    objective: logs.correlation.objective,
    for: logs.correlation.for,
  };
}
