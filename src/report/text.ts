import { countProblems, type Problem } from "../core/problem.ts";
import { valuePosition } from "./line.ts";
import { type Paint, PLAIN, paintSeverity } from "./paint.ts";
import { visible } from "./visible.ts";

/** Excerpts longer than this are shown as a window around the span. */
const MAX_EXCERPT = 120;

/**
 * Human output, one problem per block:
 *
 * ```
 * definitions/api.ts:14:45: warning promql/rate-window: expected … [HighErrorRate]
 *    14 |       expr: 'sum(rate(http_requests_total{code=~"5.."}[2m])) > 1',
 *       |                                                        ^^
 * ```
 * then a count. Carets appear where the problem has a line excerpt and a column.
 * Everything that may come from a linted file (file name, message, subject,
 * excerpt) goes through `visible`: control and bidi characters are printed
 * as escapes, never sent to the terminal. `paint` colours the place,
 * severity, check id, carets and count (PLAIN, the default, leaves the
 * bytes as they always were); `summary: false` leaves the count out
 * (`--quiet`). `unlinted`: files the command could not lint (reported on
 * stderr), so the count line never says "No problems found." of a run that
 * failed on one.
 */
export function formatText(
  problems: readonly Problem[],
  paint: Paint = PLAIN,
  options: { summary?: boolean; unlinted?: number } = {},
): string {
  let out = "";
  for (const f of problems) {
    const inValue = f.valueSpan !== undefined ? ` at ${valuePosition(f.valueSpan)}` : "";
    const severity = paintSeverity(paint, f.severity, f.severity);
    out += `${paint.bold(where(f))}: ${severity} ${paint.dim(f.code)}: ${visible(f.message)}${inValue}${f.subject === undefined ? "" : ` [${visible(f.subject)}]`}\n`;
    out += caret(f, (carets) => paintSeverity(paint, f.severity, carets));
  }
  return options.summary === false ? out : out + summary(problems, paint, options.unlinted ?? 0);
}

function where(f: Problem): string {
  const file = visible(f.file ?? "-");
  if (f.span === undefined) return file;
  const { line, column } = f.span;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

function caret(f: Problem, paintCarets: (carets: string) => string): string {
  const span = f.span;
  if (span?.excerpt === undefined) return "";
  let text = span.excerpt;
  const offset = span.excerptOffset ?? 0;
  let prefix = offset > 0 ? "…" : "";
  // Column inside `text`, 0-based.
  let col = span.column === undefined ? undefined : span.column - 1 - offset;
  // A span that goes on to later lines is underlined to the end of its first.
  let width =
    span.column === undefined
      ? 1
      : span.endLine !== undefined && span.endLine > span.line
        ? Math.max(1, text.length + offset + 1 - span.column)
        : span.endColumn === undefined
          ? 1
          : Math.max(1, span.endColumn - span.column);
  if (text.length > MAX_EXCERPT) {
    const start = Math.max(0, Math.min((col ?? 0) - 40, text.length - MAX_EXCERPT));
    text = text.slice(start, start + MAX_EXCERPT);
    if (start > 0) prefix = "…";
    if (col !== undefined) col -= start;
  }
  const gutter = String(span.line).padStart(5);
  let out = `${gutter} | ${prefix}${visible(text)}\n`;
  if (col !== undefined && col >= 0 && col <= text.length) {
    width = Math.min(width, Math.max(1, text.length - col));
    // Measured on the escaped text, so the caret stays under the span; tabs
    // are kept, so it lines up under tab-indented text too.
    const pad = visible(text.slice(0, col)).replace(/[^\t]/g, " ");
    const carets = Math.max(1, visible(text.slice(col, col + width)).length);
    out += `${" ".repeat(gutter.length)} | ${prefix === "" ? "" : " "}${pad}${paintCarets("^".repeat(carets))}\n`;
  }
  return out;
}

function summary(problems: readonly Problem[], paint: Paint, unlinted: number): string {
  const notLinted = `${unlinted} file(s) could not be linted`;
  if (problems.length === 0)
    return unlinted === 0
      ? `${paint.ok("No problems found.")}\n`
      : `${paint.error(`No problems found in the files linted; ${notLinted}`)}\n`;
  const c = countProblems(problems);
  const parts = [`${c.error} error(s)`, `${c.warning} warning(s)`];
  if (c.info > 0) parts.push(`${c.info} info`);
  const total = c.error + c.warning + c.info;
  const capped = problems.filter((f) => f.omitted !== undefined).length;
  const shown = capped === 0 ? "" : `; ${problems.length - capped} shown`;
  const line = `${total} problem(s): ${parts.join(", ")}${shown}${unlinted === 0 ? "" : `; ${notLinted}`}`;
  return `${c.error > 0 || unlinted > 0 ? paint.error(line) : c.warning > 0 ? paint.warning(line) : paint.info(line)}\n`;
}
