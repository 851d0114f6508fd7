import { EXIT, signalExitCode, type CliIO } from "../io.ts";
import { commandOutput } from "../output.ts";
import { printDiagnostics } from "../report.ts";
import { cacheOption, emptyFlag, isCommandLevel, shownFolder } from "./outcome.ts";

export interface BuildFlags {
  definitions: string;
  out: string;
  /** `--no-cache` sets it false. */
  cache?: boolean;
  /** `--quiet`: no summary line, no progress. */
  quiet?: boolean;
}

/** `obsforge build`: validate, compile and replace out/ (see docs/adr/0006-atomic-output.md). */
export async function runBuild(flags: BuildFlags, io: CliIO): Promise<number> {
  const paths = { definitions: flags.definitions, out: flags.out };
  const empty = emptyFlag("build", paths);
  if (empty !== undefined) {
    io.stderr(empty);
    return EXIT.failure;
  }
  const output = commandOutput("build", io, { quiet: flags.quiet === true });
  const paint = output.stderr.paint;
  const options = {
    ...paths,
    cache: cacheOption(flags.cache),
    cwd: io.cwd,
    ...(io.signal !== undefined && { signal: io.signal }),
    ...(io.fs !== undefined && { fs: io.fs }),
    ...(output.onProgress !== undefined && { onProgress: output.onProgress }),
  };
  // The estate record first: when it fits, the model and the targets are never imported.
  const { cachedBuild } = await import("../../pipeline/cached-build.ts");
  const fast = await cachedBuild(options);
  const result =
    "miss" in fast
      ? await (await import("../../pipeline/project.ts")).buildProject({
          ...options,
          cache: fast.cache,
        })
      : fast;
  output.endProgress();
  if (!result.ok) {
    const whole = result.diagnostics.filter(isCommandLevel);
    for (const d of whole) io.stderr(`obsforge build: ${d.message}\n`);
    if (whole.some((d) => d.code === "emit/interrupted") && typeof io.signal?.reason === "string")
      return signalExitCode(io.signal.reason);
    if (whole.length === result.diagnostics.length) return EXIT.failure;
    const errors = printDiagnostics(
      io,
      result.diagnostics.filter((d) => !isCommandLevel(d)),
      { paint },
    );
    io.stderr(
      `${paint.error(`obsforge build: ${errors} error(s); ${shownFolder(flags.out)} left unchanged`)}\n`,
    );
    output.summary({ ok: false });
    return EXIT.failure;
  }
  const { services, artifactCount, warnings } = result.value;
  // Warnings never fail a build; they go to stderr so stdout stays the summary.
  for (const d of warnings.filter(isCommandLevel))
    io.stderr(`${paint.warning("warning:")} obsforge build: ${d.message}\n`);
  printDiagnostics(
    io,
    warnings.filter((d) => !isCommandLevel(d)),
    { checks: true, paint },
  );
  if (!output.quiet) {
    const line = `Built ${artifactCount} artifact(s) from ${services} service(s) into ${shownFolder(flags.out)}`;
    io.stdout(`${output.stdout.paint.ok(line)}\n`);
  }
  output.summary({ ok: true });
  return EXIT.ok;
}
