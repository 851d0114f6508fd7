/**
 * What the exposition stage hands on for each metric family it reads; the
 * catalogue builds the same shape, so the naming checks see one type.
 */

/** The metric types of both formats (OpenMetrics `unknown` is `untyped`). */
export type FamilyType =
  | "counter"
  | "gauge"
  | "histogram"
  | "summary"
  | "untyped"
  | "gaugehistogram"
  | "info"
  | "stateset";

/** A metric family as the naming checks see it, whichever source it came from. */
export interface MetricFamily {
  /** The name Prometheus stores: OpenMetrics counters carry `_total`, info metrics `_info`. */
  name: string;
  type: FamilyType;
  /** Undefined when there is no HELP (an empty HELP line counts as none, as in promlint). */
  help?: string;
  /** OpenMetrics `# UNIT` (a word such as `seconds`) or the catalogue's UCUM unit (`s`). */
  unit?: string;
  unitKind?: "ucum" | "word";
  /** Label names seen, sorted; `le` of histograms and `quantile` of summaries are not included. */
  labels: readonly string[];
  /** The OpenTelemetry instrument name (catalogue only). */
  otelName?: string;
  origin: "text" | "openmetrics" | "catalogue";
  /** Where the family starts in its exposition, and that line's text. */
  line?: number;
  excerpt?: string;
  /**
   * Text format only: more lines of a family already handed on, which came
   * back after other families (expfmt merges them into one). `labels` are
   * those of the new lines only; type and HELP are the merged family's.
   */
  continued?: boolean;
}

/**
 * What a consumer of families attaches to one (the sink's return value):
 * the parser keeps it with the family's summary and hands it back with a
 * continuation, so the consumer needs no table of its own.
 */
export type FamilyMemo = unknown;
