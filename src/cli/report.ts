import type { Problem } from "../core/problem.ts";
import { formatCheckProblem, formatProblem } from "../report/line.ts";
import type { CliIO } from "./io.ts";

/**
 * Print problems one per line on stderr; returns how many were errors.
 * `checks`: they come from lint checks (the build's LogQL warnings), so each names its check.
 */
export function printDiagnostics(
  io: CliIO,
  diagnostics: readonly Problem[],
  options: { checks?: boolean } = {},
): number {
  const format = options.checks === true ? formatCheckProblem : formatProblem;
  for (const d of diagnostics)
    io.stderr(`${d.severity === "error" ? "" : `${d.severity}: `}${format(d)}\n`);
  return diagnostics.filter((d) => d.severity === "error").length;
}
