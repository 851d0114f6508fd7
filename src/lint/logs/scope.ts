import type { LogLine } from "../../loglines/line.ts";
import type { LogProfile } from "./profile.ts";

/**
 * Why a line is request-scoped, so it must carry both ids: the first of the
 * trace id, span id and request fields it has; undefined when it has none
 * (a start-up line, a background job's line).
 */
export function requestScopeField(line: LogLine, profile: LogProfile): string | undefined {
  const fields = line.fields;
  if (fields.size === 0) return undefined;
  if (fields.has(profile.traceId)) return profile.traceId;
  if (fields.has(profile.spanId)) return profile.spanId;
  for (const name of profile.requestFields) if (fields.has(name)) return name;
  return undefined;
}
