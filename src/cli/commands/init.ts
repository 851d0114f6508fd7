import { relative } from "node:path";
import { type CliIO, EXIT } from "../io.ts";
import { printDiagnostics } from "../report.ts";

/** `obsforge init [DIR]`: scaffold a new estate that builds, checks, lints and tests green. */
export async function runInit(dir: string, io: CliIO): Promise<number> {
  const { initProject } = await import("../../init/init-project.ts");
  const result = await initProject({ dir, cwd: io.cwd });
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.failure;
  }
  const shown = relative(io.cwd, result.value.dir) || ".";
  io.stdout(`Wrote ${result.value.files.length} file(s) into ${shown}/:\n`);
  for (const file of result.value.files) io.stdout(`  ${file}\n`);
  const cd = shown === "." ? "" : `cd ${shown} && `;
  io.stdout(
    `Next: ${cd}npm install && npm run build && npm run check && npm run lint && npm test\n`,
  );
  return EXIT.ok;
}
