import { EXIT, type CliIO } from "../io.ts";
import { commandOutput } from "../output.ts";
import { printDiagnostics } from "../report.ts";
import { cacheOption, emptyFlag, isCommandLevel, shownFolder } from "./outcome.ts";

export interface CheckFlags {
  definitions: string;
  out: string;
  /** `--no-cache` sets it false. */
  cache?: boolean;
  /** `--quiet`: nothing printed when out/ is fresh, no progress. */
  quiet?: boolean;
}

/** `obsforge check`: is out/ what a build would write now? Never writes. */
export async function runCheck(flags: CheckFlags, io: CliIO): Promise<number> {
  const paths = { definitions: flags.definitions, out: flags.out };
  const empty = emptyFlag("check", { ...paths });
  if (empty !== undefined) {
    io.stderr(empty);
    return EXIT.failure;
  }
  const [{ cachedCheck }, { isFresh }] = await Promise.all([
    import("../../pipeline/cached-build.ts"),
    import("../../emit/compare.ts"),
  ]);
  const output = commandOutput("check", io, { quiet: flags.quiet === true });
  const options = {
    ...paths,
    cache: cacheOption(flags.cache),
    cwd: io.cwd,
    ...(output.onProgress !== undefined && { onProgress: output.onProgress }),
  };
  // The estate record first: when it fits, the model and the targets are never imported.
  const fast = await cachedCheck(options);
  const result =
    "miss" in fast
      ? await (await import("../../pipeline/project.ts")).checkCompiled({
          ...options,
          cache: fast.cache,
        })
      : fast;
  output.endProgress();
  const paint = output.stderr.paint;
  if (!result.ok) {
    for (const d of result.diagnostics.filter(isCommandLevel))
      io.stderr(`obsforge check: ${d.message}\n`);
    printDiagnostics(
      io,
      result.diagnostics.filter((d) => !isCommandLevel(d)),
      { paint },
    );
    output.summary({ ok: false });
    return EXIT.failure;
  }
  printDiagnostics(io, result.warnings, { checks: true, paint });
  const s = result.value;
  const out = shownFolder(flags.out);
  if (isFresh(s)) {
    if (!output.quiet) io.stdout(`${output.stdout.paint.ok(`${out} is fresh`)}\n`);
    output.summary({ ok: true });
    return EXIT.ok;
  }
  if (s.unfinished !== undefined)
    io.stdout(
      `unfinished: ${s.unfinished} (a build was interrupted while replacing ${out}; the next build finishes it)\n`,
    );
  for (const path of s.missing) io.stdout(`missing: ${out}${path}\n`);
  for (const path of s.stale) io.stdout(`stale:   ${out}${path}\n`);
  for (const path of s.extra) io.stdout(`extra:   ${out}${path}\n`);
  for (const path of s.symlinks) io.stdout(`symlink: ${out}${path} (build removes it)\n`);
  for (const path of s.emptyFolders) io.stdout(`empty:   ${out}${path}/ (build removes it)\n`);
  io.stderr(
    `${paint.error(`obsforge check: ${out} is out of date; run \`obsforge build\` and commit the result`)}\n`,
  );
  output.summary({ ok: false });
  return EXIT.failure;
}
