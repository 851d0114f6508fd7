import { StringDecoder } from "node:string_decoder";
import { compareStrings } from "../core/order.ts";
import type { FamilyMemo, MetricFamily } from "./family.ts";
import {
  chooseFormat,
  chooseFormatWithoutSniffing,
  type ExpositionFormat,
  type ExpositionFormatOption,
  FORMAT_SNIFF_LENGTH,
  sniffedHead,
} from "./format.ts";
import type { ExpositionLimits } from "./limits.ts";
import { createLineSplitter, type LineSplitter } from "./lines.ts";
import { createExpositionParser } from "./parser.ts";
import type { ExpositionError } from "./syntax-error.ts";

export interface ParseStreamOptions {
  format?: ExpositionFormatOption;
  /** HTTP Content-Type of a scraped URL; decides `auto` when it names a format. */
  contentType?: string;
  onError: (error: ExpositionError) => void;
  /**
   * Each complete family, as soon as it is complete; a text format family
   * whose lines come back later is handed again as a continuation (see
   * MetricFamily.continued), with `memo` the value returned for it before.
   */
  onFamily: (family: MetricFamily, memo: FamilyMemo | undefined) => FamilyMemo | undefined;
  /** Longest line read (default MAX_LINE_LENGTH); longer lines are reported and skipped. */
  maxLineLength?: number;
  limits?: Partial<ExpositionLimits>;
}

export interface ParsedStream {
  format: ExpositionFormat;
  /** How many families went to `onFamily` (continuations not counted). */
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
 * current line is held (see lines.ts), so memory does not grow with the
 * input. With `auto` and no Content-Type that names a format, the first
 * FORMAT_SNIFF_LENGTH characters are held back until the format is chosen.
 */
export async function parseExpositionStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: ParseStreamOptions,
): Promise<ParsedStream> {
  const decoder = new StringDecoder("utf8");
  let families = 0;
  const sink = {
    error: options.onError,
    family: (family: MetricFamily, memo: FamilyMemo | undefined) => {
      if (family.continued !== true) families++;
      return options.onFamily(family, memo);
    },
    ...(options.limits !== undefined && { limits: options.limits }),
  };
  const option = options.format ?? "auto";
  const splitterOptions = {
    maxLineLength: options.maxLineLength ?? MAX_LINE_LENGTH,
    onError: options.onError,
  };
  let format: ExpositionFormat = "text";
  let lines: LineSplitter | undefined;
  const start = (chosen: ExpositionFormat) => {
    format = chosen;
    lines = createLineSplitter(createExpositionParser(chosen, sink), splitterOptions);
  };
  const decided = chooseFormatWithoutSniffing(option, options.contentType);
  if (decided !== undefined) start(decided);
  /** Text held back until the format is chosen. */
  let head = "";
  const decide = (ended: boolean) => {
    start(chooseFormat(option, options.contentType, sniffedHead(head, ended)));
    const held = head;
    head = "";
    if (held !== "") lines!.push(held);
  };

  for await (const chunk of source) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    if (text === "") continue;
    if (lines !== undefined) {
      lines.push(text);
      continue;
    }
    head += text;
    if (head.length >= FORMAT_SNIFF_LENGTH) decide(false);
  }
  const rest = decoder.end();
  if (lines === undefined) {
    head += rest;
    decide(true);
  } else if (rest !== "") lines.push(rest);
  lines!.end();
  return { format, families };
}

/**
 * Parse a whole string (tests, rule samples). Continuations are merged into
 * their family, so each family comes once, whole, in order of its first line.
 */
export function parseExpositionText(
  text: string,
  format: ExpositionFormat,
): { families: MetricFamily[]; errors: ExpositionError[] } {
  const errors: ExpositionError[] = [];
  const families: MetricFamily[] = [];
  const parser = createExpositionParser(format, {
    error: (e) => errors.push(e),
    family: (f, memo) => {
      if (f.continued !== true) return families.push(f) - 1;
      const at = memo as number;
      families[at] = mergeContinuation(families[at]!, f);
      return at;
    },
  });
  const lines = text.split("\n");
  const finalNewline = lines.at(-1) === "";
  if (finalNewline) lines.pop();
  for (const line of lines) parser.line(line);
  parser.end(finalNewline);
  return { families, errors };
}

/** A family with a continuation's labels added and its type and HELP taken. */
function mergeContinuation(family: MetricFamily, more: MetricFamily): MetricFamily {
  const { continued: _, help, ...rest } = more;
  const labels = [...new Set([...family.labels, ...more.labels])].sort(compareStrings);
  return { ...rest, ...(help !== undefined && { help }), labels };
}
