import { compareStrings } from "../core/order.ts";

/** One time series: its labels (the metric name as `__name__`) and samples at Unix seconds. */
export interface Series {
  labels: Record<string, string>;
  samples: Array<[number, number]>;
}

/** A half-open time range in Unix seconds. */
export interface TimeRange {
  start: number;
  end: number;
}

/** `{a="1",b="2"}` with sorted names: the identity of a label set. */
export function labelKey(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort(compareStrings);
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(",")}}`;
}

/** OpenMetrics escapes in label values: backslash, double quote, line feed. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(v);
}

/**
 * Series as OpenMetrics text with timestamps, the input of `promtool tsdb
 * create-blocks-from openmetrics`. A family must be contiguous, so series
 * are grouped by name (sorted, for deterministic files); samples are
 * written in time order.
 */
export function* openMetricsLines(
  series: readonly Series[],
  options: { eof?: boolean } = {},
): Generator<string> {
  const byName = new Map<string, Series[]>();
  for (const s of series) {
    const name = s.labels.__name__ ?? "";
    const list = byName.get(name) ?? [];
    list.push(s);
    byName.set(name, list);
  }
  for (const name of [...byName.keys()].sort(compareStrings)) {
    for (const s of byName.get(name)!) {
      const names = Object.keys(s.labels)
        .filter((n) => n !== "__name__")
        .sort(compareStrings);
      const set = names.map((n) => `${n}="${escapeLabelValue(s.labels[n]!)}"`).join(",");
      const prefix = set === "" ? name : `${name}{${set}}`;
      let chunk = "";
      for (const [t, v] of s.samples) {
        chunk += `${prefix} ${formatValue(v)} ${t}\n`;
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = "";
        }
      }
      if (chunk !== "") yield chunk;
    }
  }
  if (options.eof !== false) yield "# EOF\n";
}
