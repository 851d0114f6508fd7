/** The two exposition formats (Prometheus text 0.0.4 and OpenMetrics 1.0), and how `auto` picks one. */
export type ExpositionFormat = "text" | "openmetrics";

export type ExpositionFormatOption = ExpositionFormat | "auto";

/**
 * How much of the input `auto` looks at to choose the format: always this
 * prefix (or the whole input when shorter), whatever the chunking, so the
 * same bytes give the same format from a file, a pipe or a socket.
 */
export const FORMAT_SNIFF_LENGTH = 64 * 1024;

/**
 * The part of the input `auto` decides on: the first FORMAT_SNIFF_LENGTH
 * characters, cut after the last complete line in them (a cut line such as
 * `# EOFX` could otherwise look like `# EOF`), or all of a shorter input.
 */
export function sniffedHead(head: string, ended: boolean): string {
  if (ended && head.length <= FORMAT_SNIFF_LENGTH) return head;
  const prefix = head.slice(0, FORMAT_SNIFF_LENGTH);
  const nl = prefix.lastIndexOf("\n");
  return nl < 0 ? "" : prefix.slice(0, nl + 1);
}

const OPENMETRICS_HINT =
  /^# (?:EOF$|UNIT \S)|^# TYPE \S+ (?:info|stateset|gaugehistogram|unknown)$/m;

/**
 * `auto`: the Content-Type when it names a format, else a look at the first
 * chunk: `# EOF`, `# UNIT` and the OpenMetrics-only types do not occur in
 * the text format.
 */
export function chooseFormat(
  option: ExpositionFormatOption,
  contentType: string | undefined,
  head: string,
): ExpositionFormat {
  return (
    chooseFormatWithoutSniffing(option, contentType) ??
    (OPENMETRICS_HINT.test(head) ? "openmetrics" : "text")
  );
}

/** The format when the option or the Content-Type names it; undefined when the text must decide. */
export function chooseFormatWithoutSniffing(
  option: ExpositionFormatOption,
  contentType: string | undefined,
): ExpositionFormat | undefined {
  if (option !== "auto") return option;
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/openmetrics-text") return "openmetrics";
  if (type === "text/plain") return "text";
  return undefined;
}
