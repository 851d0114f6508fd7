import { jsonFailure, parseYaml } from "../load/yaml.ts";
import type { Incident } from "./score.ts";
import type { Series, TimeRange } from "./series.ts";

/** A one-line complaint about a backtest input: `file:line:col: path: expected …, got …`. */
export class InputError extends Error {}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function got(value: unknown): string {
  return value === undefined
    ? "nothing"
    : JSON.stringify(value instanceof Date ? value.toISOString() : value);
}

function time(file: string, path: string, value: unknown): number {
  // js-yaml may already have read the timestamp as a Date.
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime() / 1000;
  if (typeof value === "string" && RFC3339.test(value) && !Number.isNaN(Date.parse(value)))
    return Date.parse(value) / 1000;
  throw new InputError(`${file}: ${path}: expected an RFC 3339 time, got ${got(value)}`);
}

/** `incidents: [{start, end, slo?, alert?}]` (RFC 3339 times), as `--incidents` reads it. */
export function parseIncidents(file: string, text: string): Incident[] {
  const parsed = parseYaml(text, { filename: file });
  if (!parsed.ok) {
    const at = parsed.line === undefined ? "" : `:${parsed.line}:${parsed.column}`;
    throw new InputError(`${file}${at}: expected YAML, got ${parsed.message}`);
  }
  const doc = parsed.documents[0] as { incidents?: unknown } | null | undefined;
  const list = doc?.incidents;
  if (!Array.isArray(list))
    throw new InputError(
      `${file}: incidents: expected a list of {start, end, slo?, alert?}, got ${got(list)}`,
    );
  return list.map((item, i): Incident => {
    const path = `incidents[${i}]`;
    if (item === null || typeof item !== "object" || Array.isArray(item))
      throw new InputError(
        `${file}: ${path}: expected {start, end, slo?, alert?}, got ${got(item)}`,
      );
    const entry = item as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (!["start", "end", "slo", "alert"].includes(key))
        throw new InputError(
          `${file}: ${path}.${key}: expected one of start, end, slo, alert, got ${got(key)}`,
        );
    }
    const start = time(file, `${path}.start`, entry.start);
    const end = time(file, `${path}.end`, entry.end);
    if (end <= start)
      throw new InputError(
        `${file}: ${path}.end: expected a time after start, got ${got(entry.end)}`,
      );
    const incident: Incident = { start, end };
    for (const key of ["slo", "alert"] as const) {
      const v = entry[key];
      if (v === undefined) continue;
      if (typeof v !== "string" || v === "")
        throw new InputError(`${file}: ${path}.${key}: expected a name, got ${got(v)}`);
      incident[key] = v;
    }
    return incident;
  });
}

/**
 * The time range an OpenMetrics history covers: its first and last sample
 * timestamps, read line by line (a month of history is larger than a string
 * may be). promtool checks the rest of the syntax when it backfills.
 */
export async function openMetricsRange(
  file: string,
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<TimeRange> {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let line = 0;
  for await (const raw of lines) {
    line++;
    if (raw === "" || raw.startsWith("#")) continue;
    // The timestamp is the last field after the value (an exemplar would follow " # ").
    const sample = raw.split(" # ")[0]!.trimEnd();
    const fields = sample
      .slice(sample.lastIndexOf("}") + 1)
      .trim()
      .split(/\s+/);
    const ts = fields.length >= 2 ? Number(fields[fields.length - 1]) : Number.NaN;
    if (!Number.isFinite(ts))
      throw new InputError(
        `${file}:${line}: sample: expected a value and a timestamp (OpenMetrics text as promtool backfills), got ${got(raw.slice(0, 80))}`,
      );
    if (ts < start) start = ts;
    if (ts > end) end = ts;
  }
  if (start > end) throw new InputError(`${file}: expected at least one sample, got none`);
  return { start, end: end + 1 };
}

/** A Prometheus `query_range` answer (`{"status":"success","data":{"resultType":"matrix",…}}`) as series. */
export function parseQueryRangeJson(file: string, text: string): Series[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const { message, line, column } = jsonFailure(text, error);
    const at = line === undefined ? "" : `:${line}:${column}`;
    throw new InputError(`${file}${at}: expected JSON, got ${message}`);
  }
  const data = (doc as { data?: { resultType?: unknown; result?: unknown } } | null)?.data;
  if (data?.resultType !== "matrix")
    throw new InputError(
      `${file}: data.resultType: expected "matrix" (a query_range answer), got ${got(data?.resultType)}`,
    );
  if (!Array.isArray(data.result))
    throw new InputError(
      `${file}: data.result: expected a list of series, got ${got(data.result)}`,
    );
  return data.result.map((entry: unknown, i): Series => {
    const path = `data.result[${i}]`;
    const { metric, values } = (entry ?? {}) as { metric?: unknown; values?: unknown };
    if (
      metric === null ||
      typeof metric !== "object" ||
      Object.values(metric).some((v) => typeof v !== "string")
    )
      throw new InputError(`${file}: ${path}.metric: expected a label set, got ${got(metric)}`);
    if (typeof (metric as Record<string, string>).__name__ !== "string")
      throw new InputError(
        `${file}: ${path}.metric.__name__: expected the metric name, got nothing`,
      );
    if (!Array.isArray(values))
      throw new InputError(
        `${file}: ${path}.values: expected a list of [time, "value"], got ${got(values)}`,
      );
    const samples = values.map((pair: unknown, k): [number, number] => {
      const ok =
        Array.isArray(pair) &&
        pair.length === 2 &&
        typeof pair[0] === "number" &&
        typeof pair[1] === "string";
      const v = ok ? Number(pair[1]) : Number.NaN;
      if (!ok || (Number.isNaN(v) && pair[1] !== "NaN"))
        throw new InputError(
          `${file}: ${path}.values[${k}]: expected [time, "value"], got ${got(pair)}`,
        );
      return [pair[0] as number, v];
    });
    return { labels: metric as Record<string, string>, samples };
  });
}
