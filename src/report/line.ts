import { formatPath, type Problem, type ValueSpan } from "../core/problem.ts";

/**
 * One line per problem, for build errors and warnings:
 * `file:line:column: path: message` (line, column and path only when known).
 * A problem about part of a field's value that could not be placed in the
 * file (no source, or a query built at run time) says where in the value
 * too: `… got unexpected "by" at column 17`.
 */
export function formatProblem(p: Problem): string {
  return oneLine(p, "");
}

/** The same line with the lint check that found it: `… (logql/unbounded-json)`, for build warnings. */
export function formatCheckProblem(p: Problem): string {
  return oneLine(p, ` (${p.code})`);
}

function oneLine(p: Problem, code: string): string {
  const where =
    p.span === undefined
      ? (p.file ?? "-")
      : p.span.column === undefined
        ? `${p.file ?? "-"}:${p.span.line}`
        : `${p.file ?? "-"}:${p.span.line}:${p.span.column}`;
  const path = formatPath(p.path);
  const inValue = p.valueSpan !== undefined ? ` at ${valuePosition(p.valueSpan)}` : "";
  const text = `${where}: ${path === "" ? "" : `${path}: `}${p.message}${inValue}${code}`;
  // One line, whatever the message carries (a query with newlines, a loader error), and
  // no other character a viewer takes as a line break (CR, NEL, LS, PS from user values).
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(
      /[\r\u0085\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
    );
}

/** `column 17` in a one-line value; `line 2, column 3` in a multi-line one. */
export function valuePosition(at: ValueSpan): string {
  return at.multiline ? `line ${at.line}, column ${at.column}` : `column ${at.column}`;
}
