import { type Problem, sortProblems } from "../../core/problem.ts";
import { type CliIO, EXIT } from "../io.ts";
import { printDiagnostics } from "../report.ts";

export interface ImportFlags {
  out: string;
  force?: boolean;
}

/**
 * `obsforge import FILE...`: Sloth / OpenSLO v1alpha YAML → one TS definition module per service;
 * Grafana dashboard JSON → one module per dashboard (foundation-SDK builders).
 */
export async function runImport(files: string[], flags: ImportFlags, io: CliIO): Promise<number> {
  const { importFiles } = await import("../../import/import-files.ts");
  const warnings: Problem[] = [];
  const result = await importFiles(files, {
    out: flags.out,
    force: flags.force ?? false,
    cwd: io.cwd,
    warn: (problems) => warnings.push(...problems),
  });
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.failure;
  }
  if (warnings.length > 0) {
    // What could not be imported, at its line and column in the input.
    const { placeProblems } = await import("../../load/positions.ts");
    printDiagnostics(io, sortProblems(await placeProblems(warnings, { cwd: io.cwd })));
  }
  for (const path of result.value) io.stdout(`wrote ${path}\n`);
  return EXIT.ok;
}
