/** A field's value as the line wrote it: JSON keeps its type, logfmt has strings only. */
export type LogValue = string | number | boolean | null | "[array]";

/** Nested objects deeper than this are not descended into (their fields are not read). */
export const MAX_JSON_DEPTH = 8;

export type JsonScan =
  | { ok: true; fields: Map<string, LogValue> }
  | { ok: false; column: number; message: string };

/**
 * A JSON log line: one object, whose nested objects are flattened into
 * dotted names (`{"trace":{"id":…}}` gives `trace.id`), as Loki's `| json`
 * flattens them (with `_` for the label name). Arrays are not descended.
 */
export function scanJsonLine(line: string): JsonScan {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, column: jsonErrorColumn(error), message: jsonErrorMessage(error) };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, column: 1, message: "expected a JSON object, got another JSON value" };
  const fields = new Map<string, LogValue>();
  flatten(value as Record<string, unknown>, "", 0, fields);
  return { ok: true, fields };
}

function flatten(
  object: Record<string, unknown>,
  prefix: string,
  depth: number,
  into: Map<string, LogValue>,
): void {
  for (const key in object) {
    const value = object[key];
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) into.set(name, "[array]");
    else if (typeof value === "object" && value !== null) {
      if (depth + 1 < MAX_JSON_DEPTH)
        flatten(value as Record<string, unknown>, name, depth + 1, into);
    } else into.set(name, value as LogValue);
  }
}

/** V8 says `… in JSON at position 41` (0-based); 1-based column, or 1 when it does not say. */
function jsonErrorColumn(error: unknown): number {
  const m = /at position (\d+)/.exec(error instanceof Error ? error.message : "");
  return m === null ? 1 : Number(m[1]) + 1;
}

/** V8's message without its position and without the line text it may quote. */
function jsonErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/Unexpected end of JSON input|Unterminated string/.test(text))
    return "expected a complete JSON object, got the end of the line";
  return "expected a JSON object, got invalid JSON";
}
