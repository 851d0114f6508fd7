import { excerptAround, quoteShort } from "./excerpt.ts";
import type { FamilyMemo, MetricFamily } from "./family.ts";
import type { ExpositionLimits } from "./limits.ts";
import type { ExpositionError } from "./syntax-error.ts";

/** Where a format parser hands what it finds. */
export interface ExpositionSink {
  error(error: ExpositionError): void;
  /**
   * A complete family (with samples), as soon as it is complete. What it
   * returns is kept with the family and handed back as `memo` if the family
   * continues later (text format, see MetricFamily.continued).
   */
  family(family: MetricFamily, memo: FamilyMemo | undefined): FamilyMemo | undefined;
  limits?: Partial<ExpositionLimits>;
}

/** What both format parsers are: fed one line at a time, so they hold no more than a line. */
export interface ExpositionParser {
  /** One line, without its `\n`. */
  line(text: string): void;
  /** A line that was not read (too long); it only advances the line count. */
  skip(): void;
  /** End of input: the remaining families go to the sink. `finalNewline` is false when the last line had no `\n`. */
  end(finalNewline: boolean): void;
}

/** The line a format parser is on, which every syntax error it reports points into. */
export interface LineCursor {
  readonly sink: ExpositionSink;
  /** 1-based number of the current line. */
  lineNo: number;
  /** The current line's text. */
  text: string;
}

/** Report a malformed current line, at a 1-based column. */
export function fail(at: LineCursor, column: number, message: string): void {
  at.sink.error({ line: at.lineNo, column, message, ...excerptAround(at.text, column) });
}

/** Say, once per exposition, that a limit of ExpositionLimits was reached at the current line. */
export function reportLimit(at: LineCursor, message: string): void {
  at.sink.error({
    line: at.lineNo,
    column: 1,
    message,
    ...excerptAround(at.text, 1),
    kind: "limit",
  });
}

/**
 * `fail` with the usual `expected …, got "<text>"` message. Hot scanners call
 * this instead of building the message themselves: a template literal takes
 * more bytecode than a scan loop, and V8 inlines small functions only.
 */
export function failQuoted(at: LineCursor, column: number, expected: string, got: string): void {
  fail(at, column, `${expected}, got ${quoteShort(got)}`);
}
