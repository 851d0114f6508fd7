import { StringDecoder } from "node:string_decoder";
import type { ExpositionError, MetricFamily } from "../rule.ts";
import { createExpositionParser, type ExpositionFormat, type ExpositionParser } from "./parser.ts";

export type ExpositionFormatOption = ExpositionFormat | "auto";

export interface ParseStreamOptions {
  format?: ExpositionFormatOption;
  /** HTTP Content-Type of a scraped URL; decides `auto` when it names a format. */
  contentType?: string;
  onError: (error: ExpositionError) => void;
  /** Longest line read (default MAX_LINE_LENGTH); longer lines are reported and skipped. */
  maxLineLength?: number;
}

export interface ParsedStream {
  format: ExpositionFormat;
  families: MetricFamily[];
}

/**
 * A line longer than this is reported and skipped instead of buffered, so a
 * runaway label value cannot take the process's memory with it.
 */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

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
    if (parser === undefined) {
      format = chooseFormat(options.format ?? "auto", options.contentType, text);
      parser = createExpositionParser(format, { error: options.onError });
    }
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

  for await (const chunk of source) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    if (text !== "") push(text);
  }
  const rest = decoder.end();
  if (rest !== "") push(rest);
  if (parser === undefined) {
    format = chooseFormat(options.format ?? "auto", options.contentType, "");
    parser = createExpositionParser(format, { error: options.onError });
  }
  let finalNewline = true;
  if (overlong) {
    skipOverlong();
  } else if (pending.length > 0) {
    feed(pending.join(""));
    finalNewline = false;
  }
  return { format, families: parser.end(finalNewline) };
}

/** Parse a whole string (tests, rule samples). */
export function parseExpositionText(
  text: string,
  format: ExpositionFormat,
): { families: MetricFamily[]; errors: ExpositionError[] } {
  const errors: ExpositionError[] = [];
  const parser = createExpositionParser(format, { error: (e) => errors.push(e) });
  const lines = text.split("\n");
  const finalNewline = lines.at(-1) === "";
  if (finalNewline) lines.pop();
  for (const line of lines) parser.line(line);
  return { families: parser.end(finalNewline), errors };
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
  if (option !== "auto") return option;
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/openmetrics-text") return "openmetrics";
  if (type === "text/plain") return "text";
  return OPENMETRICS_HINT.test(head) ? "openmetrics" : "text";
}
