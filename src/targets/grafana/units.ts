import { tidyNumber } from "../../core/numbers.ts";
import type { Metric } from "../../model/metric.ts";
import type { GrafanaUnit } from "./panels.ts";

/**
 * UCUM units as the catalogue spells them (OpenTelemetry's) to Grafana unit
 * ids. `1` stays a plain number: OpenTelemetry uses it both for ratios and,
 * in some receivers, for counts, so a percentage would be a guess.
 */
const UCUM_TO_GRAFANA: Record<string, GrafanaUnit> = {
  s: "s",
  ms: "ms",
  us: "µs",
  ns: "ns",
  min: "m",
  h: "h",
  d: "d",
  By: "bytes",
  KiBy: "kbytes",
  MiBy: "mbytes",
  GiBy: "gbytes",
  kBy: "deckbytes",
  MBy: "decmbytes",
  GBy: "decgbytes",
  bit: "bits",
  "By/s": "Bps",
  "bit/s": "bps",
  "%": "percent",
  "1": "none",
  Cel: "celsius",
  Hz: "hertz",
  V: "volt",
  A: "amp",
  W: "watt",
  J: "joule",
};

/** The unit of a metric's value. */
export function valueUnit(unit: string): GrafanaUnit {
  return UCUM_TO_GRAFANA[unit] ?? "short";
}

/** The unit of `rate()` of a counter (or of a histogram's `_count`): per second. */
export function rateUnit(metric: Pick<Metric, "unit" | "type" | "otelName">): GrafanaUnit {
  if (metric.type === "histogram" || metric.type === "summary") {
    // A histogram counts observations: requests for HTTP and RPC servers, operations otherwise.
    return /^(http|rpc)\./.test(metric.otelName ?? "") ? "reqps" : "ops";
  }
  if (metric.unit === "By") return "Bps";
  if (metric.unit === "bit") return "bps";
  if (metric.unit === "{request}") return "reqps";
  if (metric.unit === "{message}") return "mps";
  if (metric.unit === "{packet}") return "pps";
  return "cps";
}

/** Round away float noise (99.9 / 100 = 0.9990000000000001) for thresholds people read. */
export function tidy(value: number): number {
  return tidyNumber(value);
}
