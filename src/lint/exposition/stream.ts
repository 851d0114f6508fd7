import { StringDecoder } from "node:string_decoder";
import type { ExpositionError, MetricFamily } from "../check.ts";
import {
  createExpositionParser,
  type ExpositionFormat,
  type ExpositionLimits,
  type ExpositionParser,
} from "./parser.ts";

export type ExpositionFormatOption = ExpositionFormat | "auto";

export interface ParseStreamOptions {
  format?: ExpositionFormatOption;
  /** HTTP Content-Type of a scraped URL; decides `auto` when it names a format. */
  contentType?: string;
  onError: (error: ExpositionError) => void;
  /** Each complete family, as soon as it is complete (see ExpositionLimits). */
  onFamily: (family: MetricFamily) => void;
  /** Longest line read (default MAX_LINE_LENGTH); longer lines are reported and skipped. */
  maxLineLength?: number;
  limits?: Partial<ExpositionLimits>;
}

export interface ParsedStream {
  format: ExpositionFormat;
  /** How many families went to `onFamily`. */
  families: number;
}

/**
 * A line longer than this is reported and skipped instead of buffered, so a
 * runaway label value cannot take the process's memory with it. Memory
 * while a line is read grows with it (the line, its label names for the
 * duplicate check), so this also bounds the peak: a real sample line is
 * well under a KiB, and 1 MiB leaves room for huge label values.
 */
export const MAX_LINE_LENGTH = 1024 * 1024;

/**
 * How much of the input `auto` looks at to choose the format: always this
 * prefix (or the whole input when shorter), whatever the chunking, so the
 * same bytes give the same format from a file, a pipe or a socket.
 */
export const FORMAT_SNIFF_LENGTH = 64 * 1024;

/**
 * Feed a byte or text stream to the exposition parser line by line. Only the
 * current line is held (split on `\n` alone: a `\r` is data in both formats),
 * so memory does not grow with the input.
 */
export async function parseExpositionStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: ParseStreamOptions,
): Promise<ParsedStream> {
  const decoder = new StringDecoder("utf8");
  let parser: ExpositionParser | undefined;
  let format: ExpositionFormat = "text";
  let families = 0;
  const sink = {
    error: options.onError,
    family: (family: MetricFamily) => {
      families++;
      options.onFamily(family);
    },
    ...(options.limits !== undefined && { limits: options.limits }),
  };
  const option = options.format ?? "auto";
  /** Text held back until the format is chosen (auto without a Content-Type that names one). */
  let head = "";
  const decided = chooseFormatWithoutSniffing(option, options.contentType);
  if (decided !== undefined) {
    format = decided;
    parser = createExpositionParser(format, sink);
  }
  let pending: string[] = [];
  let pendingLength = 0;
  let overlong = false;
  let lineNo = 0;
  const maxLine = options.maxLineLength ?? MAX_LINE_LENGTH;

  const feed = (line: string) => {
    lineNo++;
    parser!.line(line);
  };
  const skipOverlong = () => {
    lineNo++;
    parser!.skip();
    options.onError({
      line: lineNo,
      column: 1,
      message: `expected lines of at most ${maxLine} characters, got a longer one (skipped)`,
      excerpt: "",
      excerptStart: 1,
    });
  };

  const push = (text: string) => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      if (overlong) {
        overlong = false;
        skipOverlong();
      } else if (pending.length === 0) {
        feed(text.slice(start, nl));
      } else {
        pending.push(text.slice(start, nl));
        feed(pending.join(""));
        pending = [];
        pendingLength = 0;
      }
      start = nl + 1;
    }
    if (start < text.length && !overlong) {
      pending.push(text.slice(start));
      pendingLength += text.length - start;
      if (pendingLength > maxLine) {
        overlong = true;
        pending = [];
        pendingLength = 0;
      }
    }
  };

  const decide = (ended: boolean) => {
    format = chooseFormat(option, options.contentType, sniffedHead(head, ended));
    parser = createExpositionParser(format, sink);
    const held = head;
    head = "";
    if (held !== "") push(held);
  };

  for await (const chunk of source) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    if (text === "") continue;
    if (parser !== undefined) {
      push(text);
      continue;
    }
    head += text;
    if (head.length >= FORMAT_SNIFF_LENGTH) decide(false);
  }
  const rest = decoder.end();
  if (parser === undefined) {
    head += rest;
    decide(true);
  } else if (rest !== "") push(rest);
  let finalNewline = true;
  if (overlong) {
    skipOverlong();
  } else if (pending.length > 0) {
    feed(pending.join(""));
    finalNewline = false;
  }
  parser!.end(finalNewline);
  return { format, families };
}

/**
 * The part of the input `auto` decides on: the first FORMAT_SNIFF_LENGTH
 * characters, cut after the last complete line in them (a cut line such as
 * `# EOFX` could otherwise look like `# EOF`), or all of a shorter input.
 */
function sniffedHead(head: string, ended: boolean): string {
  if (ended && head.length <= FORMAT_SNIFF_LENGTH) return head;
  const prefix = head.slice(0, FORMAT_SNIFF_LENGTH);
  const nl = prefix.lastIndexOf("\n");
  return nl < 0 ? "" : prefix.slice(0, nl + 1);
}

/** Parse a whole string (tests, rule samples). */
export function parseExpositionText(
  text: string,
  format: ExpositionFormat,
): { families: MetricFamily[]; errors: ExpositionError[] } {
  const errors: ExpositionError[] = [];
  const families: MetricFamily[] = [];
  const parser = createExpositionParser(format, {
    error: (e) => errors.push(e),
    family: (f) => families.push(f),
  });
  const lines = text.split("\n");
  const finalNewline = lines.at(-1) === "";
  if (finalNewline) lines.pop();
  for (const line of lines) parser.line(line);
  parser.end(finalNewline);
  return { families, errors };
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
function chooseFormatWithoutSniffing(
  option: ExpositionFormatOption,
  contentType: string | undefined,
): ExpositionFormat | undefined {
  if (option !== "auto") return option;
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/openmetrics-text") return "openmetrics";
  if (type === "text/plain") return "text";
  return undefined;
}
