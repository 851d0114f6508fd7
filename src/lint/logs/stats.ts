import { isValidSpanId, isValidTraceId } from "../../core/trace-context.ts";
import type { LineFormat, LogLine } from "../../loglines/line.ts";
import type { LogProfile } from "./profile.ts";
import { requestScopeField } from "./scope.ts";

/** Distinct field names remembered for the name checks; past it, new names are not compared. */
export const MAX_FIELD_NAMES = 10_000;

/** Characters of a line kept to show where something was first seen. */
const EXCERPT_MAX = 200;

/** Where something was first seen: a line number and the start of its text. */
export interface FirstSeen {
  count: number;
  firstLine: number;
  excerpt: string;
}

/** How many structured lines have a field, and how many of those have a valid value (ids only). */
export interface FieldShare {
  present: number;
  valid: number;
}

/**
 * What lint-logs counts over a stream for its stream checks. Every part is
 * a counter or bounded by MAX_FIELD_NAMES, so memory does not grow with the
 * number of lines.
 */
export interface LogStreamStats {
  /** Non-blank lines read. */
  lines: number;
  /** Lines in JSON or logfmt (the fields below count among them). */
  structured: number;
  formats: ReadonlyMap<LineFormat, FirstSeen>;
  traceId: FieldShare;
  spanId: FieldShare;
  level: FieldShare;
  /** Request-scoped lines, and those of them with a valid trace id and span id. */
  requestScoped: number;
  correlated: number;
  /** Field names as written, with the lines they are on. */
  names: ReadonlyMap<string, FirstSeen>;
  /** More than MAX_FIELD_NAMES distinct names came: later ones were not remembered. */
  namesCapped: boolean;
}

export interface StatsCounter {
  add(line: LogLine): void;
  stats(): LogStreamStats;
}

export function createStatsCounter(profile: LogProfile): StatsCounter {
  const formats = new Map<LineFormat, FirstSeen>();
  const names = new Map<string, FirstSeen>();
  const traceId = { present: 0, valid: 0 };
  const spanId = { present: 0, valid: 0 };
  const level = { present: 0, valid: 0 };
  let lines = 0;
  let structured = 0;
  let requestScoped = 0;
  let correlated = 0;
  let namesCapped = false;
  const seen = (map: Map<string, FirstSeen>, key: string, line: LogLine): boolean => {
    const known = map.get(key);
    if (known !== undefined) {
      known.count++;
      return true;
    }
    if (map === names && map.size >= MAX_FIELD_NAMES) return false;
    map.set(key, { count: 1, firstLine: line.number, excerpt: line.text.slice(0, EXCERPT_MAX) });
    return true;
  };
  return {
    add(line) {
      lines++;
      seen(formats as Map<string, FirstSeen>, line.format, line);
      if (line.format === "plain") return;
      structured++;
      const fields = line.fields;
      for (const name of fields.keys()) if (!seen(names, name, line)) namesCapped = true;
      const trace = fields.get(profile.traceId);
      const span = fields.get(profile.spanId);
      const traceOk = trace !== undefined && isValidTraceId(trace);
      const spanOk = span !== undefined && isValidSpanId(span);
      if (trace !== undefined) traceId.present++;
      if (traceOk) traceId.valid++;
      if (span !== undefined) spanId.present++;
      if (spanOk) spanId.valid++;
      if (fields.has(profile.level)) {
        level.present++;
        level.valid++;
      }
      if (requestScopeField(line, profile) !== undefined) {
        requestScoped++;
        if (traceOk && spanOk) correlated++;
      }
    },
    stats: () => ({
      lines,
      structured,
      formats,
      traceId,
      spanId,
      level,
      requestScoped,
      correlated,
      names,
      namesCapped,
    }),
  };
}
