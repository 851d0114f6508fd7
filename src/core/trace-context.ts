/**
 * W3C Trace Context ids as log lines carry them, shared by lint-logs and
 * the Loki correlation rules so both call the same lines correlated. A
 * trace id is 16 bytes and a span id 8, written as lowercase hex; all
 * zeros is the spec's invalid id (https://www.w3.org/TR/trace-context/#trace-id).
 */
export const TRACE_ID_RE = /^[0-9a-f]{32}$/;
export const SPAN_ID_RE = /^[0-9a-f]{16}$/;
export const ZERO_TRACE_ID = "0".repeat(32);
export const ZERO_SPAN_ID = "0".repeat(16);

export function isValidTraceId(value: unknown): boolean {
  return typeof value === "string" && TRACE_ID_RE.test(value) && value !== ZERO_TRACE_ID;
}

export function isValidSpanId(value: unknown): boolean {
  return typeof value === "string" && SPAN_ID_RE.test(value) && value !== ZERO_SPAN_ID;
}

/**
 * Fields that only a line written while serving a request has: the
 * OpenTelemetry semantic conventions' HTTP and RPC attributes (`http.method`
 * is their name before v1.21). A line with any of them, or with a trace or
 * span id field, is request-scoped and must carry both ids.
 */
export const DEFAULT_REQUEST_FIELDS: readonly string[] = [
  "http.request.method",
  "http.method",
  "http.route",
  "url.path",
  "rpc.method",
];
