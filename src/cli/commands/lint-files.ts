import type { ReportFormat } from "../../report/index.ts";
import { type CliIO, EXIT } from "../io.ts";
import { commandOutput } from "../output.ts";
import { printDiagnostics, printSkippedOtherKinds, printSkippedTemplates } from "../report.ts";

export interface LintFilesFlags {
  format: ReportFormat;
  config?: string;
  /** `--quiet`: error findings only, no count line. */
  quiet?: boolean;
}

/**
 * `obsforge lint FILE|DIR...`: lint existing rule files, PrometheusRules,
 * dashboards and SLO specs in place. Findings go to stdout in the chosen
 * format; files that cannot be linted are one line each on stderr, and
 * the files of other kinds a folder holds (promtool tests, manifests,
 * package.json) one line in all. Exit 1 on either an error finding or a
 * file that cannot be linted.
 */
export async function runLintFiles(
  paths: readonly string[],
  flags: LintFilesFlags,
  io: CliIO,
): Promise<number> {
  const [{ lintFiles }, { printFindings }, { CHECKS }] = await Promise.all([
    import("../../pipeline/lint-files.ts"),
    import("../findings.ts"),
    import("../../lint/checks/index.ts"),
  ]);
  const result = await lintFiles({
    paths,
    cwd: io.cwd,
    ...(flags.config !== undefined && { config: flags.config }),
  });
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.failure;
  }
  const { findings, errors, templates, skipped } = result.value;
  const output = commandOutput("lint", io, { quiet: flags.quiet === true });
  printDiagnostics(io, errors, { paint: output.stderr.paint });
  if (!output.quiet) {
    printSkippedTemplates(io, "lint", templates);
    printSkippedOtherKinds(io, "lint", skipped);
  }
  printFindings(io, findings, {
    format: flags.format,
    rules: CHECKS,
    output,
    unlinted: new Set(errors.map((e) => e.file)).size,
  });
  return errors.length > 0 || findings.some((f) => f.severity === "error") ? EXIT.failure : EXIT.ok;
}
