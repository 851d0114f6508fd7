import type { Problem } from "../core/problem.ts";
import { formatCheckProblem, formatProblem } from "../report/line.ts";
import { type Paint, PLAIN, paintSeverity } from "../report/paint.ts";
import type { CliIO } from "./io.ts";

/**
 * Print problems one per line on stderr; returns how many were errors.
 * `checks`: they come from lint checks (the build's LogQL warnings), so each names its check.
 * `paint`: colours the `warning:` and `info:` prefixes (stderr's, from src/cli/output.ts).
 */
export function printDiagnostics(
  io: CliIO,
  diagnostics: readonly Problem[],
  options: { checks?: boolean; paint?: Paint } = {},
): number {
  const format = options.checks === true ? formatCheckProblem : formatProblem;
  const paint = options.paint ?? PLAIN;
  for (const d of diagnostics) {
    const prefix =
      d.severity === "error" ? "" : `${paintSeverity(paint, d.severity, `${d.severity}:`)} `;
    io.stderr(`${prefix}${format(d)}\n`);
  }
  return diagnostics.filter((d) => d.severity === "error").length;
}

/** The one line naming the templates a folder walk skipped (src/load/foreign/template-files.ts), on stderr. */
export function printSkippedTemplates(io: CliIO, command: string, files: readonly string[]): void {
  if (files.length === 0) return;
  io.stderr(
    `obsforge ${command}: skipped ${files.length} template file(s), YAML only once rendered (Helm, Jinja): ${files.join(", ")}\n`,
  );
}
