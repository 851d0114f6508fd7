import { type CliIO, EXIT } from "../io.ts";
import { printDiagnostics } from "../report.ts";

export interface ImportFlags {
  out: string;
  force?: boolean;
}

/** `obsforge import FILE...`: Sloth / Pyrra / OpenSLO YAML → one TS definition module per service. */
export async function runImport(files: string[], flags: ImportFlags, io: CliIO): Promise<number> {
  const { importFiles } = await import("../../import/import-files.ts");
  const result = await importFiles(files, {
    out: flags.out,
    force: flags.force ?? false,
    cwd: io.cwd,
    onNote: (note) => printDiagnostics(io, [note]),
  });
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.failure;
  }
  for (const path of result.value) io.stdout(`wrote ${path}\n`);
  return EXIT.ok;
}
