/**
 * Syntax errors of the PromQL and LogQL parsers, in one shape: where the
 * error is (offset, line, column) and what it says. Shared by both parsers,
 * which walk lezer trees for error nodes.
 *
 * A leaf: imports nothing of the project.
 */
export interface SyntaxErrorInfo {
  /** 0-based offset into the query. */
  offset: number;
  /** 1-based line and column inside the query. */
  line: number;
  column: number;
  message: string;
  /** `type` for errors of the type checker (typecheck.ts); syntax errors leave it unset. */
  kind?: "type";
  /** Type errors: the end offset (exclusive) of the expression at fault. */
  end?: number;
  /**
   * Syntax errors that quote the unexpected text: its end offset
   * (exclusive), so a caller that parsed a rendered copy of the query can
   * quote the text as written instead (`unexpectedText`).
   */
  tokenEnd?: number;
}

/**
 * What a lezer error node at [from, to) means for a reader: the unexpected
 * text, or the end of the query. Shared by the PromQL and LogQL parsers.
 */
export function describeError(query: string, from: number, to: number): SyntaxErrorInfo {
  const end = query.trimEnd().length;
  // After the last character written when only line breaks follow (a YAML block scalar's final newline), not on the next line.
  if (from >= end)
    return at(query, query.slice(end).includes("\n") ? end : from, "unexpected end of query");
  const text = (to > from ? query.slice(from, to) : query.slice(from).split(/\s/)[0]) ?? "";
  return { ...at(query, from, unexpectedText(text)), tokenEnd: from + text.length };
}

/** `unexpected "by"`: the wording of a syntax error at `text`, cut after 20 characters. */
export function unexpectedText(text: string): string {
  const shown = text.length > 20 ? `${text.slice(0, 20)}...` : text;
  return `unexpected ${JSON.stringify(shown)}`;
}

/** A syntax error at `offset`, with its 1-based line and column. */
export function at(query: string, offset: number, message: string): SyntaxErrorInfo {
  const before = query.slice(0, offset).split("\n");
  return { offset, line: before.length, column: (before.at(-1)?.length ?? 0) + 1, message };
}

/** `1:17` for one-line queries reads as `column 17`; multi-line queries get `line 2, column 3`. */
export function formatPosition(query: string, error: SyntaxErrorInfo): string {
  return query.includes("\n")
    ? `line ${error.line}, column ${error.column}`
    : `column ${error.column}`;
}
