import { type ValueSpan, valueSpanOf } from "./problem.ts";
import { unexpectedText } from "./syntax-error.ts";

/** A parse or type error in a query, as the PromQL and LogQL parsers give it. */
export interface QueryErrorLike {
  /** 0-based offset into the query the parser saw. */
  offset: number;
  message: string;
  /** The end of the unexpected text the message quotes (syntax-error.ts). */
  tokenEnd?: number;
}

/**
 * The one wording of a query that does not parse: `expected valid PromQL,
 * got unexpected "by"`. Where it is stays data (`valueSpan`, mapped back
 * to the query as written with `offsetOf` when the parser saw a rendered
 * copy, and `endOf` for the end of a quoted text); reporters print it, in
 * the `file:line:column` prefix when the query's literal is found in the
 * file. The unexpected text is quoted as written too: `[{{.window}}]))`,
 * not the `[5m]))` the parser saw.
 */
export function invalidQuery(
  language: "PromQL" | "LogQL",
  written: string,
  error: QueryErrorLike,
  offsetOf: (offset: number) => number = (o) => o,
  endOf: (offset: number) => number = offsetOf,
): { message: string; valueSpan: ValueSpan } {
  const from = offsetOf(error.offset);
  const got =
    error.tokenEnd === undefined
      ? error.message
      : unexpectedText(written.slice(from, Math.max(from, endOf(error.tokenEnd))));
  return {
    message: invalidQueryText(language, got),
    valueSpan: valueSpanOf(written, from),
  };
}

/**
 * The wording alone, for messages declared ahead of time: a check's
 * `messages` entry passes `"{{error}}"` as `got`.
 */
export function invalidQueryText(language: "PromQL" | "LogQL", got: string): string {
  return `expected valid ${language}, got ${got}`;
}
