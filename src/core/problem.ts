/**
 * One problem type for everything obsforge reports: a build error, a build
 * warning, a lint finding. Detection builds this data and nothing else;
 * where it is shown and how (one line, a caret block, JSON, SARIF) is the
 * reporters' job (src/report), as zod keeps issues apart from their
 * formatting. A leaf: it imports only core/ (the one string order).
 */

import { compareStrings } from "./order.ts";

/** How bad a problem is. Alert severities (page, ticket) are another thing: `AlertSeverity`. */
export type Severity = "error" | "warning" | "info";

/** Where a value sits in a definition or artifact: `["slos", 0, "objective"]`. */
export type FieldPath = readonly (string | number)[];

/**
 * A place in a file. Lines and columns are 1-based; columns count UTF-16
 * code units, as SARIF's default `columnKind`, so they index JS strings.
 */
export interface Span {
  line: number;
  /** Unknown only when a line is known but not where on it (an exposition family's name). */
  column?: number;
  /** Line just after the span ends, when it ends on a later line than it starts. */
  endLine?: number;
  /** 1-based column just after the span (on `endLine`, else on `line`). */
  endColumn?: number;
  /** The text of `line`, so a reporter can draw a caret under the span. */
  excerpt?: string;
  /** When `excerpt` is a window of a very long line: how many characters were cut before it. */
  excerptOffset?: number;
}

/**
 * A part of the field's string value the problem is about (the token a
 * query parser stopped at), in the value as written: 0-based offsets and
 * the 1-based line and column inside the value. The loader turns it into
 * the `span` in the file when it can find the field's literal; a reporter
 * shows it itself when it cannot (a value built at run time: the span then
 * points at the field).
 */
export interface ValueSpan {
  from: number;
  to: number;
  line: number;
  column: number;
  /** Whether the value has several lines (then its line is worth naming). */
  multiline: boolean;
}

export interface Problem {
  /** Stable id: `model/invalid-type`, `promql/syntax`, or the lint check's id (`promql/rate-window`). */
  code: string;
  severity: Severity;
  /** What was expected and what was found, without where: `expected a duration such as "5m", got "5 min"`. */
  message: string;
  /** File as the user would type it (relative to the working directory), or a URL, or `-`. */
  file?: string;
  /** The field the problem is about (empty for a whole file or an exposition line). */
  path: FieldPath;
  /** Where it is in `file`, when known. */
  span?: Span;
  /**
   * The part of the field's value it is about, while it is not placed in
   * the file (the loader drops it once `span` points at that part); a
   * reporter then says where in the value it is.
   */
  valueSpan?: ValueSpan;
  /** Lint: the metric, alert or recording rule the problem is about. */
  subject?: string;
  /**
   * Lint: set on the closing problem of a check whose problems were capped;
   * it stands for this many problems that were not kept (counted, not printed).
   */
  omitted?: number;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

/** A value span covering `from`..`to` of `value` (offsets as written). */
export function valueSpanOf(value: string, from: number, to: number = from): ValueSpan {
  const before = value.slice(0, from).split("\n");
  return {
    from,
    to,
    line: before.length,
    column: (before.at(-1)?.length ?? 0) + 1,
    multiline: value.includes("\n"),
  };
}

/** `groups[0].rules[2].expr`: identifiers with dots, indices and odd keys in brackets. */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Short, quoted rendering of a value for "got X" in messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const s = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(s);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "function") return "a function";
  // Named as such: "an object" would send the user looking for braces.
  if (typeof value === "bigint") return `a bigint (${value}n)`;
  if (typeof value === "symbol")
    return `a symbol (${value.description === undefined ? "Symbol()" : `Symbol(${JSON.stringify(value.description)})`})`;
  return "an object";
}

/** Deterministic order: file, line, column, code, subject, message (plain `<`, never locale). */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    compareStrings(a.file ?? "", b.file ?? "") ||
    (a.span?.line ?? 0) - (b.span?.line ?? 0) ||
    (a.span?.column ?? 0) - (b.span?.column ?? 0) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.subject ?? "", b.subject ?? "") ||
    compareStrings(a.message, b.message)
  );
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(compareProblems);
}

export interface ProblemCounts {
  error: number;
  warning: number;
  info: number;
}

/** Problems per severity; a capped check's closing problem counts for all it stands for. */
export function countProblems(problems: readonly Problem[]): ProblemCounts {
  const counts: ProblemCounts = { error: 0, warning: 0, info: 0 };
  for (const p of problems) counts[p.severity] += p.omitted ?? 1;
  return counts;
}
