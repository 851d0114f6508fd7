import type { Problem } from "../core/problem.ts";
import { formatProblem } from "../report/line.ts";
import type { CliIO } from "./io.ts";

/** Print diagnostics one per line on stderr; returns how many were errors. */
export function printDiagnostics(io: CliIO, diagnostics: readonly Problem[]): number {
  for (const d of diagnostics)
    io.stderr(`${d.severity === "error" ? "" : `${d.severity}: `}${formatProblem(d)}\n`);
  return diagnostics.filter((d) => d.severity === "error").length;
}
