import type { Diagnostic } from "../diagnostics.ts";
import { formatDiagnostic } from "../diagnostics.ts";
import type { CliIO } from "./io.ts";

/** Print diagnostics one per line on stderr; returns how many were errors. */
export function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[]): number {
  for (const d of diagnostics)
    io.stderr(`${d.severity === "error" ? "" : `${d.severity}: `}${formatDiagnostic(d)}\n`);
  return diagnostics.filter((d) => d.severity === "error").length;
}
