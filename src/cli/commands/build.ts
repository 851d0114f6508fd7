import { EXIT, signalExitCode, type CliIO } from "../io.ts";
import { printDiagnostics } from "../report.ts";
import { cacheOption, emptyFlag, isCommandLevel, shownFolder } from "./outcome.ts";

export interface BuildFlags {
  definitions: string;
  out: string;
  /** `--no-cache` sets it false. */
  cache?: boolean;
}

/** `obsforge build`: validate, compile and replace out/ (see docs/adr/0006-atomic-output.md). */
export async function runBuild(flags: BuildFlags, io: CliIO): Promise<number> {
  const { cache, ...paths } = flags;
  const empty = emptyFlag("build", { ...paths });
  if (empty !== undefined) {
    io.stderr(empty);
    return EXIT.failure;
  }
  const options = {
    ...paths,
    cache: cacheOption(cache),
    cwd: io.cwd,
    ...(io.signal !== undefined && { signal: io.signal }),
    ...(io.fs !== undefined && { fs: io.fs }),
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
  if (!result.ok) {
    const whole = result.diagnostics.filter(isCommandLevel);
    for (const d of whole) io.stderr(`obsforge build: ${d.message}\n`);
    if (whole.some((d) => d.code === "emit/interrupted") && typeof io.signal?.reason === "string")
      return signalExitCode(io.signal.reason);
    if (whole.length === result.diagnostics.length) return EXIT.failure;
    const errors = printDiagnostics(
      io,
      result.diagnostics.filter((d) => !isCommandLevel(d)),
    );
    io.stderr(`obsforge build: ${errors} error(s); ${shownFolder(flags.out)} left unchanged\n`);
    return EXIT.failure;
  }
  const { services, artifactCount, warnings } = result.value;
  // Warnings never fail a build; they go to stderr so stdout stays the summary.
  for (const d of warnings.filter(isCommandLevel))
    io.stderr(`warning: obsforge build: ${d.message}\n`);
  printDiagnostics(
    io,
    warnings.filter((d) => !isCommandLevel(d)),
    { checks: true },
  );
  io.stdout(
    `Built ${artifactCount} artifact(s) from ${services} service(s) into ${shownFolder(flags.out)}\n`,
  );
  return EXIT.ok;
}
