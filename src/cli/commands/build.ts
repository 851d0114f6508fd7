import { EXIT, type CliIO } from "../io.ts";
import { printDiagnostics } from "../report.ts";

export interface BuildFlags {
  definitions: string;
  out: string;
}

/** `obsforge build`: validate, compile and replace out/ atomically. */
export async function runBuild(flags: BuildFlags, io: CliIO): Promise<number> {
  const { buildProject } = await import("../../pipeline/project.ts");
  const result = await buildProject({ ...flags, cwd: io.cwd });
  if (!result.ok) {
    const errors = printDiagnostics(io, result.diagnostics);
    io.stderr(`obsforge build: ${errors} error(s); ${flags.out}/ left unchanged\n`);
    return EXIT.failure;
  }
  const { estate, artifactCount, warnings } = result.value;
  // Warnings never fail a build; they go to stderr so stdout stays the summary.
  printDiagnostics(io, warnings);
  io.stdout(
    `Built ${artifactCount} artifact(s) from ${estate.services.length} service(s) into ${flags.out}/\n`,
  );
  return EXIT.ok;
}
