import { EXIT, type CliIO } from "../io.ts";
import { printDiagnostics } from "../report.ts";

export interface CheckFlags {
  definitions: string;
  out: string;
}

/** `obsforge check`: is out/ what a build would write now? Never writes. */
export async function runCheck(flags: CheckFlags, io: CliIO): Promise<number> {
  const [{ checkProject }, { isFresh }] = await Promise.all([
    import("../../pipeline/project.ts"),
    import("../../emit/compare.ts"),
  ]);
  const result = await checkProject({ ...flags, cwd: io.cwd });
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.failure;
  }
  printDiagnostics(io, result.warnings);
  const s = result.value;
  if (isFresh(s)) {
    io.stdout(`${flags.out}/ is fresh\n`);
    return EXIT.ok;
  }
  for (const path of s.missing) io.stdout(`missing: ${flags.out}/${path}\n`);
  for (const path of s.stale) io.stdout(`stale:   ${flags.out}/${path}\n`);
  for (const path of s.extra) io.stdout(`extra:   ${flags.out}/${path}\n`);
  io.stderr(
    `obsforge check: ${flags.out}/ is out of date; run \`obsforge build\` and commit the result\n`,
  );
  return EXIT.failure;
}
