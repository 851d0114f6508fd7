import type { ExpositionFormat } from "./format.ts";
import { EXPOSITION_LIMITS } from "./limits.ts";
import type { ExpositionParser, ExpositionSink } from "./line-parser.ts";
import { openMetricsParser } from "./openmetrics-format.ts";
import { textParser } from "./text-format.ts";

/**
 * A line-at-a-time parser for the Prometheus text format (0.0.4,
 * text-format.ts) and OpenMetrics 1.0 (openmetrics-format.ts). It keeps
 * state per metric family only (never per line or per sample), and that
 * state is bounded too (ExpositionLimits): families are handed to the sink as
 * soon as they are complete, so memory stays flat however long the input is
 * and however many families it has. It reports every malformed line with a
 * position instead of stopping at the first one.
 */
export function createExpositionParser(
  format: ExpositionFormat,
  sink: ExpositionSink,
): ExpositionParser {
  const limits = { ...EXPOSITION_LIMITS, ...sink.limits };
  return format === "text" ? textParser(sink, limits) : openMetricsParser(sink, limits);
}
