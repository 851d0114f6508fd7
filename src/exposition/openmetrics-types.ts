import type { Fifo } from "./fifo.ts";
import type { LabelTracker } from "./label-tracker.ts";
import type { ExpositionLimits } from "./limits.ts";
import type { LineCursor } from "./line-parser.ts";

/**
 * OpenMetrics 1.0 as data: the types and the sample-name suffixes each owns
 * (the spec's tables), and what the parser keeps while it reads: families,
 * the series group being read, and the names met so far.
 */

export type OmType =
  | "counter"
  | "gauge"
  | "histogram"
  | "gaugehistogram"
  | "stateset"
  | "info"
  | "summary"
  | "unknown";

export const OM_TYPES = new Set<OmType>([
  "counter",
  "gauge",
  "histogram",
  "gaugehistogram",
  "stateset",
  "info",
  "summary",
  "unknown",
]);

/** Sample-name suffixes each type owns (OpenMetrics §"Metric types"). */
export const OM_SUFFIXES: Record<OmType, readonly string[]> = {
  counter: ["_total", "_created"],
  gauge: [""],
  unknown: [""],
  stateset: [""],
  histogram: ["_bucket", "_count", "_sum", "_created"],
  gaugehistogram: ["_bucket", "_gcount", "_gsum"],
  summary: ["", "_count", "_sum", "_created"],
  info: ["_info"],
};

export const ALL_SUFFIXES = [
  "_total",
  "_created",
  "_bucket",
  "_count",
  "_sum",
  "_gcount",
  "_gsum",
  "_info",
] as const;

/** Exemplars are allowed on counter totals and histogram buckets only. */
export function exemplarAllowed(type: OmType, suffix: string): boolean {
  return (
    (type === "counter" && suffix === "_total") ||
    ((type === "histogram" || type === "gaugehistogram") && suffix === "_bucket")
  );
}

/** Exemplar label sets are limited to 128 UTF-8 characters (code points), names and values together. */
export const EXEMPLAR_MAX_CHARS = 128;

export interface OmGroup {
  key: string;
  buckets: number;
  lastLe: number;
  lastBucket: number;
  infBucket: number | undefined;
  negativeBucket: boolean;
  count: number | undefined;
  sum: number | undefined;
  line: number;
}

export interface OmFamily extends LabelTracker {
  name: string;
  type: OmType;
  typed: boolean;
  help: string | undefined;
  hasHelp: boolean;
  unit: string | undefined;
  samples: number;
  line: number;
  excerpt: string;
  group: OmGroup | undefined;
  /** Label sets (without le/quantile) already finished in this family: they must not come back. */
  closedGroups: Set<string>;
  /** Characters of closedGroups' keys; past maxRetainedChars no more series are remembered. */
  closedGroupChars: number;
}

/** Beyond this many series in one family, stop checking that series are contiguous (bounded memory). */
export const MAX_TRACKED_GROUPS = 100_000;

export interface ParsedLabels {
  end: number;
  pairs: [string, string][];
}

/** Everything the OpenMetrics parser keeps between lines. */
export interface OmState extends LineCursor {
  readonly limits: ExpositionLimits;
  /**
   * Families met so far and their types, oldest first. OpenMetrics families
   * are contiguous, so only the current one is open; the names stay for the
   * "together" and clash checks, within maxTrackedNames and maxRetainedChars.
   */
  readonly seen: Map<string, OmType>;
  readonly seenOrder: Fifo<string>;
  seenChars: number;
  /** Whether a name was forgotten to stay within the limits (reported once). */
  limitReported: boolean;
  /** Label names of one label set, for the duplicate check (a Set: linear in the labels). */
  readonly pairNames: Set<string>;
  /** Within one label set: the value of the label just read. */
  labelValue: string;
  current: OmFamily | undefined;
  eof: boolean;
  afterEofReported: boolean;
  lastSeries: { key: string; ts: number | undefined } | undefined;
}

/** One sample line, as the value checks see it. */
export interface OmSample {
  /** The sample's name: the family name and one of its type's suffixes. */
  name: string;
  suffix: string;
  pairs: [string, string][];
  value: number;
  /** Column of the value, where value problems are reported. */
  column: number;
  timestamp: number | undefined;
}
