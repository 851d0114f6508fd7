import { type ValueSpan, valueSpanOf } from "./problem.ts";

/** A parse or type error in a query, as the PromQL and LogQL parsers give it. */
export interface QueryErrorLike {
  /** 0-based offset into the query the parser saw. */
  offset: number;
  message: string;
}

/**
 * The one wording of a query that does not parse: `expected valid PromQL,
 * got unexpected "by"`. Where it is stays data (`valueSpan`, mapped back
 * to the query as written with `offsetOf` when the parser saw a rendered
 * copy); reporters print it, in the `file:line:column` prefix when the
 * query's literal is found in the file.
 */
export function invalidQuery(
  language: "PromQL" | "LogQL",
  written: string,
  error: QueryErrorLike,
  offsetOf: (offset: number) => number = (o) => o,
): { message: string; valueSpan: ValueSpan } {
  return {
    message: invalidQueryText(language, error.message),
    valueSpan: valueSpanOf(written, offsetOf(error.offset)),
  };
}

/**
 * The wording alone, for messages declared ahead of time: a check's
 * `messages` entry passes `"{{error}}"` as `got`.
 */
export function invalidQueryText(language: "PromQL" | "LogQL", got: string): string {
  return `expected valid ${language}, got ${got}`;
}
