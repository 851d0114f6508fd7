import { type CliIO, EXIT, signalExitCode } from "../io.ts";
import { printDiagnostics } from "../report.ts";
import { emptyFlag, isCommandLevel, shownFolder } from "./outcome.ts";

export interface PreviewFlags {
  definitions: string;
  out: string;
  dashboards?: string;
}

/** `obsforge preview`: a static page per dashboard (its grid as Grafana lays it out) and an index. */
export async function runPreview(flags: PreviewFlags, io: CliIO): Promise<number> {
  const empty = emptyFlag("preview", { ...flags });
  if (empty !== undefined) {
    io.stderr(empty);
    return EXIT.failure;
  }
  const { previewProject } = await import("../../pipeline/preview.ts");
  const result = await previewProject({
    definitions: flags.definitions,
    out: flags.out,
    cwd: io.cwd,
    ...(io.signal !== undefined && { signal: io.signal }),
    ...(flags.dashboards !== undefined && { dashboards: flags.dashboards }),
  });
  if (!result.ok) {
    const whole = result.diagnostics.filter(isCommandLevel);
    for (const d of whole) io.stderr(`obsforge preview: ${d.message}\n`);
    if (whole.some((d) => d.code === "emit/interrupted") && typeof io.signal?.reason === "string")
      return signalExitCode(io.signal.reason);
    printDiagnostics(
      io,
      result.diagnostics.filter((d) => !isCommandLevel(d)),
    );
    return EXIT.failure;
  }
  const { dashboards, skipped } = result.value;
  for (const line of skipped) io.stderr(`warning: obsforge preview: ${line}\n`);
  io.stdout(
    `Previewed ${dashboards} dashboard(s) into ${shownFolder(flags.out)}; open ${shownFolder(flags.out)}index.html\n`,
  );
  return EXIT.ok;
}
