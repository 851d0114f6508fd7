import { StringDecoder } from "node:string_decoder";
import type { MetricFamily } from "./family.ts";
import {
  chooseFormat,
  chooseFormatWithoutSniffing,
  type ExpositionFormat,
  type ExpositionFormatOption,
  FORMAT_SNIFF_LENGTH,
  sniffedHead,
} from "./format.ts";
import type { ExpositionLimits } from "./limits.ts";
import type { ExpositionParser } from "./line-parser.ts";
import { createExpositionParser } from "./parser.ts";
import type { ExpositionError } from "./syntax-error.ts";

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
