import { countFindings, type Finding } from "../finding.ts";
import { visible } from "./visible.ts";

/** Excerpts longer than this are shown as a window around the span. */
const MAX_EXCERPT = 120;

/**
 * Human output, one finding per block:
 *
 * ```
 * definitions/api.ts:14:45: warning promql/rate-window: expected … [HighErrorRate]
 *    14 |       expr: 'sum(rate(http_requests_total{code=~"5.."}[2m])) > 1',
 *       |                                                        ^^
 * ```
 * then a count. Carets appear where the finding has a line excerpt and a column.
 * Everything that may come from a linted file (file name, message, subject,
 * excerpt) goes through `visible`: control and bidi characters are printed
 * as escapes, never sent to the terminal.
 */
export function formatText(findings: readonly Finding[]): string {
  let out = "";
  for (const f of findings) {
    out += `${where(f)}: ${f.severity} ${f.rule}: ${visible(f.message)}${f.subject === undefined ? "" : ` [${visible(f.subject)}]`}\n`;
    out += caret(f);
  }
  return out + summary(findings);
}

function where(f: Finding): string {
  const file = visible(f.file ?? "-");
  if (f.line === undefined) return file;
  return f.column === undefined ? `${file}:${f.line}` : `${file}:${f.line}:${f.column}`;
}

function caret(f: Finding): string {
  if (f.excerpt === undefined || f.line === undefined) return "";
  let text = f.excerpt;
  let prefix = (f.excerptOffset ?? 0) > 0 ? "…" : "";
  // Column inside `text`, 0-based.
  let col = f.column === undefined ? undefined : f.column - 1 - (f.excerptOffset ?? 0);
  let width =
    f.column === undefined || f.endColumn === undefined ? 1 : Math.max(1, f.endColumn - f.column);
  if (text.length > MAX_EXCERPT) {
    const start = Math.max(0, Math.min((col ?? 0) - 40, text.length - MAX_EXCERPT));
    text = text.slice(start, start + MAX_EXCERPT);
    if (start > 0) prefix = "…";
    if (col !== undefined) col -= start;
  }
  const gutter = String(f.line).padStart(5);
  let out = `${gutter} | ${prefix}${visible(text)}\n`;
  if (col !== undefined && col >= 0 && col <= text.length) {
    width = Math.min(width, Math.max(1, text.length - col));
    // Measured on the escaped text, so the caret stays under the span; tabs
    // are kept, so it lines up under tab-indented text too.
    const pad = visible(text.slice(0, col)).replace(/[^\t]/g, " ");
    const span = Math.max(1, visible(text.slice(col, col + width)).length);
    out += `${" ".repeat(gutter.length)} | ${prefix === "" ? "" : " "}${pad}${"^".repeat(span)}\n`;
  }
  return out;
}

function summary(findings: readonly Finding[]): string {
  if (findings.length === 0) return "No problems found.\n";
  const c = countFindings(findings);
  const parts = [`${c.error} error(s)`, `${c.warning} warning(s)`];
  if (c.info > 0) parts.push(`${c.info} info`);
  const total = c.error + c.warning + c.info;
  const capped = findings.filter((f) => f.omitted !== undefined).length;
  const shown = capped === 0 ? "" : `; ${findings.length - capped} shown`;
  return `${total} problem(s): ${parts.join(", ")}${shown}\n`;
}
